"""White list (criteria as rules, nomination, review, export, portrait mark), risk signals, the
risk-compensation ledger and leverage, funds and investments feeding the fund indicators."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from finance import metrics, risk, services
from finance import whitelist as wl
from finance.tests.conftest import YEAR


@pytest.mark.django_db
def test_criteria_propose_with_reasons_review_and_export(client, hightech, small, operator, qualification, banker):
    from enterprises.services import profile_for

    wl.criteria_update(by=operator, rules_data=[{"fact": "has_high_tech", "op": "is", "value": True}], review_months=12)
    made = wl.propose(by=operator)
    assert [e.organisation for e in made] == [hightech]
    assert made[0].reasons == ["高新技术企业 ✓"]
    assert wl.propose(by=operator) == []  # already proposed: not twice
    entry = wl.review(entry=made[0], by=operator, approve=True)
    assert entry.status == "listed" and entry.next_review_on > timezone.localdate()
    with pytest.raises(ValidationError):
        wl.nominate(organisation=small, by=operator, note="")
    nominated = wl.nominate(organisation=small, by=operator, note="成果转化项目落地")
    assert nominated.source == "nomination" and "高新技术企业 ✗" in nominated.reasons
    with pytest.raises(ValidationError):
        wl.review(entry=nominated, by=operator, approve=False, note="")
    wl.review(entry=nominated, by=operator, approve=False, note="材料不足")
    assert wl.listed_ids() == {hightech.pk}
    with pytest.raises(PermissionDenied):
        wl.propose(by=banker)
    client.force_login(banker)
    export = client.get(reverse("finance:whitelist_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    page = client.get(reverse("finance:whitelist")).content.decode()
    assert hightech.name in page and "按条件筛选企业" not in page  # banks read, operators act
    # The portrait mark: banks and operators only.
    url = reverse("enterprises:portrait", args=[hightech.pk])
    assert "融资白名单企业" in client.get(url).content.decode()
    client.force_login(operator)
    assert "融资白名单企业" in client.get(url).content.decode()
    assert profile_for(hightech)


@pytest.mark.django_db
def test_portrait_marks_hidden_from_public_members_and_leaders(client, hightech, hightech_admin, operator, make_user):
    entry = wl.nominate(organisation=hightech, by=operator, note="提名")
    wl.review(entry=entry, by=operator, approve=True)
    url = reverse("enterprises:portrait", args=[hightech.pk])
    for user in (None, hightech_admin, make_user(roles=["leader"]), make_user(roles=["broker"])):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert "融资白名单" not in response.content.decode() and "风险信号" not in response.content.decode()


@pytest.mark.django_db
def test_periodic_review_flags_firms_no_longer_meeting_criteria(hightech, operator):
    from enterprises.models import Qualification

    wl.criteria_update(by=operator, rules_data=[{"fact": "has_high_tech", "op": "is", "value": True}], review_months=12)
    entry = wl.review(entry=wl.propose(by=operator)[0], by=operator, approve=True)
    Qualification.objects.filter(profile__organisation=hightech).delete()
    later = entry.next_review_on + dt.timedelta(days=1)
    assert wl.periodic_review(today=later) == {"kept": 0, "flagged": 1}
    entry.refresh_from_db()
    assert entry.status == "listed" and "高新技术企业 ✗" in entry.reasons  # never removed silently


@pytest.mark.django_db
def test_risk_signals_explain_themselves(hightech, report, qualification):
    from enterprises.models import Qualification
    from enterprises.services import profile_for

    profile = profile_for(hightech)
    today = timezone.localdate()
    assert risk.signals_for(hightech, today) == []
    Qualification.objects.filter(profile=profile).update(expires_on=today - dt.timedelta(days=3))
    report(profile, year=YEAR - 1, revenue=Decimal("4000"))
    report(profile, year=YEAR - 2, revenue=Decimal("5000"))
    texts = [s.text for s in risk.signals_for(hightech, today)]
    assert any("高新技术企业资质已于" in t for t in texts)
    assert "营业收入连续两年下降：5000.00 → 4000.00 → 3200.00 万元" in texts


@pytest.mark.django_db
def test_overdue_report_signal(make_org):
    from enterprises.services import profile_for

    org = make_org(name="未报年报公司")
    profile_for(org)
    signals = risk.signals_for(org, dt.date(YEAR + 1, 7, 1))
    assert [s.code for s in signals] == ["report_overdue"]
    assert risk.signals_for(org, dt.date(YEAR + 1, 6, 1)) == []


@pytest.fixture
def loan(hightech, hightech_admin, rd_loan, banker, post_need):
    need = post_need(hightech, hightech_admin)
    application = services.application_submit(need=need, product=rd_loan, by=hightech_admin)
    services.application_transition(application=application, by=banker, action="approve", amount="800")
    return application.loan


@pytest.mark.django_db
def test_risk_fund_ledger_and_leverage(loan, operator, banker):
    year = loan.granted_on.year
    with pytest.raises(PermissionDenied):
        risk.entry_add(by=banker, year=year, kind="contribution", amount="1000")
    risk.entry_add(by=operator, year=year, kind="contribution", amount="100", on=loan.granted_on)
    with pytest.raises(ValidationError):  # a payout must name a covered loan
        risk.entry_add(by=operator, year=year, kind="payout", amount="10", loan=loan)
    risk.loan_cover(loan=loan, by=operator)
    with pytest.raises(ValidationError):  # never more than the balance
        risk.entry_add(by=operator, year=year, kind="payout", amount="100.01", loan=loan)
    risk.entry_add(by=operator, year=year, kind="payout", amount="40", loan=loan)
    summary = risk.year_summary(year)
    assert summary["fund"] == Decimal("100") and summary["balance"] == Decimal("60")
    assert summary["leverage"] == Decimal("8.00")  # 800 万元 of covered loans / 100 万元
    start = loan.granted_on.replace(month=1, day=1)
    end = loan.granted_on.replace(month=12, day=31)
    assert metrics.risk_leverage(start, end) == Decimal("8.0000")
    assert metrics.risk_fund(start, end) == Decimal("100.0000")


@pytest.mark.django_db
def test_pledges_must_belong_to_the_borrower(loan, banker, other_banker):
    from patents.models import Patent

    stranger = Patent.objects.create(publication_number="CN999999999A", patent_type="invention", title="他人专利")
    with pytest.raises(PermissionDenied):
        services.pledge_add(loan=loan, by=other_banker, patent=stranger)
    with pytest.raises(ValidationError):
        services.pledge_add(loan=loan, by=banker, patent=stranger)
    own = Patent.objects.create(publication_number="CN888888888A", patent_type="invention", title="电堆专利")
    own.applicant_orgs.add(loan.organisation)
    pledge = services.pledge_add(loan=loan, by=banker, patent=own, value="300")
    assert pledge.kind == "patent" and pledge.value == Decimal("300.00")


@pytest.mark.django_db
def test_funds_and_investments_feed_the_indicators(client, hightech, make_user):
    from finance.models import Fund, Investment

    fund = Fund.objects.create(
        name="春种基金",
        manager="西咸资本",
        size=Decimal("2.39"),
        stage="seed",
        government_guided=True,
        established_on=dt.date(YEAR, 1, 1),
    )
    Investment.objects.create(
        fund=fund, organisation=hightech, amount=Decimal("500"), round="angel", invested_on=dt.date(YEAR, 5, 1)
    )
    Investment.objects.create(
        fund=fund,
        organisation=hightech,
        amount=Decimal("300"),
        round="a",
        invested_on=dt.date(YEAR, 6, 1),
        in_general_window=False,
    )
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    assert metrics.fund_scale(start, end) == Decimal("2.3900")
    assert metrics.fund_scale(start, dt.date(YEAR - 1, 12, 31)) == Decimal("0.0000")
    assert metrics.fund_investment(start, end) == Decimal("0.0500")
    client.force_login(make_user(roles=["leader"]))
    assert "春种基金" in client.get(reverse("finance:funds")).content.decode()
    client.force_login(make_user())
    assert client.get(reverse("finance:funds")).status_code == 403


@pytest.mark.django_db
def test_operator_pages_render(client, operator, loan, rd_loan, banker):
    client.force_login(operator)
    for name, args in (
        ("finance:risk_fund", []),
        ("finance:whitelist", []),
        ("finance:funds", []),
        ("finance:terms", [rd_loan.pk]),
        ("finance:hub", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    response = client.post(reverse("finance:risk_fund"), {"year": "abc", "kind": "contribution", "amount": "1"})
    assert response.status_code == 200  # form error, not a 500
    client.force_login(banker)
    assert client.get(reverse("finance:risk_fund")).status_code == 403
    html = client.get(reverse("finance:terms", args=[rd_loan.pk])).content.decode()
    assert "has_high_tech" in html
    response = client.post(reverse("finance:terms", args=[rd_loan.pk]), {"rules": "not json", "need_types": ["debt"]})
    assert response.status_code == 200 and "不是有效的 JSON" in response.content.decode()


@pytest.mark.django_db
def test_pledge_and_cover_from_the_pages(client, hightech, hightech_admin, rd_loan, banker, operator, post_need):
    from patents.models import Patent

    own = Patent.objects.create(publication_number="CN777777777A", patent_type="invention", title="膜电极专利")
    own.applicant_orgs.add(hightech)
    need = post_need(hightech, hightech_admin, patents=[own.pk])
    application = services.application_submit(need=need, product=rd_loan, by=hightech_admin)
    services.application_transition(application=application, by=banker, action="approve", amount="300")
    client.force_login(banker)
    page = client.get(reverse("finance:application", args=[application.pk])).content.decode()
    assert "CN777777777A" in page and "记录质押" in page
    client.post(reverse("finance:pledge_add", args=[application.pk]), {"target": f"patent:{own.pk}", "value": "120"})
    assert application.loan.pledges.get().patent == own
    client.force_login(hightech_admin)  # the borrower reads the pledge but cannot record one
    assert "记录质押" not in client.get(reverse("finance:application", args=[application.pk])).content.decode()
    assert (
        client.post(reverse("finance:pledge_add", args=[application.pk]), {"target": f"patent:{own.pk}"}).status_code
        == 403
    )
    client.force_login(operator)
    client.post(reverse("finance:risk_fund"), {"cover": str(application.loan.pk)})
    application.loan.refresh_from_db()
    assert application.loan.risk_covered
