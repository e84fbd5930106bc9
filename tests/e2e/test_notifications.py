"""The notification centre in headless Chromium (issue 10): a university team's achievement is
approved → its owner sees the top bar's unread count rise, reads the notice and marks it read."""

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_owner_sees_the_approval_arrive(page, phone_page, make_user, make_org, make_record, operator):
    from catalog.models import Achievement
    from catalog.workflow import transition

    team = make_org(name="西安某大学氢能团队", kind="university")
    owner = make_user(name="周老师", org=team, email="zhou@univ.example.cn")
    achievement = make_record(Achievement, owner_org=team, status="submitted", title="金属双极板精密成形工艺")
    base = page.base_url

    login(page, owner.email)
    page.goto(base + "/")
    bell = page.locator("#notify-bell")
    bell.wait_for()
    assert bell.locator(".badge").count() == 0  # nothing unread yet

    transition(record=achievement, action="approve", by=operator)  # the operator approves it

    page.reload()
    page.wait_for_selector("#notify-bell .badge")
    assert page.locator("#notify-bell .badge").inner_text().strip() == "1"
    screenshot(page, "notifications-bell-desktop")
    page.click("#notify-bell")
    page.wait_for_url("**/notifications/")
    card = page.locator("[data-notification='catalog.approved']")
    assert "金属双极板精密成形工艺" in card.inner_text() and "审核通过" in card.inner_text()
    screenshot(page, "notifications-inbox-desktop")
    card.locator("text=标为已读").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#notify-bell .badge").count() == 0
    page.click("[data-notification='catalog.approved'] a")
    page.wait_for_url("**" + achievement.get_absolute_url())

    # The workbench after login shows the team's record among its published ones.
    page.goto(base + "/workbench/")
    assert page.locator("[data-panel='catalog.mine']").count() == 1
    screenshot(page, "workbench-team-desktop")

    login(phone_page, owner.email)
    phone_page.wait_for_url("**/workbench/")  # login lands on 我的工作台
    screenshot(phone_page, "workbench-team-phone")
    phone_page.goto(phone_page.base_url + "/notifications/")
    assert "金属双极板精密成形工艺" in phone_page.content()
    screenshot(phone_page, "notifications-inbox-phone")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_enterprise_user_asks_to_join_and_is_accepted(page, phone_page, make_user, make_org):
    from accounts.models import Membership

    firm = make_org(name="沣西新能源装备有限公司", kind="enterprise")
    admin = make_user(name="吴总", org=firm, org_role="admin", email="wu@firm.example.cn")
    applicant = make_user(name="郑工", email="zheng@firm.example.cn")

    # The applicant finds the organisation and asks to join.
    login(page, applicant.email)
    page.goto(page.base_url + f"/accounts/organisations/{firm.pk}/")
    page.fill(".join-form input[name=message]", "研发部新同事，负责储能项目")
    page.click(".join-form button")
    page.wait_for_selector("text=加入申请待处理")

    # The admin sees the request in the notices and accepts it (phone width).
    login(phone_page, admin.email)
    phone_page.goto(phone_page.base_url + "/notifications/")
    phone_page.click("[data-notification='accounts.membership_requested'] a")
    phone_page.wait_for_url("**/members/")
    assert "研发部新同事" in phone_page.inner_text("#join-requests")
    screenshot(phone_page, "members-request-phone")
    phone_page.click("#join-requests button[value=accept]")
    phone_page.wait_for_selector(f"[data-member='{applicant.pk}']")
    assert Membership.objects.filter(user=applicant, organisation=firm, role="member").exists()

    # The applicant is told, and the organisation is now theirs.
    page.goto(page.base_url + "/notifications/")
    assert "您已加入“沣西新能源装备有限公司”" in page.inner_text("[data-notification='accounts.membership_decided']")
    page.goto(page.base_url + "/accounts/me/")
    assert "沣西新能源装备有限公司" in page.inner_text("main")
    screenshot(page, "profile-member-desktop")
