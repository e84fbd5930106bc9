"""咨询/留言 in headless Chromium (issue 10, item 9, third test): a registered visitor consults an
expert from its detail page's action bar, the expert's organisation answers, and the visitor sees
the answer and the unread count rise; screenshots of the bar, the thread and the lists at 1280 and
390 px."""

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_consults_an_expert_and_the_owner_answers(browser, page, phone_page, make_user, make_org, make_record):
    from catalog.models import Expert
    from consultations.models import Thread

    team = make_org(name="西安某大学氢能团队", kind="university")
    owner = make_user(name="周老师", org=team, email="zhou@univ.example.cn")
    visitor = make_user(name="郑工", org=make_org(name="沣西新能源装备有限公司"), email="zheng@firm.example.cn")
    expert = make_record(
        Expert,
        owner_org=team,
        title="周教授（氢燃料电池电堆）",
        fields_of_work="燃料电池 电堆 双极板",
        organisation_name="西安某大学",
        professional_title="教授",
    )

    # The visitor opens the expert, bookmarks it and asks a question from the action bar.
    login(page, visitor.email)
    page.goto(page.base_url + expert.get_absolute_url())
    page.wait_for_selector("#action-bar")
    page.click("#action-bar [data-action='bookmark'] button")
    page.wait_for_selector("#action-bar [data-action='bookmark'] button[aria-pressed='true']")
    screenshot(page, "consult-detail-action-bar-desktop")
    # 复制链接: copied to the clipboard, or (plain http) the link is shown selected to copy by hand.
    page.click("#action-bar [data-action='share']")
    page.wait_for_selector(".js-share-status:not(:empty), .js-share-fallback:not(.d-none)")
    assert expert.get_absolute_url() in page.input_value(".js-share-fallback")
    page.click("#action-bar a[data-action='consult']")
    page.wait_for_url("**/consultations/new/**")
    page.fill("textarea[name=body]", "请问周教授团队能否为我司评估金属双极板的量产工艺？")
    screenshot(page, "consult-new-desktop")
    page.click(".consult-form button[type=submit]")
    page.wait_for_url("**/consultations/*/")
    thread = Thread.objects.get()
    assert "金属双极板" in page.inner_text("#consult-messages")

    # The owner hears of it (phone width), opens it from the notice and answers.
    login(phone_page, owner.email)
    phone_page.goto(phone_page.base_url + "/notifications/")
    phone_page.click("[data-notification='consultations.asked'] a")
    phone_page.wait_for_url("**" + thread.get_absolute_url())
    phone_page.fill("textarea[name=body]", "可以。请下周二来实验室面谈，并带上现有工艺参数。")
    phone_page.click(".reply-form button[type=submit]")
    phone_page.wait_for_selector("[data-from='owner']")
    screenshot(phone_page, "consult-thread-phone")
    phone_page.goto(phone_page.base_url + "/consultations/?side=received")
    screenshot(phone_page, "consult-list-received-phone")
    phone_page.goto(phone_page.base_url + "/workbench/")
    assert phone_page.locator("[data-panel='consultations.mine']").count() == 1
    screenshot(phone_page, "consult-workbench-owner-phone")

    # The visitor sees the unread count rise, then the answer.
    page.goto(page.base_url + "/")
    page.wait_for_selector("#notify-bell .badge")
    assert page.locator("#notify-bell .badge").inner_text().strip() == "1"
    page.goto(page.base_url + "/consultations/")
    assert page.locator("#consult-unread").inner_text().strip() == "1"
    screenshot(page, "consult-list-desktop")
    page.click(f"[data-thread='{thread.pk}'] h3 a")
    page.wait_for_url("**" + thread.get_absolute_url())
    assert "下周二来实验室面谈" in page.inner_text("[data-from='owner']")
    screenshot(page, "consult-thread-desktop")
    page.goto(page.base_url + "/consultations/")
    assert page.locator("#consult-unread").count() == 0  # read now

    page.goto(page.base_url + "/bookmarks/")
    assert "周教授" in page.inner_text("main")
    screenshot(page, "bookmarks-list-desktop")

    # The same pages at 390 px for the visitor (a second phone).
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone_page = context.new_page()
    phone_page.set_default_timeout(15_000)
    phone_page.base_url = page.base_url
    login(phone_page, visitor.email)
    phone_page.goto(phone_page.base_url + expert.get_absolute_url())
    screenshot(phone_page, "consult-detail-action-bar-phone")
    phone_page.goto(phone_page.base_url + f"/consultations/new/?record=catalog.expert:{expert.pk}")
    screenshot(phone_page, "consult-new-phone")
    phone_page.goto(phone_page.base_url + "/consultations/")
    screenshot(phone_page, "consult-list-phone")
    phone_page.goto(phone_page.base_url + "/bookmarks/")
    screenshot(phone_page, "bookmarks-list-phone")
    page.goto(page.base_url + "/consultations/?side=received")
    # Viewing the owner's received list from the visitor's side shows nothing of others.
    assert "周教授" not in page.inner_text("main")
    context.close()
