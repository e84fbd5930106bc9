"""A leader opens the monitoring dashboard and the wall screen, then exports the PDF report."""

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def leader(transactional_db, make_user):
    _reload_plan_data()
    return make_user(name="领导", roles=["leader"], email="leader@example.cn")


def _reload_plan_data():
    """Transactional tests flush the database, data migrations included: load the plan data again
    (the loaders are idempotent)."""
    import importlib

    from django.apps import apps

    for name in ("0002_plan_indicators_and_targets", "0003_ledger_tasks", "0004_parks"):
        importlib.import_module(f"monitoring.migrations.{name}").load(apps, None)


def test_leader_dashboard_wall_and_pdf_export(page, leader, browser, live_server):
    from monitoring.services import indicators_refresh

    indicators_refresh(trigger="manual")
    login(page, "leader@example.cn")
    page.goto(page.base_url + "/monitoring/?period=month")
    assert page.locator("h1").inner_text() == "秦创原总窗口 指标监测"
    assert page.get_by_text("国家高新技术企业数").first.is_visible()
    assert page.get_by_text("暂无数据").first.is_visible()
    page.wait_for_selector(".spark canvas")  # ECharts drew the trends
    screenshot(page, "monitoring-dashboard")

    with page.expect_download() as download_info:
        page.click("#export-pdf")
    download = download_info.value
    path = download.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert download.suggested_filename.endswith(".pdf")

    wall = browser.new_context(locale="zh-CN", viewport={"width": 1920, "height": 1080})
    wall_page = wall.new_page()
    wall_page.context.add_cookies(page.context.cookies())
    wall_page.goto(page.base_url + "/monitoring/wall/")
    wall_page.wait_for_selector(".trend-chart canvas, .empty")
    # one screen: nothing scrolls at 1920x1080
    assert wall_page.evaluate("document.documentElement.scrollHeight") <= 1080
    wall_page.screenshot(path=str(screenshot(page, "monitoring-dashboard").parent / "monitoring-wall.png"))
    wall.close()


def test_dashboard_on_a_phone(phone_page, leader):
    login(phone_page, "leader@example.cn")
    phone_page.goto(phone_page.base_url + "/monitoring/ledger/")
    assert phone_page.get_by_text("任务台账").first.is_visible()
    assert phone_page.get_by_text("每年组织不少于 30场线下“三项改革”专场路演活动（2024年）").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(phone_page, "monitoring-ledger-phone")
