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

    login(phone_page, owner.email)
    phone_page.goto(phone_page.base_url + "/notifications/")
    assert "金属双极板精密成形工艺" in phone_page.content()
    screenshot(phone_page, "notifications-inbox-phone")
