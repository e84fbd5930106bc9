"""Subscriptions in headless Chromium (issue 10 item 6): a user saves a filtered search from the
achievements list, a matching achievement is published, the daily collection and the digest run,
and the new record is in the user's inbox; 我的订阅 manages it (1280 and 390 px screenshots)."""

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_saved_search_brings_the_new_record_to_the_inbox(page, phone_page, make_user, make_org, make_record, operator):
    from django.core import mail
    from django.core.management import call_command

    from catalog.models import Achievement
    from catalog.workflow import transition
    from reference.models import IndustryChain
    from subscriptions.models import Subscription

    hydrogen = IndustryChain.objects.get(slug="hydrogen")
    team = make_org(name="西安某大学氢能团队", kind="university")
    follower = make_user(name="沣西企业工程师", email="eng@firm.example.cn")
    base = page.base_url

    login(page, follower.email)
    page.goto(base + "/achievements/")
    page.fill("#f-q", "电堆")
    page.select_option("#f-chain", "hydrogen")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector(".save-search button")
    screenshot(page, "subscribe-control-desktop")
    page.click(".save-search button")
    page.wait_for_selector("[data-subscribed='1']")  # back on the list: 已订阅此搜索
    sub = Subscription.objects.get(user=follower)
    assert sub.library == "achievements" and "chain=hydrogen" in sub.query

    # An achievement that matches is published; one outside the chain is not told.
    for title, chain in (("长寿命氢燃料电池电堆技术", hydrogen), ("电堆散热风扇", None)):
        record = make_record(Achievement, owner_org=team, status="submitted", title=title)
        if chain:
            record.industry_chains.add(chain)
        transition(record=record, action="approve", by=operator)
    call_command("collect_subscriptions")
    call_command("send_notification_digests")
    assert any("长寿命氢燃料电池电堆技术" in m.body and m.to == [follower.email] for m in mail.outbox)

    page.goto(base + "/notifications/")
    card = page.locator("[data-notification='subscriptions.new_records']")
    assert "长寿命氢燃料电池电堆技术" in card.inner_text() and "散热风扇" not in card.inner_text()
    card.locator("a").first.click()
    page.wait_for_url("**/achievements/*/")
    assert "长寿命氢燃料电池电堆技术" in page.inner_text("main")

    page.goto(base + f"/accounts/organisations/{team.pk}/")
    page.click(".follow-organisation button")
    page.wait_for_selector("text=已关注 · 取消关注")
    screenshot(page, "subscribe-organisation-desktop")

    page.goto(base + "/subscriptions/")
    assert "关键词：电堆" in page.inner_text("main")
    page.select_option("#follow-chain", "photovoltaic")
    page.click(".follow-chain button")
    page.wait_for_selector("[data-subscription='chain']")
    screenshot(page, "subscriptions-mine-desktop")

    login(phone_page, follower.email)
    phone_page.goto(phone_page.base_url + "/achievements/?q=%E7%94%B5%E5%A0%86&chain=hydrogen")
    phone_page.wait_for_selector("[data-subscribed='1']")
    screenshot(phone_page, "subscribe-control-phone")
    phone_page.goto(phone_page.base_url + "/subscriptions/")
    screenshot(phone_page, "subscriptions-mine-phone")
    phone_page.locator("[data-subscription='chain'] button").click()
    phone_page.wait_for_load_state("networkidle")
    assert set(Subscription.objects.filter(user=follower).values_list("kind", flat=True)) == {"search", "organisation"}
