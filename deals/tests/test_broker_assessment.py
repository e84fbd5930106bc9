"""Issue 16: broker response time in working hours (Chinese holidays, 调休), co-brokered deals split
by shares, and the ranking visible to brokers, operators and leaders only."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.workdays import working_hours_between
from deals.brokers.selectors import performance_for, ranking
from deals.brokers.services import broker_register
from deals.models import BrokerAssignment
from deals.services.contracts import contract_register
from deals.services.deals import broker_assign

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def test_working_hours_across_the_spring_festival_week():
    # Assigned Friday 13 Feb 2026 16:00; answered Tuesday 24 Feb 10:00. In between: Saturday 14 Feb is
    # an adjusted working day (调休上班, 7 h); 15–23 Feb is the Spring Festival holiday (0 h).
    assigned = dt.datetime(2026, 2, 13, 16, 0, tzinfo=SH)
    answered = dt.datetime(2026, 2, 24, 10, 0, tzinfo=SH)
    assert working_hours_between(assigned, answered) == 1.5 + 7 + 1
    assert (answered - assigned).total_seconds() / 3600 == 258  # the calendar hours it used to count
    # Lunch break and evenings do not count; a reply before assignment counts 0.
    assert (
        working_hours_between(dt.datetime(2026, 3, 2, 11, 0, tzinfo=SH), dt.datetime(2026, 3, 2, 14, 0, tzinfo=SH))
        == 1.5
    )
    assert working_hours_between(answered, assigned) == 0


def test_broker_response_in_working_hours(broker, open_deal, operator):
    deal = open_deal()
    assignment = broker_assign(broker=broker, by=operator, deal=deal)
    BrokerAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=dt.datetime(2026, 2, 13, 16, 0, tzinfo=SH),
        first_response_at=dt.datetime(2026, 2, 24, 10, 0, tzinfo=SH),
    )
    perf = performance_for(broker, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert perf.response_hours == 9.5


def test_co_brokered_deal_split_by_stated_shares(broker, make_user, operator, signed_deal):
    other = broker_register(user=make_user(name="经纪人乙"), by=operator, level="junior")
    third = broker_register(user=make_user(name="经纪人丙"), by=operator, level="junior")
    deal = signed_deal(tech=Decimal("100"), total=Decimal("120"))
    broker_assign(broker=broker, by=operator, deal=deal, share=Decimal("70"), fee=Decimal("3"))
    broker_assign(broker=other, by=operator, deal=deal, share=Decimal("30"))
    with pytest.raises(ValidationError):
        broker_assign(broker=third, by=operator, deal=deal, share=Decimal("10"))  # 110 % in all
    contract_register(contract=deal.contract, registry="610000", by=operator)
    today = dt.date.today()
    year = (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    rows = {r.broker.pk: r for r in ranking(*year)}
    assert rows[broker.pk].turnover == Decimal("70.00") and rows[other.pk].turnover == Decimal("30.00")
    assert rows[broker.pk].deals_landed == 0.7 and rows[other.pk].deals_landed == 0.3
    assert rows[broker.pk].fees == Decimal("3")
    # Without stated shares the deal is split equally, never counted in full twice.
    deal2 = signed_deal(tech=Decimal("50"))
    broker_assign(broker=broker, by=operator, deal=deal2)
    broker_assign(broker=third, by=operator, deal=deal2)
    contract_register(contract=deal2.contract, registry="610000", by=operator)
    rows = {r.broker.pk: r for r in ranking(*year)}
    assert rows[third.pk].turnover == Decimal("25.00") and rows[broker.pk].turnover == Decimal("95.00")
    assert sum(r.turnover for r in rows.values()) == Decimal("150.00")


def test_ranking_visible_to_brokers_operators_and_leaders_only(client, broker, make_user, buyer, operator):
    url = "/deals/brokers/"
    page = client.get(url).content.decode()
    assert 'id="ranking"' not in page and 'id="ranking-hidden"' in page and "经纪人甲" in page
    assert client.get("/api/v1/brokers/ranking/").status_code in (401, 403)
    detail = client.get(f"/deals/brokers/{broker.pk}/").content.decode()
    assert 'id="performance"' not in detail and "performance-hidden" in detail
    client.force_login(buyer)  # a signed-in enterprise user: no ranking either
    assert 'id="ranking"' not in client.get(url).content.decode()
    assert client.get("/api/v1/brokers/ranking/").status_code == 403
    for user in (broker.user, operator, make_user(roles=["leader"])):
        client.force_login(user)
        assert 'id="ranking"' in client.get(url).content.decode()
        assert client.get("/api/v1/brokers/ranking/").status_code == 200
