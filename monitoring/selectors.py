"""Read side: what the dashboard, the wall screen, the exports and the API show."""

import datetime as dt
import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .models import (
    Aggregation,
    Direction,
    Indicator,
    LedgerTask,
    Observation,
    ParkPlanTarget,
    ParkYear,
    PeriodType,
    RefreshRun,
    Source,
    Target,
)

TREND_POINTS = {PeriodType.WEEK: 13, PeriodType.MONTH: 12, PeriodType.QUARTER: 8, PeriodType.YEAR: 6}


@dataclass
class TargetProgress:
    target: Target
    compared: Observation | None
    percent: Decimal | None  # None: no data to compare
    # The target year lies before the platform's own records and no official figure is entered:
    # shown as "平台无数据", never as a 0% completion.
    before_platform: bool = False
    projected: Decimal | None = None  # value the trend reaches by the end of the target year
    at_risk: bool = False  # the projection falls short of the target

    @property
    def status_text(self) -> str:
        if self.percent is not None:
            return f"{self.percent}%"
        return str(NO_PLATFORM_DATA if self.before_platform else NO_DATA)


NO_DATA = gettext_lazy("暂无数据")
NO_PLATFORM_DATA = gettext_lazy("平台无数据")


def platform_data_since(indicator: Indicator) -> dt.date:
    """The first day of the platform's own records for this indicator: the indicator's own date if
    set; else 1 January of the year of the metric's first record (``date.max`` while the metric has
    none: every period is "平台无数据"); else the setting MONITORING_PLATFORM_DATA_SINCE."""
    from . import metrics as registry

    if indicator.platform_data_since:
        return indicator.platform_data_since
    metric = registry.metrics().get(indicator.metric_code) if indicator.metric_code else None
    if metric is not None and metric.data_since is not None:
        first = metric.data_since()
        return dt.date(first.year, 1, 1) if first else dt.date.max  # no record yet: nothing to compute
    return dt.date.fromisoformat(getattr(settings, "MONITORING_PLATFORM_DATA_SINCE", "2024-01-01"))


def projection(indicator: Indicator, observations: list[Observation], target: Target, today: dt.date):
    """The value the trend reaches by the end of ``target.year`` (None without enough data).

    Flows: the running year's annual value scaled to the full year (a target of this year), or the
    straight line through the last two full years (a later target). Stocks: the straight line from
    the baseline (or the earliest value) through the latest value."""
    if target.year < today.year:
        return None
    annual = sorted((o for o in observations if o.period_type == PeriodType.YEAR), key=lambda o: o.period_end)
    if indicator.aggregation == Aggregation.FLOW:
        if target.year == today.year:
            current = next((o for o in annual if o.period_start.year == today.year), None)
            if current is None:
                return None
            elapsed = (today - current.period_start).days + 1
            return (current.value * Decimal(365) / Decimal(max(elapsed, 1))).quantize(Decimal("0.01"))
        full = [o for o in annual if o.period_end < today]
        if len(full) < 2:
            return None
        a, b = full[-2], full[-1]
        step = b.value - a.value
        return (b.value + step * (target.year - b.period_end.year)).quantize(Decimal("0.01"))
    points = sorted(observations, key=lambda o: o.period_end)
    if not points:
        return None
    latest = points[-1]
    if target.baseline_value is not None and target.baseline_year:
        start_value, start_date = target.baseline_value, dt.date(target.baseline_year, 12, 31)
    else:
        start_value, start_date = points[0].value, points[0].period_end
    span = (latest.period_end - start_date).days
    if span <= 0:
        return None
    rate = (latest.value - start_value) / Decimal(span)
    remaining = (dt.date(target.year, 12, 31) - latest.period_end).days
    return (latest.value + rate * remaining).quantize(Decimal("0.01"))


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: Observation | None
    trend: list[Observation] = field(default_factory=list)
    targets: list[TargetProgress] = field(default_factory=list)

    @property
    def main_target(self) -> TargetProgress | None:
        """The nearest target not yet past, else the latest one."""
        if not self.targets:
            return None
        year = timezone.localdate().year
        upcoming = [t for t in self.targets if t.target.year >= year]
        return upcoming[0] if upcoming else self.targets[-1]

    @property
    def breakdown(self) -> dict:
        return (self.latest.breakdown or {}) if self.latest else {}


