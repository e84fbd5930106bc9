"""List, detail, home, search and dashboard pages at scale (issue 19): a constant number of
queries whatever the number of records (no N+1), no full COUNT where an exact total is not
needed, no ranking sent back to the database as CASE WHEN."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Achievement, Demand
from core import pagination

pytestmark = pytest.mark.django_db


def _queries(client, url, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries]


@pytest.fixture
def grow(make_record, make_org, enterprise):
    """grow(n): n more published achievements and demands, each with two chains and an owner of
    its own (so that a per-row query on owners or chains would show)."""
    from reference.models import IndustryChain

    chains = list(IndustryChain.objects.all()[:2])

    def do(n):
        for i in range(n):
            org = make_org(name=f"机构{i}-{Achievement.objects.count()}")
            for model in (Achievement, Demand):
                record = make_record(model, owner_org=org, title=f"氢燃料电池电堆{i}", body="低温冷启动")
                record.industry_chains.add(*chains)

    return do


def test_list_pages_ask_a_constant_number_of_queries(client, grow, member):
    from matching.indexing import rebuild

    grow(3)
    urls = [
        (reverse("catalog:list", args=["achievements"]), {}),
        (reverse("catalog:list", args=["achievements"]), {"chain": "hydrogen", "page": "2"}),
        (reverse("catalog:list", args=["demands"]), {"q": "氢燃料电池"}),
        (reverse("catalog:detail", args=["achievements", Achievement.objects.first().pk]), {}),
        (reverse("core:home"), {}),
        (reverse("core:search"), {"q": "氢燃料电池"}),
    ]
    client.force_login(member)
    for kind in ("achievements", "demands"):
        rebuild(kind=kind, with_vectors=False)
    [_queries(client, url, params) for url, params in urls]  # warm the cached totals
    small = [len(_queries(client, url, params)) for url, params in urls]
    grow(25)
    for kind in ("achievements", "demands"):
        rebuild(kind=kind, with_vectors=False)
    large = [len(_queries(client, url, params)) for url, params in urls]
    assert large == small
    # Listing pages stay well under a dozen queries (session, user, memberships included); the
    # site search asks one query per section it shows (seven libraries and the patents).
    assert max(large[:-1]) <= 14, large
    assert large[-1] <= 20, large


def test_keyword_results_are_paginated_without_case_when(client, grow):
    from matching.indexing import rebuild

    grow(30)
    rebuild(kind="demands", with_vectors=False)
    sqls = _queries(client, reverse("catalog:list", args=["demands"]), {"q": "氢燃料电池", "page": "2"})
    assert not any("CASE" in sql.upper() for sql in sqls)
    response = client.get(reverse("catalog:list", args=["demands"]), {"q": "氢燃料电池", "page": "2"})
    page = response.context["page"]
    assert page.paginator.count == 30 and len(page.object_list) == 10
    ranked = list(response.context["result"].queryset)
    assert [r.pk for r in page.object_list] == [r.pk for r in ranked[20:30]]


def test_long_lists_count_at_most_the_cap_and_show_the_cached_total(client, grow, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_ROWS", 40)
    grow(25)  # 25 achievements; the cap of 40 rows is not reached
    url = reverse("catalog:list", args=["achievements"])
    response = client.get(url)
    assert response.context["page"].paginator.count == 25
    assert "共 25 条" in response.content.decode()
    grow(20)  # 45 > 40: capped
    cache.clear()  # the shown total is cached for a minute (records made here send no signal)
    sqls = _queries(client, url, {"page": "2"})
    counts = [sql for sql in sqls if "COUNT(" in sql.upper()]
    # One capped count (with its LIMIT) and one for the cached library total, nothing else.
    assert any("LIMIT 41" in sql for sql in counts)
    response = client.get(url, {"page": "99"})
    paginator = response.context["page"].paginator
    assert paginator.capped and paginator.num_pages == 2 and response.context["page"].number == 2
    html = response.content.decode()
    assert "共 45 条，可翻阅前 40 条" in html
    # A filtered list has no cached total: it says "more than".
    response = client.get(url, {"chain": "hydrogen"})
    assert "超过 40 条" in response.content.decode()
    # The API pages through the same capped count.
    body = client.get("/api/v1/achievements/", {"page": "2"}).json()
    assert body["count"] == 40 and len(body["results"]) == 20
    assert client.get("/api/v1/achievements/", {"page": "3"}).json()["error"]["code"] == "not_found"


def test_home_page_counts_are_cached(client, grow):
    grow(2)
    home = reverse("core:home")
    client.get(home)
    counts = [sql for sql in _queries(client, home) if "COUNT(" in sql.upper()]
    assert counts == []
    assert "2" in client.get(home).content.decode()


def test_publishing_refreshes_the_cached_total(
    client, make_record, enterprise, operator, django_capture_on_commit_callbacks
):
    from catalog import workflow

    record = make_record(Achievement, owner_org=enterprise, status="submitted", title="钙钛矿电池")
    assert client.get(reverse("catalog:list", args=["achievements"])).context["page"].paginator.total == 0
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(record=record, action="approve", by=operator)
    assert client.get(reverse("catalog:list", args=["achievements"])).context["page"].paginator.total == 1


def test_english_list_says_when_it_is_capped(client, grow, monkeypatch):
    monkeypatch.setattr(pagination, "MAX_ROWS", 2)
    grow(3)
    response = client.get(reverse("catalog:list", args=["achievements"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "the first 2 can be paged through" in response.content.decode()


def test_monitoring_dashboard_asks_a_constant_number_of_queries(client, make_user):
    from monitoring.models import Indicator, Observation

    leader = make_user(roles=["leader"])
    client.force_login(leader)
    url = reverse("monitoring:dashboard")
    _queries(client, url)  # the first request after login also slides the session (accounts.security)
    small = len(_queries(client, url))
    today = dt.date.today()
    rows = []
    for indicator in Indicator.objects.all():
        for months in range(12):
            start = (today.replace(day=1) - dt.timedelta(days=31 * (months + 1))).replace(day=1)
            rows.append(
                Observation(
                    indicator=indicator,
                    period_type="month",
                    period_start=start,
                    period_end=start + dt.timedelta(days=27),
                    period_label=f"{start:%Y-%m}",
                    value=months,
                    source=indicator.source,
                )
            )
    Observation.objects.bulk_create(rows, ignore_conflicts=True)
    assert len(_queries(client, url)) == small


def test_my_records_searched_by_keyword_are_ordered_by_date(client, make_record, member, enterprise):
    from matching.indexing import rebuild

    old = make_record(Achievement, owner_org=enterprise, title="氢燃料电池旧成果")
    new = make_record(Achievement, owner_org=enterprise, title="氢燃料电池新成果")
    make_record(Achievement, owner_org=None, title="氢燃料电池他人成果")
    Achievement.objects.filter(pk=old.pk).update(updated_at=new.updated_at.replace(year=2020))
    rebuild(kind="achievements", with_vectors=False)
    client.force_login(member)
    response = client.get(reverse("catalog:mine", args=["achievements"]), {"q": "氢燃料电池"})
    assert [r.pk for r in response.context["page"].object_list] == [new.pk, old.pk]


def test_a_cached_list_count_does_not_tell_visitors_about_members_only_records(client, grow, member):
    """The capped count of a filtered list is cached for a minute; members-only records counted for
    signed-in users must not reach a visitor's count through that cache."""
    grow(3)
    Achievement.objects.filter(pk__in=Achievement.objects.order_by("pk").values("pk")[:2]).update(visibility="members")
    url = reverse("catalog:list", args=["achievements"])
    client.force_login(member)
    assert client.get(url, {"chain": "hydrogen"}).context["page"].paginator.count == 3
    client.logout()
    assert client.get(url, {"chain": "hydrogen"}).context["page"].paginator.count == 1


def test_a_long_ranking_keeps_its_order_and_the_queryset_s_filters(make_record, enterprise):
    from catalog.search import RankedRecords

    published = [make_record(Demand, owner_org=enterprise) for _ in range(60)]
    draft = make_record(Demand, owner_org=enterprise, status="draft")
    ranked = [r.pk for r in reversed(published)]
    # More than 50 ids: on PostgreSQL they go to the database as one array parameter.
    records = RankedRecords(Demand.objects.published(), [ranked[0], draft.pk, *ranked[1:], 10**9])
    assert records.kept_ids == ranked and records.count() == 60
    assert [r.pk for r in records[:3]] == ranked[:3]
    assert [r.pk for r in records.order_by("id")] == sorted(ranked)
