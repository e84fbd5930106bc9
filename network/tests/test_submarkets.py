"""Sub-markets: a sub-market's operators review the records of their region only; the general
window's operators review all; statistics by sub-market; the joint Xi'an–Xianyang view."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog import workflow
from catalog.access import can_see_confidential
from catalog.models import Achievement, Demand

pytestmark = pytest.mark.django_db


def test_city_submarkets_exist_with_the_joint_pair():
    from network.models import SubMarket

    assert SubMarket.objects.count() == 10
    assert set(SubMarket.objects.filter(joint="xi_xian").values_list("code", flat=True)) == {"xian", "xianyang"}


def test_submarket_operator_approves_own_region(xianyang_op, xianyang_org, pending_demand):
    demand = pending_demand(xianyang_org, "咸阳需求")
    record = workflow.transition(record=demand, action="approve", by=xianyang_op)
    assert record.status == "published"


def test_submarket_operator_cannot_review_another_region(client, xianyang_op, xian_org, pending_demand):
    demand = pending_demand(xian_org, "西安待审需求")
    with pytest.raises(PermissionDenied):
        workflow.transition(record=demand, action="approve", by=xianyang_op)
    client.force_login(xianyang_op)
    # Not in the queue, not openable, not approvable through the page or the API.
    page = client.get(reverse("catalog:review_queue"))
    assert page.status_code == 200 and "西安待审需求" not in page.content.decode()
    assert client.get(demand.get_absolute_url()).status_code == 404
    response = client.post(reverse("catalog:transition", args=["demands", demand.pk]), {"action": "approve"})
    assert response.status_code == 404
    assert client.post(f"/api/v1/demands/{demand.pk}/transition/", {"action": "approve"}).status_code == 404
    assert client.get("/api/v1/demands/?scope=all").json().get("count", 0) == 0 or all(
        r["id"] != demand.pk for r in client.get("/api/v1/demands/?scope=all").json()["results"]
    )
    demand.refresh_from_db()
    assert demand.status == "submitted"
    assert not can_see_confidential(xianyang_op, demand)


def test_submarket_queue_lists_own_region_and_record_region_wins(
    client, xianyang_op, xian_org, xianyang_org, pending_demand
):
    own = pending_demand(xianyang_org, "咸阳企业需求")
    # A Xi'an firm's demand placed in Xianyang belongs to Xianyang (the record's region first).
    placed = pending_demand(xian_org, "落地咸阳的需求", prefecture_id="610400")
    # A Xianyang firm's demand placed in Xi'an is Xi'an's.
    elsewhere = pending_demand(xianyang_org, "落地西安的需求", prefecture_id="610100")
    client.force_login(xianyang_op)
    html = client.get(reverse("catalog:review_queue")).content.decode()
    assert own.title in html and placed.title in html and elsewhere.title not in html
    assert can_see_confidential(xianyang_op, own)
    assert client.get(own.get_absolute_url()).status_code == 200


def test_general_window_operator_sees_and_reviews_all(client, operator, xian_org, baoji_org, pending_demand):
    a = pending_demand(xian_org, "西安需求A")
    b = pending_demand(baoji_org, "宝鸡需求B")
    client.force_login(operator)
    html = client.get(reverse("catalog:review_queue")).content.decode()
    assert a.title in html and b.title in html
    workflow.transition(record=b, action="approve", by=operator)


def test_plain_member_has_no_review_queue(client, member):
    client.force_login(member)
    assert client.get(reverse("catalog:review_queue")).status_code == 403
    assert client.get(reverse("network:review")).status_code == 403


def test_removed_operator_loses_the_region(operator, xianyang_op, xianyang_org, pending_demand):
    from network.models import SubMarket
    from network.services import submarket_operator_set

    market = SubMarket.objects.get(code="xianyang")
    submarket_operator_set(submarket=market, user=xianyang_op, by=operator, add=False)
    demand = pending_demand(xianyang_org, "咸阳需求")
    with pytest.raises(PermissionDenied):
        workflow.transition(record=demand, action="approve", by=xianyang_op)
    with pytest.raises(PermissionDenied):
        submarket_operator_set(submarket=market, user=operator, by=xianyang_op)


def test_statistics_by_submarket_and_pending_only_for_reviewers(
    client, make_record, xianyang_org, xian_org, xianyang_op, member
):
    make_record(Demand, owner_org=xianyang_org)
    make_record(Achievement, owner_org=xianyang_org)
    make_record(Demand, owner_org=xian_org)
    make_record(Demand, owner_org=xian_org, status="submitted")
    from network import selectors

    rows = {r["submarket"].code: r for r in selectors.statistics(user=xianyang_op)}
    assert rows["xianyang"]["published"] == 2 and rows["xianyang"]["libraries"]["demands"] == 1
    assert rows["xian"]["published"] == 1 and rows["xian"]["submitted"] == 1
    assert rows["xianyang"]["show_pending"] and not rows["xian"]["show_pending"]
    client.force_login(member)
    data = {r["code"]: r for r in client.get("/api/v1/network/statistics/").json()}
    assert data["xianyang"]["published"] == 2 and data["xian"]["submitted"] is None
    assert client.get(reverse("network:home")).status_code == 200
    response = client.get(reverse("network:statistics_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_joint_view_shows_both_cities_once_and_not_others(client, make_record, xianyang_org, xian_org, baoji_org):
    a = make_record(Demand, owner_org=xianyang_org, title="咸阳共享需求")
    b = make_record(Demand, owner_org=xian_org, title="西安共享需求")
    c = make_record(Demand, owner_org=baoji_org, title="宝鸡需求")
    draft = make_record(Demand, owner_org=xian_org, title="西安草稿需求", status="draft")
    html = client.get(reverse("network:joint")).content.decode()
    assert a.title in html and b.title in html and c.title not in html and draft.title not in html
    only = client.get(reverse("network:joint") + "?m=xianyang").content.decode()
    assert a.title in only and b.title not in only
    data = client.get("/api/v1/network/joint/?lib=demands").json()
    assert {r["title"]: r["submarket"] for r in data} == {a.title: "xianyang", b.title: "xian"}
    assert Demand.objects.count() == 4  # a view, never a copy
    assert client.get("/api/v1/network/joint/?lib=patents").status_code == 400


def test_joint_view_hides_members_only_records_from_visitors(client, make_record, xian_org, member):
    make_record(Demand, owner_org=xian_org, title="会员可见需求", visibility="members")
    assert "会员可见需求" not in client.get(reverse("network:joint")).content.decode()
    client.force_login(member)
    assert "会员可见需求" in client.get(reverse("network:joint")).content.decode()


def test_published_records_metric_breaks_down_by_submarket(make_record, xianyang_org, xian_org):
    from monitoring.metrics import get_metric

    make_record(Demand, owner_org=xianyang_org)
    make_record(Demand, owner_org=xian_org, budget_max=Decimal("10"))
    metric = get_metric("network_published_records")
    today = dt.date.today()
    assert metric.compute(today.replace(month=1, day=1), today) == 2
    by = metric.breakdown(today.replace(month=1, day=1), today, "submarket")
    assert by["咸阳分市场"] == 1 and by["西安分市场"] == 1


def test_submarket_page(client, make_record, xianyang_org):
    make_record(Demand, owner_org=xianyang_org, title="咸阳页面需求")
    html = client.get(reverse("network:submarket", args=["xianyang"])).content.decode()
    assert "咸阳页面需求" in html
    assert client.get(reverse("network:submarket", args=["nowhere"])).status_code == 404


def test_network_pages_in_english_and_menu_for_submarket_operators(client, xianyang_op):
    from core.nav import nav_for

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("network:home")).content.decode()
    assert "One general window, many sub-markets" in html
    assert "Xi&#x27;an–Xianyang shared libraries" in html or "Xi'an–Xianyang shared libraries" in html
    assert "Typical cases library" in client.get(reverse("network:cases")).content.decode()
    assert any(getattr(item, "url_name", "") == "network:review" for item in nav_for(xianyang_op, place="user"))


def test_review_scope_is_cached_once_and_forgotten_when_a_submarket_changes(xianyang_op, django_assert_num_queries):
    """One mechanism (catalog.access.review_regions) keeps the scope: per request on the user, across
    requests in the shared cache; adding, removing or deactivating a sub-market forgets it."""
    from accounts.models import User
    from catalog.access import review_regions
    from network.models import SubMarket

    market = SubMarket.objects.get(code="xianyang")
    fresh = User.objects.get(pk=xianyang_op.pk)
    assert review_regions(fresh) == {market.region_id}
    again = User.objects.get(pk=xianyang_op.pk)  # a later request: a new user object
    with django_assert_num_queries(0):
        assert review_regions(again) == {market.region_id}
        assert review_regions(again) == {market.region_id}
    market.operators.remove(xianyang_op)  # m2m change
    assert review_regions(User.objects.get(pk=xianyang_op.pk)) == set()
    market.operators.add(xianyang_op)
    assert review_regions(User.objects.get(pk=xianyang_op.pk)) == {market.region_id}
    market.active = False  # a save of the sub-market itself
    market.save(update_fields=["active"])
    assert review_regions(User.objects.get(pk=xianyang_op.pk)) == set()