def _percent(indicator: Indicator, value: Decimal, target: Decimal) -> Decimal | None:
    if indicator.direction == Direction.DECREASE:
        return (target / value * 100).quantize(Decimal("0.1")) if value else None
    return (value / target * 100).quantize(Decimal("0.1")) if target else None


def _compared(indicator: Indicator, observations: list[Observation], target: Target) -> Observation | None:
    """Stocks compare their latest value; flows compare the annual value of the target year
    (or the latest year before it, possibly still running)."""
    if indicator.aggregation == Aggregation.FLOW:
        annual = [o for o in observations if o.period_type == PeriodType.YEAR and o.period_start.year <= target.year]
        return max(annual, key=lambda o: o.period_end, default=None)
    return max(observations, key=lambda o: (o.period_end, o.updated_at), default=None)


def indicator_rows(*, period_type: str = PeriodType.YEAR, indicators=None) -> list[IndicatorRow]:
    qs = indicators if indicators is not None else Indicator.objects.filter(is_active=True)
    qs = qs.prefetch_related(
        Prefetch("targets", queryset=Target.objects.select_related("plan").order_by("year")),
        Prefetch("observations", queryset=Observation.objects.order_by("period_end")),
    )
    today = timezone.localdate()
    rows = []
    for indicator in qs:
        since = platform_data_since(indicator)
        # Computed values for periods that ended before the platform's records began mean "no
        # records", not "nothing happened": they count nothing. Reported figures always count.
        observations = [
            o
            for o in indicator.observations.all()
            if o.period_start <= today and (o.source != Source.COMPUTED or o.period_end >= since)
        ]
        of_type = [o for o in observations if o.period_type == period_type]
        latest = of_type[-1] if of_type else None
        if latest is None and indicator.source == Source.REPORTED and observations:
            # Reported figures come at their own rhythm (often yearly): show the latest one.
            latest = max(observations, key=lambda o: o.period_end)
        row = IndicatorRow(indicator=indicator, latest=latest, trend=of_type[-TREND_POINTS.get(period_type, 12) :])
        if not row.trend and indicator.source == Source.REPORTED:
            row.trend = observations[-12:]
        for target in indicator.targets.all():
            compared = _compared(indicator, observations, target)
            percent = _percent(indicator, compared.value, target.value) if compared else None
            progress = TargetProgress(target=target, compared=compared, percent=percent)
            progress.before_platform = compared is None and target.year < since.year
            if percent is None or percent < 100:
                progress.projected = projection(indicator, observations, target, today)
                if progress.projected is not None:
                    short = (
                        progress.projected > target.value
                        if indicator.direction == Direction.DECREASE
                        else progress.projected < target.value
                    )
                    progress.at_risk = short
            row.targets.append(progress)
        rows.append(row)
    return rows


ROWS_TTL_S = 120  # how stale the dashboard's figures may be (seconds); every change drops them at once
ROWS_KEEP_S = 24 * 3600  # rows older than this are never served, even while a refresh is under way
ROWS_REFRESH_LOCK_S = 60  # one refresh per period and version at a time (longer than one takes)
_ROWS_VERSION_KEY = "monitoring:indicator_rows:version"
logger = logging.getLogger(__name__)


def rows_version() -> int:
    """The current version of the dashboard's figures (part of every cache key built from them,
    the dashboard's cached card fragment included); a change sets a new one."""
    version = cache.get(_ROWS_VERSION_KEY)
    if version is None:
        cache.add(_ROWS_VERSION_KEY, time.time_ns(), None)
        version = cache.get(_ROWS_VERSION_KEY, 0)
    return version


def cached_indicator_rows(*, period_type: str = PeriodType.YEAR) -> list[IndicatorRow]:
    """``indicator_rows`` for every active indicator, cached (Django's cache: Redis shared by the
    workers in production) and dropped when an indicator, a target, a plan or an observation
    changes (``forget_indicator_rows``: a new version, so the next request computes them). The
    rows are aggregates that every leader sees alike (no per-user part), so one entry per period
    serves them all.

    Rows older than ``ROWS_TTL_S`` seconds (they also depend on the date and on the catalog's
    records, which send no signal here) are still served while one request's background thread
    computes them again (``refresh_later``; a lock in the cache lets one process at a time do it):
    no leader waits for a refill after expiry. Entries go after ``ROWS_KEEP_S`` seconds.

    Issue 19: building the rows reads every observation (about 2,000 in the demo) and cost
    about 60 ms of CPU per dashboard request; each expiry made the next dashboard wait for it."""
    # "swr": entries are (fresh until, rows) since issue 19; older entries (bare rows) are never read.
    key = f"monitoring:indicator_rows:swr:{period_type}:{rows_version()}"
    entry = cache.get(key)
    if entry is None:
        return _refill(key, period_type)
    fresh_until, rows = entry
    if time.time() >= fresh_until and cache.add(f"{key}:refreshing", 1, ROWS_REFRESH_LOCK_S):
        refresh_later(lambda: _refill(key, period_type))
    return rows


