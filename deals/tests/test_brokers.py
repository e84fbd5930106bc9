import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from deals.brokers.selectors import ranking
from deals.brokers.services import broker_register, period_save, worklog_add
from deals.models import BrokerAssignment
from deals.services.contracts import contract_register
from deals.services.deals import broker_assign

pytestmark = pytest.mark.django_db


def test_only_operators_register_brokers_and_set_weights(make_user, buyer):
    with pytest.raises(PermissionDenied):
        broker_register(user=make_user(), by=buyer, level="junior")
    with pytest.raises(PermissionDenied):
        period_save(by=buyer, name="2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))


def test_worklog_rules(broker, make_user, achievement, open_deal, operator):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        worklog_add(broker=broker, by=broker.user, kind="mine", happened_on=today, note="挖掘")  # no achievement
    with pytest.raises(PermissionDenied):
        worklog_add(broker=broker, by=make_user(), kind="follow", happened_on=today, note="冒名")
    deal = open_deal()
    with pytest.raises(ValidationError):
        worklog_add(broker=broker, by=broker.user, kind="land", happened_on=today, note="不是我的对接", deal=deal)
    broker_assign(broker=broker, by=operator, achievement=achievement)
    worklog_add(
        broker=broker, by=broker.user, kind="mine", happened_on=today, note="走访课题组", achievement=achievement
    )
    assignment = BrokerAssignment.objects.get(broker=broker, achievement=achievement)
    assert assignment.first_response_at is not None


def test_performance_and_ranking(broker, make_user, operator, signed_deal, achievement, company):
    other = broker_register(user=make_user(name="经纪人乙"), by=operator, level="junior")
    deal = signed_deal(tech=Decimal("40"))
    broker_assign(broker=broker, by=operator, deal=deal)
    contract_register(contract=deal.contract, registry="610000", by=operator)
    today = timezone.localdate()
    worklog_add(broker=broker, by=broker.user, kind="mine", happened_on=today, note="挖掘", achievement=achievement)
    worklog_add(
        broker=broker, by=broker.user, kind="follow", happened_on=today, note="回访", enterprise=company, deal=deal
    )
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    rows = ranking(start, end)
    top = rows[0]
    assert top.broker == broker and top.rank == 1
    assert (top.deals_landed, top.turnover, top.enterprises, top.achievements) == (1, Decimal("40"), 1, 1)
    assert top.response_hours is not None
    assert rows[1].broker == other and rows[1].score == 0
    # Weights change the score: only achievements mined count.
    period = period_save(
        by=operator,
        name="测试期",
        start=start,
        end=end,
        weight_deals=0,
        weight_turnover=0,
        weight_enterprises=0,
        weight_achievements=1,
        weight_response=0,
    )
    assert ranking(start, end, period.weights())[0].score == 100.0


def test_broker_pages(client, broker, operator):
    response = client.get("/deals/brokers/")
    assert response.status_code == 200 and "经纪人甲" in response.content.decode()
    detail = client.get(f"/deals/brokers/{broker.pk}/").content.decode()
    assert "JJR-001" in detail and "工作记录" in detail
    client.force_login(broker.user)
    assert client.get("/deals/brokers/worklog/new/").status_code == 200
    client.force_login(operator)
    assert client.get("/deals/brokers/periods/new/").status_code == 200
    response = client.post(
        "/deals/brokers/periods/new/",
        {
            "name": "2026年度",
            "start": "2026-01-01",
            "end": "2026-12-31",
            "weight_deals": "3",
            "weight_turnover": "3",
            "weight_enterprises": "2",
            "weight_achievements": "1",
            "weight_response": "1",
        },
    )
    assert response.status_code == 302
    assert client.get("/api/v1/brokers/ranking/").json()["rows"][0]["name"] == "经纪人甲"


def test_worklog_api_private(client, broker, make_user):
    client.force_login(make_user())
    assert client.get(f"/api/v1/brokers/{broker.pk}/worklogs/").status_code == 403
    client.force_login(broker.user)
    response = client.post(
        f"/api/v1/brokers/{broker.pk}/worklogs/",
        {"kind": "follow", "happened_on": str(timezone.localdate()), "note": "电话回访"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
