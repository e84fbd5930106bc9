"""先投后股 pilots (finance.invest_first): the 3–5 a year cap (seed 001 三（一）1③), budget, the
conversion's rules, who may see and act (page and API), audit and notifications."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from finance import invest_first
from finance.models import EquityConversion, InvestFirstPilot

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def programme(operator):
    return invest_first.programme_save(by=operator, year=YEAR, budget="1000")


@pytest.fixture
def firms(make_org):
    return [make_org(name=f"试点企业{i}", kind="enterprise") for i in range(7)]


@pytest.fixture
def leader(make_user):
    return make_user(name="领导", roles=["leader"])


def select(programme, org, by, **kw):
    return invest_first.pilot_select(by=by, programme=programme, organisation=org, project=f"{org.name}项目", **kw)


def test_at_most_five_firms_a_year_with_the_plans_sentence(programme, firms, operator):
    for org in firms[:5]:
        select(programme, org, operator)
    with pytest.raises(ValidationError) as err:
        select(programme, firms[5], operator)
    message = err.value.message_dict["organisation"][0]
    assert "3—5 家" in message and "三（一）1③" in message
    assert InvestFirstPilot.objects.count() == 5
    # A withdrawn selection (before any money) frees its place.
    invest_first.pilot_withdraw(by=operator, pilot=InvestFirstPilot.objects.first(), reason="企业放弃")
    select(programme, firms[5], operator)
    assert invest_first.programme_summary(programme)["selected"] == 5


def test_fewer_than_three_is_short_of_plan_and_low_budget_flagged(operator, firms):
    programme = invest_first.programme_save(by=operator, year=YEAR, budget="800")
    summary = invest_first.programme_summary(programme)
    assert summary["short_of_plan"] and summary["budget_below_plan"]
    for org in firms[:3]:
        select(programme, org, operator)
    assert not invest_first.programme_summary(programme)["short_of_plan"]


def test_selection_rules(programme, firms, operator, make_org, member):
    select(programme, firms[0], operator)
    with pytest.raises(ValidationError, match="已入选"):
        select(programme, firms[0], operator)
    with pytest.raises(ValidationError) as err:
        select(programme, make_org(name="某大学", kind="university"), operator)
    assert "organisation" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        select(programme, firms[1], operator, selected_on=dt.date(YEAR - 1, 6, 1))
    assert "selected_on" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        select(programme, firms[1], member)


def test_invest_within_budget_then_convert(programme, firms, operator, make_user):
    from core.audit import AuditEntry
    from notifications.models import Notification

    staff = make_user(org=firms[0])
    pilot = select(programme, firms[0], operator, selected_on=dt.date(YEAR, 1, 2))
    other = select(programme, firms[1], operator, selected_on=dt.date(YEAR, 1, 2))
    invest_first.pilot_invest(by=operator, pilot=other, amount="700", invested_on=dt.date(YEAR, 1, 3))
    with pytest.raises(ValidationError) as err:  # 700 + 400 > 1000
        invest_first.pilot_invest(by=operator, pilot=pilot, amount="400", invested_on=dt.date(YEAR, 1, 3))
    assert "300.00" in err.value.message_dict["amount"][0]
    with pytest.raises(ValidationError):  # converting before any investment
        invest_first.pilot_convert(
            by=operator, pilot=pilot, converted_on=dt.date(YEAR, 1, 4), equity_percent="5", valuation="6000"
        )
    pilot = invest_first.pilot_invest(by=operator, pilot=pilot, amount="300", invested_on=dt.date(YEAR, 1, 3))
    assert pilot.status == "invested" and invest_first.programme_summary(programme)["remaining"] == Decimal(0)
    for bad in (
        {"converted_on": dt.date(YEAR, 1, 2), "equity_percent": "5", "valuation": "6000"},  # before investment
        {"converted_on": dt.date(YEAR, 1, 4), "equity_percent": "0", "valuation": "6000"},
        {"converted_on": dt.date(YEAR, 1, 4), "equity_percent": "101", "valuation": "6000"},
        {"converted_on": dt.date(YEAR, 1, 4), "equity_percent": "5", "valuation": "-1"},
        {"converted_on": dt.date(YEAR, 1, 4), "equity_percent": "5", "valuation": "6000", "shares": "0"},
        {"converted_on": "2026-02-30", "equity_percent": "5", "valuation": "6000"},
    ):
        with pytest.raises(ValidationError):
            invest_first.pilot_convert(by=operator, pilot=pilot, **bad)
    assert not EquityConversion.objects.exists()
    conversion = invest_first.pilot_convert(
        by=operator, pilot=pilot, converted_on=dt.date(YEAR, 1, 4), equity_percent="5", valuation="6000", shares=500000
    )
    assert conversion.implied_percent == Decimal("5.00")  # 300 / 6000
    assert InvestFirstPilot.objects.get(pk=pilot.pk).status == "converted"
    with pytest.raises(ValidationError):
        invest_first.pilot_withdraw(by=operator, pilot=pilot, reason="不再试点")
    kinds = set(Notification.objects.filter(user=staff).values_list("kind", flat=True))
    assert kinds == {"finance.invest_first_selected", "finance.invest_first_invested", "finance.invest_first_converted"}
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"finance.invest_first_select", "finance.invest_first_invest", "finance.invest_first_convert"} <= actions


def test_contract_must_be_an_invest_first_contract_of_the_firm(programme, firms, operator):
    pilot = select(programme, firms[0], operator)
    with pytest.raises(ValidationError) as err:
        invest_first.pilot_invest(by=operator, pilot=pilot, amount="100", contract=999999)
    assert "contract" in err.value.message_dict
    with pytest.raises(ValidationError):
        invest_first.pilot_invest(by=operator, pilot=pilot, amount="100", contract="abc")
    assert InvestFirstPilot.objects.get(pk=pilot.pk).status == "selected"  # nothing half-written


def test_kinds_registered():
    from notifications.kinds import KINDS

    assert {"finance.invest_first_selected", "finance.invest_first_converted"} <= set(KINDS)


def test_page_operator_acts_leader_reads(client, programme, firms, operator, leader):
    url = reverse("finance:invest_first")
    client.force_login(operator)
    response = client.post(
        url, {"action": "select", "programme": programme.pk, "organisation": firms[0].name, "project": "氢能样机"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "试点企业0" in page and "三（一）1③" in page
    pilot = InvestFirstPilot.objects.get()
    client.post(url, {"action": "invest", "pilot": pilot.pk, "amount": "abc"})
    assert InvestFirstPilot.objects.get().status == "selected"
    response = client.post(url, {"action": "invest", "pilot": pilot.pk, "amount": "abc"}, follow=True)
    assert "请填写数字" in response.content.decode()
    assert client.post(url, {"action": "invest", "pilot": "x", "amount": "200"}).status_code == 404
    client.post(url, {"action": "invest", "pilot": pilot.pk, "amount": "200"})
    assert InvestFirstPilot.objects.get().amount == Decimal("200.00")
    client.force_login(leader)
    assert client.get(url).status_code == 200
    assert 'name="action"' not in client.get(url).content.decode()
    assert client.post(url, {"action": "withdraw", "pilot": pilot.pk, "reason": "x"}).status_code == 403


def test_enterprise_broker_and_anonymous_cannot_see_pilots(client, programme, firms, operator, member, make_user):
    select(programme, firms[0], operator)
    url, api = reverse("finance:invest_first"), reverse("finance-invest-first")
    assert client.get(url).status_code == 302
    assert client.get(api).status_code in (401, 403)
    own = make_user(org=firms[0])  # even the selected firm's staff: the pilot list is the operators'
    broker = make_user(roles=["broker"])
    for user in (member, broker, own):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(api).status_code == 403
        assert client.post(api, {"year": YEAR, "budget": "1"}).status_code == 403
        pilot = InvestFirstPilot.objects.get()
        assert (
            client.post(reverse("finance-invest-first-pilot", args=[pilot.pk, "withdraw"]), {"reason": "x"}).status_code
            == 403
        )


def test_api(client, firms, operator, leader):
    client.force_login(operator)
    created = client.post(reverse("finance-invest-first"), {"year": YEAR, "budget": "1200"})
    assert created.status_code == 201
    pk = created.json()["id"]
    for org in firms[:5]:
        r = client.post(reverse("finance-invest-first-select", args=[pk]), {"organisation": org.pk, "project": "项目"})
        assert r.status_code == 201
    sixth = client.post(
        reverse("finance-invest-first-select", args=[pk]), {"organisation": firms[5].pk, "project": "项目"}
    )
    assert sixth.status_code == 400 and "3—5" in str(sixth.json())
    assert client.post(reverse("finance-invest-first-select", args=[pk]), {"organisation": "x"}).status_code == 400
    assert client.post(reverse("finance-invest-first"), {"year": YEAR, "budget": "1", "fund": "x"}).status_code == 400
    pilot = InvestFirstPilot.objects.first()
    r = client.post(reverse("finance-invest-first-pilot", args=[pilot.pk, "invest"]), {"amount": "200"})
    assert r.status_code == 200 and r.json()["status"] == "invested"
    r = client.post(
        reverse("finance-invest-first-pilot", args=[pilot.pk, "convert"]),
        {"converted_on": timezone.localdate().isoformat(), "equity_percent": "4", "valuation": "5000"},
    )
    assert r.status_code == 200 and r.json()["conversion"]["equity_percent"] == "4.0000"
    bad = client.post(reverse("finance-invest-first-pilot", args=[pilot.pk, "convert"]), {"equity_percent": "x"})
    assert bad.status_code == 400
    client.force_login(leader)
    data = client.get(reverse("finance-invest-first")).json()
    assert data["programmes"][0]["selected"] == 5 and data["programmes"][0]["pilots"][0]["conversion"]
    assert client.post(reverse("finance-invest-first"), {"year": YEAR, "budget": "1"}).status_code == 403