def _refill(key: str, period_type: str) -> list[IndicatorRow]:
    rows = indicator_rows(period_type=period_type)
    for row in rows:
        # The rows keep what they show; the prefetched observations would only bloat the entry.
        row.indicator._prefetched_objects_cache = {}
    cache.set(key, (time.time() + ROWS_TTL_S, rows), ROWS_KEEP_S)
    cache.delete(f"{key}:refreshing")
    return rows


def refresh_later(work) -> None:
    """Run ``work()`` in a daemon thread of this process, so that the request that found the rows
    stale does not wait for it; the thread's own database connection is closed when it ends."""

    def run():
        try:
            work()
        except Exception:
            logger.exception("dashboard figures not refreshed")
        finally:
            connections.close_all()  # this thread's connections only (they are per thread)

    threading.Thread(target=run, name="monitoring-rows-refresh", daemon=True).start()


def forget_indicator_rows(sender=None, **kwargs) -> None:
    """Drop the cached dashboard rows (a post_save / post_delete receiver of the models they are
    built from): a new version makes every cached period stale at once."""
    cache.set(_ROWS_VERSION_KEY, time.time_ns(), None)


def last_refresh() -> RefreshRun | None:
    return RefreshRun.objects.filter(finished_at__isnull=False).first()


# Ledger -------------------------------------------------------------------------------------------


def ledger_tasks(*, params=None):
    params = params or {}
    qs = LedgerTask.objects.select_related("plan", "indicator", "closed_by").prefetch_related("progress")
    status = params.get("status") or ""
    today = timezone.localdate()
    if status == "overdue":
        qs = qs.exclude(status=LedgerTask.Status.CLOSED).filter(deadline__lt=today)
    elif status == "due_soon":
        qs = qs.exclude(status=LedgerTask.Status.CLOSED).filter(
            deadline__gte=today, deadline__lte=today + dt.timedelta(days=30)
        )
    elif status in LedgerTask.Status.values:
        qs = qs.filter(status=status)
    department = params.get("department")
    if department == "-":
        qs = qs.filter(owner_department="")
    elif department:
        qs = qs.filter(owner_department=department)
    if params.get("year"):
        try:
            year = int(params["year"])
        except ValueError:
            year = None
        if year:
            qs = qs.filter(Q(year=year) | Q(year__isnull=True))
    if params.get("q"):
        qs = qs.filter(
            Q(title__icontains=params["q"]) | Q(section__icontains=params["q"]) | Q(code__icontains=params["q"])
        )
    return qs


def ledger_summary() -> dict:
    today = timezone.localdate()
    tasks = LedgerTask.objects.all()
    open_ = tasks.exclude(status=LedgerTask.Status.CLOSED)
    return {
        "total": tasks.count(),
        "closed": tasks.filter(status=LedgerTask.Status.CLOSED).count(),
        "in_progress": tasks.filter(status=LedgerTask.Status.IN_PROGRESS).count(),
        "open": tasks.filter(status=LedgerTask.Status.OPEN).count(),
        "overdue": open_.filter(deadline__lt=today).count(),
        "due_soon": open_.filter(deadline__gte=today, deadline__lte=today + dt.timedelta(days=30)).count(),
    }


def ledger_by_department() -> list[dict]:
    today = timezone.localdate()
    groups: dict[str, dict] = defaultdict(lambda: {"total": 0, "closed": 0, "overdue": 0})
    for status, department, deadline in LedgerTask.objects.values_list("status", "owner_department", "deadline"):
        group = groups[department]
        group["total"] += 1
        group["closed"] += status == LedgerTask.Status.CLOSED
        group["overdue"] += status != LedgerTask.Status.CLOSED and deadline < today
    return [{"department": k, **v} for k, v in sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0]))]


