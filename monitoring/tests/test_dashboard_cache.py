"""The leader dashboard at scale (issue 19): a constant number of queries whatever the number of
observations, its figures cached for every leader alike but changed at once when a figure
changes, and nothing of it reachable through the cache by someone who may not read it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import services
from monitoring.models import Indicator, Observation, PeriodType, Source

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("monitoring:dashboard")


def _reported(indicator: Indicator, years: range) -> None:
    for year in years:
        Observation.objects.create(
            indicator=indicator,
            period_type=PeriodType.YEAR,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            period_label=f"{year}年",
            value=Decimal(year),
            source=Source.REPORTED,
            evidence="统计公报",
        )


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(DASHBOARD, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_asks_a_constant_number_of_queries(client, leader):
    from django.core.cache import cache

    client.force_login(leader)
    reported = list(Indicator.objects.filter(source=Source.REPORTED, is_active=True)[:3])
    for indicator in reported:
        _reported(indicator, range(2000, 2002))
    client.get(DASHBOARD)  # the process's own first-request work (content types, translations)
    cache.clear()
    cold_small = _queries(client)
    warm_small = _queries(client)
    for indicator in reported:
        _reported(indicator, range(2002, 2020))
    cache.clear()
    assert _queries(client) == cold_small
    assert _queries(client) == warm_small
    # Warm: session, user, roles, ledger summary and the last refresh; the figures come from the cache.
    assert warm_small < cold_small and warm_small <= 12, (warm_small, cold_small)


def test_a_changed_figure_shows_at_once(client, leader, operator):
    indicator = Indicator.objects.filter(source=Source.REPORTED, is_active=True).first()
    client.force_login(leader)
    for period in ("year", "month"):
        assert "9,876,543" not in client.get(DASHBOARD, {"period": period}).content.decode()
    services.observation_report(
        indicator=indicator,
        by=operator,
        period_type="year",
        period_start=dt.date(2025, 1, 1),
        value=Decimal("9876543"),
        evidence="新区统计局",
    )
    for period in ("year", "month"):
        assert "9,876,543" in client.get(DASHBOARD, {"period": period}).content.decode()
    Observation.objects.filter(indicator=indicator, value=Decimal("9876543")).delete()
    assert "9,876,543" not in client.get(DASHBOARD).content.decode()


def test_the_cached_dashboard_reaches_no_one_else(client, leader, operator, member, broker):
    indicator = Indicator.objects.filter(source=Source.REPORTED, is_active=True).first()
    _reported(indicator, range(2024, 2025))
    Observation.objects.filter(indicator=indicator).update(value=Decimal("7654321"))
    client.force_login(operator)  # the operator's page, refresh button included, fills the cache
    html = client.get(DASHBOARD).content.decode()
    assert "7,654,321" in html and "立即刷新" in html
    client.force_login(leader)
    html = client.get(DASHBOARD).content.decode()
    assert "7,654,321" in html
    assert "立即刷新" not in html  # the operator's button is not part of the cached fragment
    for who in (member, broker):
        client.force_login(who)
        response = client.get(DASHBOARD)
        assert response.status_code == 403 and "7,654,321" not in response.content.decode()
    client.logout()
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "7,654,321" not in response.content.decode()


def test_expired_figures_are_served_while_one_refresh_runs(client, leader, monkeypatch):
    from monitoring import selectors

    indicator = Indicator.objects.filter(source=Source.REPORTED, is_active=True).first()
    _reported(indicator, range(2024, 2025))
    monkeypatch.setattr(selectors, "ROWS_TTL_S", 0)  # every entry is stale at once (and no card fragment kept)
    refreshes = []
    monkeypatch.setattr(selectors, "refresh_later", refreshes.append)
    client.force_login(leader)
    assert "7,654,321" not in client.get(DASHBOARD).content.decode()  # no entry: computed in the request
    assert refreshes == []
    Observation.objects.filter(indicator=indicator).update(value=Decimal("7654321"))  # no signal: only expiry
    for _request in range(2):
        # Stale: served as they are; one refresh is handed to the background, not two.
        assert "7,654,321" not in client.get(DASHBOARD).content.decode()
    assert len(refreshes) == 1
    refreshes[0]()
    assert "7,654,321" in client.get(DASHBOARD).content.decode()


def test_the_background_refresh_runs_outside_the_request():
    import threading

    from monitoring import selectors

    done = threading.Event()
    seen = []
    selectors.refresh_later(lambda: (seen.append(threading.current_thread().name), done.set()))
    assert done.wait(10)
    assert seen == ["monitoring-rows-refresh"]
