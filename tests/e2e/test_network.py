"""The hub's network in headless Chromium (issue 17's Done-when): a Xianyang sub-market operator
approves a Xianyang enterprise's demand (and does not see a Xi'an one) → it shows in the joint
Xi'an–Xianyang library and in the general window's statistics by sub-market; an incubator files
its yearly report → the sub-market operator accepts it → the carriers indicator counts it.
Screenshots at 1280 and 390 px go to test-artifacts/."""

import datetime as dt

import pytest

from tests.e2e.conftest import login, screenshot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_submarket_review_joint_library_statistics_and_carrier_report(
    page, phone_page, make_user, make_org, make_record, operator
):
    from catalog.models import Demand
    from monitoring.models import Observation
    from monitoring.services import indicators_refresh
    from network.models import Carrier, CarrierReport, SubMarket

    xianyang_firm = make_org(name="咸阳示范新材料有限公司", prefecture_id="610400")
    xian_firm = make_org(name="西安示范光电有限公司", prefecture_id="610100")
    sub_op = make_user(name="咸阳分市场审核员", email="xy-op@example.cn")
    SubMarket.objects.get(code="xianyang").operators.add(sub_op)
    make_user(name="总窗口运营", email="hq@example.cn", roles=["operator"])
    make_record(Demand, owner_org=xianyang_firm, status="submitted", title="高强铝合金焊接变形控制")
    make_record(Demand, owner_org=xian_firm, status="submitted", title="激光器散热模组降本")
    inc_org = make_org(name="咸阳示范孵化器运营公司", kind="incubator", prefecture_id="610400")
    make_user(name="孵化器主任", email="inc@example.cn", org=inc_org)
    carrier = Carrier.objects.create(
        name="咸阳示范孵化器",
        kind="incubator",
        level="provincial",
        organisation=inc_org,
        prefecture_id="610400",
        recognised_on=dt.date.today(),
    )
    base = page.base_url

    # 1. The Xianyang operator's queue holds the Xianyang demand only; approve it.
    login(page, "xy-op@example.cn")
    page.goto(base + "/review/")
    assert page.locator("text=激光器散热模组降本").count() == 0
    item = page.locator(".review-item", has_text="高强铝合金焊接变形控制")
    item.locator("button[value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert Demand.objects.get(title="高强铝合金焊接变形控制").status == "published"

    # 2. The joint Xi'an–Xianyang library shows it, homed in the Xianyang sub-market.
    page.goto(base + "/network/joint/")
    card = page.locator("#joint-records .record-card", has_text="高强铝合金焊接变形控制")
    assert card.locator("[data-home=xianyang]").count() == 1
    screenshot(page, "network-joint-1280")
    phone_page.goto(base + "/network/joint/")
    screenshot(phone_page, "network-joint-390")

    # 3. The general window's statistics by sub-market count it; pending shows Xi'an's demand.
    page.context.clear_cookies()
    login(page, "hq@example.cn")
    page.goto(base + "/network/")
    row = page.locator("tr[data-submarket=xianyang]")
    assert row.locator("td[data-lib=demands]").inner_text().strip() == "1"
    assert page.locator("tr[data-submarket=xian] td[data-col=published]").inner_text().strip() == "0"
    screenshot(page, "network-home-1280")
    phone_page.goto(base + "/network/")
    screenshot(phone_page, "network-home-390")

    # 4. The incubator files its yearly report and submits it.
    page.context.clear_cookies()
    login(page, "inc@example.cn")
    page.goto(base + f"/network/carriers/{carrier.pk}/")
    page.fill("#report-form input[name=projects_incubated]", "36")
    page.fill("#report-form input[name=firms_registered]", "12")
    page.fill("#report-form input[name=firms_graduated]", "3")
    page.fill("#report-form input[name=achievements_converted]", "5")
    page.click("#report-form button[name=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#reports [data-status=submitted]").count() == 1
    screenshot(page, "network-carrier-1280")

    # 5. The Xianyang operator accepts it from the network review queue.
    page.context.clear_cookies()
    login(page, "xy-op@example.cn")
    page.goto(base + "/network/review/")
    page.locator(".review-item", has_text="咸阳示范孵化器").locator("button[value=accept]").click()
    page.wait_for_load_state("networkidle")
    assert CarrierReport.objects.get(carrier=carrier).status == "accepted"

    # 6. The carriers indicator counts it.
    indicators_refresh(trigger="manual")
    year = dt.date.today().year
    observation = Observation.objects.filter(
        indicator__metric_code="network_carrier_reports", period_type="year", period_start__year=year
    ).first()
    assert observation is not None and observation.value == 1
    page.context.clear_cookies()
    login(page, "hq@example.cn")
    page.goto(base + "/monitoring/indicators/network_carrier_reports/")
    assert page.locator("text=已审核的载体年度报告").count() >= 1