def task_indicator_value(task: LedgerTask) -> Observation | None:
    """The platform's own figure for a task linked to an indicator, for the task's year."""
    if not task.indicator_id:
        return None
    qs = Observation.objects.filter(indicator_id=task.indicator_id, period_type=PeriodType.YEAR)
    if task.year:
        return qs.filter(period_start__year=task.year).first()
    return qs.order_by("-period_end").first()


# Parks --------------------------------------------------------------------------------------------

PARK_METRICS = {
    "tax": (gettext_lazy("亩均税收"), gettext_lazy("万元/亩"), False),
    "output": (gettext_lazy("亩均产值"), gettext_lazy("万元/亩"), False),
    "investment": (gettext_lazy("亩均投资"), gettext_lazy("万元/亩"), False),
    "energy": (gettext_lazy("亩均能耗"), gettext_lazy("吨标准煤/亩"), True),  # lower is better
}


@dataclass
class ParkRow:
    park: object
    figures: ParkYear | None
    per_mu: dict
    target: ParkPlanTarget | None
    rank: int | None = None


def park_rows(*, year: int, rank_by: str = "tax") -> list[ParkRow]:
    from reference.models import Park

    rank_by = rank_by if rank_by in PARK_METRICS else "tax"
    figures = {row.park_id: row for row in ParkYear.objects.filter(year=year)}
    targets = {t.park_id: t for t in ParkPlanTarget.objects.all()}
    rows = []
    for park in Park.objects.filter(pk__in=set(targets) | set(figures)).order_by("name"):
        row_fig = figures.get(park.pk)
        per_mu = {}
        for key in PARK_METRICS:
            value = getattr(row_fig, key, None) if row_fig else None
            per_mu[key] = (
                (value / park.land_area_mu).quantize(Decimal("0.01"))
                if value is not None and park.land_area_mu
                else None
            )
        rows.append(ParkRow(park=park, figures=row_fig, per_mu=per_mu, target=targets.get(park.pk)))
    lower_better = PARK_METRICS[rank_by][2]
    ranked = sorted(
        (r for r in rows if r.per_mu[rank_by] is not None), key=lambda r: r.per_mu[rank_by], reverse=not lower_better
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    unranked = [r for r in rows if r.rank is None]
    return ranked + unranked


# Governance ---------------------------------------------------------------------------------------


def unit_rows() -> list[dict]:
    from django.db.models import Count

    from .models import ResponsibleUnit

    today = timezone.localdate()
    units = ResponsibleUnit.objects.filter(is_active=True).annotate(
        people=Count("memberships", distinct=True),
        tasks=Count("led_tasks", distinct=True),
        closed=Count("led_tasks", filter=Q(led_tasks__status=LedgerTask.Status.CLOSED), distinct=True),
        overdue=Count(
            "led_tasks",
            filter=Q(led_tasks__deadline__lt=today)
            & ~Q(led_tasks__status__in=[LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING]),
            distinct=True,
        ),
    )
    return list(units)


def crosstab(*, start: dt.date, end: dt.date, new_city: str = "", chain=None, park=None) -> dict:
    """New city × industry chain of the metrics that offer a cross-tabulation, for a period.
    A park narrows to its new city and its chains (the platform records no park on a contract)."""
    from reference.models import NewCity

    from . import metrics as registry

    city_label = dict(NewCity.choices).get(new_city) if new_city else None
    chain_names = None
    if park is not None:
        city_label = dict(NewCity.choices).get(park.new_city) or city_label
        chain_names = {c.name for c in park.industry_chains.all()}
    if chain is not None:
        chain_names = {chain.name} if chain_names is None else chain_names & {chain.name}
    tables = []
    for code, metric in registry.metrics().items():
        if not metric.crosstab:
            continue
        cells = metric.crosstab(start, end, "new_city", "chain")
        rows = {r: c for r, c in cells.items() if city_label is None or r == str(city_label)}
        cols = sorted({col for c in rows.values() for col in c if chain_names is None or col in chain_names})
        body = [
            {"label": r, "cells": [c.get(col) for col in cols], "total": sum((c.get(col) or 0) for col in cols)}
            for r, c in sorted(rows.items())
        ]
        totals = [sum((row["cells"][i] or 0) for row in body) for i in range(len(cols))]
        tables.append(
            {
                "code": code,
                "label": metric.label,
                "unit": metric.unit,
                "cols": cols,
                "rows": body,
                "totals": totals,
                "grand": sum(totals),
            }
        )
    return {"tables": tables, "city": city_label, "chains": sorted(chain_names) if chain_names is not None else None}
