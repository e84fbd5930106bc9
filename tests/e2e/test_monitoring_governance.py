"""Issue 21's walk: an operator assigns a ledger task to a unit → its person is reminded → the
monthly dispatch agenda lists it as overdue → it is closed with evidence by one person and
confirmed by a second → the unit's quarterly scorecard counts it."""

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _reload_plan_data():
    import importlib

    from django.apps import apps

    for name in (
        "monitoring.migrations.0002_plan_indicators_and_targets",
        "monitoring.migrations.0003_ledger_tasks",
        "monitoring.migrations.0004_parks",
        "monitoring.migrations.0006_responsible_units",
    ):
        importlib.import_module(name).load(apps, None)


@pytest.fixture
def people(transactional_db, make_user):
    from monitoring.models import ResponsibleUnit, UnitMember

    _reload_plan_data()
    op1 = make_user(name="运营甲", roles=["operator"], email="op1@example.cn")
    op2 = make_user(name="运营乙", roles=["operator"], email="op2@example.cn")
    contact = make_user(name="科创局联络员", roles=["reviewer"], email="contact@example.cn")
    UnitMember.objects.create(unit=ResponsibleUnit.objects.get(code="kjcx"), user=contact, title="联络员")
    return op1, op2, contact


def _as(browser, page, email):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(15_000)
    other.base_url = page.base_url
    login(other, email)
    return other


def test_assign_remind_dispatch_close_confirm_score(page, browser, people):
    from monitoring.models import LedgerTask

    op1, op2, contact = people
    task = LedgerTask.objects.get(code="A04-2024")  # due 2024-12-31, never closed
    login(page, "op1@example.cn")
    page.goto(f"{page.base_url}/monitoring/ledger/{task.pk}/")
    page.select_option("#unit-form select[name=lead_unit]", label="科技创新和新经济局")
    page.select_option("#unit-form select[name=assignee]", label="科创局联络员")
    page.click("#unit-form button[type=submit]")
    assert "科技创新和新经济局" in page.locator("#lead-unit").inner_text()
    screenshot(page, "governance-task-assigned")

    person = _as(browser, page, "contact@example.cn")
    person.goto(person.base_url + "/notifications/")
    assert person.get_by_text("台账任务已交办：A04-2024").first.is_visible()

    page.goto(page.base_url + "/monitoring/rhythm/")
    page.click("#start-monthly")
    assert "A04-2024" in page.locator("#agenda-overdue").inner_text()
    screenshot(page, "governance-dispatch")

    # One person enters progress with evidence, the unit's contact proposes the close-out ...
    page.goto(f"{page.base_url}/monitoring/ledger/{task.pk}/")
    progress = page.locator("form[action$='/progress/']")
    progress.locator("input[name=date]").fill("2024-12-20")
    progress.locator("textarea[name=note]").fill("全年组织路演 31 场")
    progress.locator("input[name=amount]").fill("31")
    progress.locator("textarea[name=evidence]").fill("活动通知与签到表")
    progress.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("全年组织路演 31 场").first.is_visible()
    person.goto(f"{person.base_url}/monitoring/ledger/{task.pk}/")
    person.locator("form[action$='/close/'] textarea[name=note]").fill("31 场，达标")
    person.click("#propose-close")
    assert person.locator("#task-status").inner_text() == "待复核销号"
    # ... and a second person confirms it.
    second = _as(browser, page, "op2@example.cn")
    second.goto(f"{second.base_url}/monitoring/ledger/{task.pk}/")
    second.click("#confirm-close")
    assert second.locator("#task-status").inner_text() == "已销号"

    page.goto(page.base_url + "/monitoring/rhythm/")
    page.click("#start-quarterly")
    row = page.locator("#scores tr[data-unit=kjcx]")
    assert row.locator(".closed-count").inner_text() == "1"
    screenshot(page, "governance-quarterly-scorecard")
    for other in (person, second):
        other.context.close()


def test_per_mu_page_on_a_phone(phone_page, people):
    from io import StringIO

    from monitoring.demo import load

    op1, _op2, _contact = people
    load({"operator": op1, "logins": []}, StringIO())
    login(phone_page, "op1@example.cn")
    phone_page.goto(phone_page.base_url + "/monitoring/per-mu/?year=2025")
    assert phone_page.get_by_text("差别化配置清单").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    screenshot(phone_page, "governance-per-mu-phone")


def test_leader_reads_analysis_and_per_mu(page, people, make_user):
    from io import StringIO

    from monitoring.demo import load

    op1, _op2, _contact = people
    load({"operator": op1, "logins": []}, StringIO())
    make_user(name="领导", roles=["leader"], email="leader@example.cn")
    login(page, "leader@example.cn")
    page.goto(page.base_url + "/monitoring/analysis/?new_city=fengxi")
    assert page.get_by_text("新城 × 产业链 交叉分析").is_visible()
    screenshot(page, "governance-analysis")
    page.goto(page.base_url + "/monitoring/per-mu/?year=2025")
    assert page.locator("#per-mu tbody tr").count() == 4
    screenshot(page, "governance-per-mu")
    page.goto(page.base_url + "/monitoring/?period=year")
    assert page.get_by_text("平台无数据").first.is_visible()
    screenshot(page, "governance-dashboard")
