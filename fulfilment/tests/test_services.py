"""Terms and rules through the operator's form (validated, versioned), 免申即享 with the two-person
rule, 即申即享 and 申报审核 through the workflow, the ledger, statistics, export and the 80 % metric."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from fulfilment import ledger, services
from fulfilment.models import Application, AutoRun, ClauseTerms, Grant, RuleVersion

from .conftest import notifications


def _form(**overrides):
    data = {
        "t-benefit_type": "subsidy", "t-share": "10", "t-base_fact": "rd_expenditure", "t-cap": "50", "t-mode": "auto",
        "t-department": "科技创新局", "t-funding": "new_area", "t-source_text": "对高新技术企业研发投入给予奖补。",
        "t-is_active": "on", "r-combine": "all", "r-advanced": "", "r-note": "首版",
        "c-TOTAL_FORMS": "3", "c-INITIAL_FORMS": "0", "c-MIN_NUM_FORMS": "0", "c-MAX_NUM_FORMS": "30",
        "c-0-fact": "has_high_tech", "c-0-op": "is", "c-0-value": "是",
        "c-1-fact": "rd_ratio", "c-1-op": ">=", "c-1-value": "3",
        "c-2-fact": "new_city", "c-2-op": "in", "c-2-value": "泾河新城", "c-2-negate": "on",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_operator_writes_rule_through_form_versioned(client, operator, clause, member):
    url = f"/fulfilment/clauses/{clause.pk}/edit/"
    client.force_login(member)
    assert client.post(url, _form()).status_code == 403
    assert not ClauseTerms.objects.exists()
    client.force_login(operator)
    assert client.get(url).status_code == 200
    response = client.post(url, _form())
    assert response.status_code == 302
    terms = ClauseTerms.objects.get(clause=clause)
    assert terms.rule.version == 1
    assert terms.rule.conditions == {
        "all": [
            {"fact": "has_high_tech", "op": "is", "value": True},
            {"fact": "rd_ratio", "op": ">=", "value": 3},
            {"not": {"fact": "new_city", "op": "in", "value": ["jinghe"]}},
        ]
    }
    client.post(url, _form(**{"c-1-value": "4", "r-note": "提高门槛"}))
    assert list(terms.rules.values_list("version", flat=True)) == [2, 1]
    client.post(url, _form(**{"c-1-value": "4"}))  # unchanged rule: no new version
    assert terms.rules.count() == 2
    page = client.get(f"/fulfilment/clauses/{clause.pk}/").content.decode()
    assert "研发费用占营业收入比例 ≥ 4 %" in page and "v2" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"c-1-value": "三"}, "取值必须是数字"),
        ({"r-advanced": '{"all": [{"fact": "x", "op": ">=", "value": 1}]}'}, "第 1 个条件的指标无效"),
        ({"r-advanced": "{not json"}, "不是有效的 JSON"),
        ({"t-base_fact": ""}, "按比例计算须选择计算基数"),
    ],
)
def test_bad_rule_is_refused_with_a_clear_message_and_nothing_written(client, operator, clause, overrides, message):
    client.force_login(operator)
    response = client.post(f"/fulfilment/clauses/{clause.pk}/edit/", _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RuleVersion.objects.exists()
    if "r-advanced" in overrides or "c-1-value" in overrides:
        assert not ClauseTerms.objects.exists() or not RuleVersion.objects.exists()


def test_auto_run_two_person_rule_and_notifications(terms, firms, operator, reviewer, make_user):
    yes_member = make_user(org=firms["yes"].organisation)
    other_member = make_user(org=firms["almost"].organisation)
    run = services.auto_run_propose(terms=terms, by=operator, year=2025)
    (item,) = run.items.all()
    assert item.organisation == firms["yes"].organisation and item.amount == Decimal("30.00")
    assert any(r == "研发费用占营业收入比例 ≥ 3 %（实际：6 %）：满足" for r in item.reasons)
    with pytest.raises(PermissionDenied):
        services.auto_run_decide(run=run, by=operator, approve=True)  # the proposer may not approve
    assert not Grant.objects.exists()
    with pytest.raises(PermissionDenied):
        services.auto_run_decide(run=run, by=yes_member, approve=True)
    services.auto_run_decide(run=run, by=reviewer, approve=True)
    grant = Grant.objects.get()
    assert (grant.organisation, grant.mode, grant.amount, grant.run) == (
        item.organisation,
        "auto",
        Decimal("30.00"),
        run,
    )
    assert notifications(yes_member, "fulfilment.granted").count() == 1
    assert not notifications(other_member).exists() and not notifications(operator).exists()
    with pytest.raises(ValidationError):
        services.auto_run_decide(run=run, by=reviewer, approve=True)
    again = services.auto_run_propose(terms=terms, by=operator, year=2025)
    assert not again.items.exists()  # granted already: not proposed twice
    with pytest.raises(ValidationError):
        services.auto_run_decide(run=again, by=reviewer, approve=False)  # a return needs a reason
    services.auto_run_decide(run=again, by=reviewer, approve=False, note="名单为空")
    assert AutoRun.objects.get(pk=again.pk).status == "rejected"


def test_proposer_cannot_approve_through_the_page(client, terms, firms, operator, reviewer):
    run = services.auto_run_propose(terms=terms, by=operator, year=2025)
    client.force_login(operator)
    page = client.get(f"/fulfilment/runs/{run.pk}/").content.decode()
    assert "复核通过" not in page
    client.post(f"/fulfilment/runs/{run.pk}/decide/", {"approve": "1"})
    assert not Grant.objects.exists()
    client.force_login(reviewer)
    client.post(f"/fulfilment/runs/{run.pk}/decide/", {"approve": "1"})
    assert Grant.objects.count() == 1


def test_instant_application_granted_at_once_when_met(clause, terms_factory, firms, make_user, operator):
    terms = terms_factory(clause, mode="instant")
    yes_member = make_user(org=firms["yes"].organisation)
    application = services.application_create(
        terms=terms, organisation=firms["yes"].organisation, by=yes_member, year=2025
    )
    assert application.status == "approved" and application.rule_met
    assert application.grant.mode == "instant" and application.grant.amount == Decimal("30.00")
    assert notifications(yes_member, "fulfilment.granted").exists()
    with pytest.raises(ValidationError):
        services.application_create(terms=terms, organisation=firms["yes"].organisation, by=yes_member, year=2025)
    almost_member = make_user(org=firms["almost"].organisation)
    pending = services.application_create(
        terms=terms, organisation=firms["almost"].organisation, by=almost_member, year=2025
    )
    assert pending.status == "submitted" and not pending.rule_met
    assert notifications(operator, "fulfilment.application").exists()
    assert "研发费用占营业收入比例 ≥ 3 %（实际：2.1 %）：不满足" in pending.facts["reasons"]


def test_review_workflow_return_resubmit_approve_refuse(clause, terms_factory, firms, make_user, operator):
    terms = terms_factory(clause, mode="review")
    member = make_user(org=firms["no"].organisation)
    application = services.application_create(terms=terms, organisation=firms["no"].organisation, by=member, year=2025)
    assert application.status == "submitted"
    with pytest.raises(PermissionDenied):
        services.application_act(application=application, by=member, action="approve")
    with pytest.raises(ValidationError):
        services.application_act(application=application, by=operator, action="return")  # reason required
    services.application_act(application=application, by=operator, action="return", reason="请补充研发费用专项审计报告")
    assert notifications(member, "fulfilment.application_return").get().body == "请补充研发费用专项审计报告"
    services.application_act(application=application, by=member, action="resubmit")
    services.application_act(application=application, by=operator, action="approve")
    application.refresh_from_db()
    assert application.status == "approved" and application.grant.mode == "review"
    assert [e.action for e in application.events.all()] == ["submit", "return", "resubmit", "approve"]
    other = services.application_create(
        terms=terms,
        organisation=firms["almost"].organisation,
        by=make_user(org=firms["almost"].organisation),
        year=2025,
    )
    services.application_act(application=other, by=operator, action="refuse", reason="不符合条件")
    with pytest.raises(ValidationError):
        services.application_act(application=other, by=operator, action="approve")  # refused is final
    assert Grant.objects.count() == 1


def test_auto_clause_needs_no_application_and_window_is_checked(clause, terms_factory, firms, make_user):
    import datetime as dt

    terms = terms_factory(clause, mode="auto")
    member = make_user(org=firms["yes"].organisation)
    with pytest.raises(ValidationError, match="无需申请"):
        services.application_create(terms=terms, organisation=firms["yes"].organisation, by=member, year=2025)
    terms.mode, terms.apply_to = "review", dt.date(2020, 1, 1)
    terms.save()
    with pytest.raises(ValidationError, match="不在申报期内"):
        services.application_create(terms=terms, organisation=firms["yes"].organisation, by=member, year=2025)
    assert not Application.objects.exists()


def test_grant_recorded_once(terms, firms, operator):
    kwargs = dict(
        terms=terms, organisation=firms["yes"].organisation, year=2025, amount=Decimal(1), mode="auto", rule=None,
        reasons=[], by=operator, eligible_on=__import__("datetime").date(2026, 1, 1),
    )  # fmt: skip
    services.grant_record(**kwargs)
    with pytest.raises(ValidationError, match="不能重复兑现"):
        services.grant_record(**kwargs)
    assert Grant.objects.count() == 1


def test_ledger_statistics_share_export_and_metric(client, clause, terms_factory, firms, operator, reviewer, make_user):
    from monitoring.metrics import get_metric
    from monitoring.models import Indicator, LedgerTask

    auto = terms_factory(clause)
    run = services.auto_run_propose(terms=auto, by=operator, year=2025)
    services.auto_run_decide(run=run, by=reviewer, approve=True)
    from catalog.models import PolicyClause

    review_clause = PolicyClause.objects.create(
        policy=clause.policy, order=2, title="申报类条款", benefit="…", subject_kind="enterprise"
    )
    review = terms_factory(
        review_clause, mode="review", rule=None, benefit_type="award", share=None, base_fact="", amount=Decimal(5)
    )
    member = make_user(org=firms["no"].organisation)
    application = services.application_create(terms=review, organisation=firms["no"].organisation, by=member, year=2025)
    services.application_act(application=application, by=operator, action="approve")
    assert ledger.instant_share() == Decimal("50.0")
    assert get_metric("fulfilment_instant_share").compute(None, None) == Decimal("50.0")
    indicator = Indicator.objects.get(code="policy_instant_share")
    assert indicator.metric_code == "fulfilment_instant_share" and indicator.targets.get().value == 80
    assert LedgerTask.objects.get(code="A88").indicator == indicator
    by_mode = {row["label"]: row for row in ledger.statistics(Grant.objects.all(), "mode")}
    assert by_mode["免申即享"]["amount"] == Decimal("30.00") and by_mode["申报审核"]["count"] == 1
    client.force_login(operator)
    page = client.get("/fulfilment/grants/?by=department").content.decode()
    assert "50.0%" in page and "科技创新局" in page
    response = client.get("/fulfilment/grants/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "政策" and len(rows) == 3
    assert {r[3] for r in rows[1:]} == {firms["yes"].organisation.name, firms["no"].organisation.name}
    evaluation_page = client.get(f"/fulfilment/clauses/{clause.pk}/?year=2025").content.decode()
    assert "符合条件企业" in evaluation_page


def test_clause_evaluation_counts(terms, firms, operator, reviewer):
    stats = ledger.clause_evaluation(terms, 2025)
    assert (stats["eligible"], stats["grants"], stats["eligible_not_reached"]) == (1, 0, 1)
    run = services.auto_run_propose(terms=terms, by=operator, year=2025)
    services.auto_run_decide(run=run, by=reviewer, approve=True)
    stats = ledger.clause_evaluation(terms, 2025)
    assert (stats["eligible"], stats["grants"], stats["eligible_not_reached"], stats["avg_days"]) == (1, 1, 0, 0)


def test_reminders_for_returned_and_waiting(clause, terms_factory, firms, make_user, operator):
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    terms = terms_factory(clause, mode="review", apply_to=today + dt.timedelta(days=5))
    member = make_user(org=firms["no"].organisation)
    application = services.application_create(terms=terms, organisation=firms["no"].organisation, by=member, year=2025)
    assert services.reminders(day=today + dt.timedelta(days=14)) == {"returned": 0, "waiting": 1}
    assert notifications(operator, "fulfilment.reminder_waiting").count() == 1
    services.application_act(application=application, by=operator, action="return", reason="补充材料")
    assert services.reminders(day=today) == {"returned": 1, "waiting": 0}
    assert notifications(member, "fulfilment.reminder_returned").count() == 1
    assert services.reminders(day=today + dt.timedelta(days=6)) == {"returned": 0, "waiting": 0}  # window closed


# Dates of moments are read in Asia/Shanghai (TIME_ZONE). Between 16:00 and 24:00 UTC the UTC date is
# a day behind; these tests pin such a moment so that they fail at any hour if a date is read in UTC.
EVENING_UTC = dt.datetime(2026, 11, 1, 17, 0, tzinfo=dt.UTC)  # 2026-11-02 01:00 in Shanghai


def test_eligibility_date_is_the_local_date_of_the_proposal(terms, firms, operator, reviewer):
    run = services.auto_run_propose(terms=terms, by=operator, year=2025)
    AutoRun.objects.filter(pk=run.pk).update(proposed_at=EVENING_UTC)
    run.refresh_from_db()
    services.auto_run_decide(run=run, by=reviewer, approve=True)
    assert Grant.objects.get(run=run).eligible_on == dt.date(2026, 11, 2)


def test_waiting_days_count_from_the_local_date(clause, terms_factory, firms, make_user, operator):
    terms = terms_factory(clause, mode="review", apply_to=timezone.localdate() + dt.timedelta(days=5))
    member = make_user(org=firms["no"].organisation)
    application = services.application_create(terms=terms, organisation=firms["no"].organisation, by=member, year=2025)
    Application.objects.filter(pk=application.pk).update(updated_at=EVENING_UTC)
    assert services.reminders(day=dt.date(2026, 11, 16)) == {"returned": 0, "waiting": 1}  # 14 days after 11-02
