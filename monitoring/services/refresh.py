"""Store the values of computed indicators as observations, per week, month, quarter and year.

Run by ``manage.py refresh_indicators`` on a schedule and by the operators' button on demand.
A recomputed value that differs from the stored one keeps the old value in a revision.
"""

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from .. import metrics as registry
from ..models import Aggregation, Indicator, Observation, ObservationRevision, PeriodType, RefreshRun, Source
from ..periods import FIRST_PLAN_YEAR, REFRESH_SPAN, Period, recent_periods, year_period

logger = logging.getLogger(__name__)

# Money units the platform's apps may report in, as multiples of one yuan.
_MONEY = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
_PLACES = Decimal("0.0001")


def convert(value, from_unit: str, to_unit: str) -> Decimal:
    value = Decimal(str(value))
    if from_unit != to_unit and from_unit in _MONEY and to_unit in _MONEY:
        value = value * _MONEY[from_unit] / _MONEY[to_unit]
    return value.quantize(_PLACES)


def periods_to_refresh(today: dt.date) -> list[Period]:
    periods: list[Period] = []
    for kind, count in REFRESH_SPAN.items():
        periods += recent_periods(kind, today, count)
    periods += [year_period(year) for year in range(FIRST_PLAN_YEAR, today.year + 1)]
    return periods


@transaction.atomic
def _sync_indicators(by) -> None:
    """Every registered metric gets an indicator row (the plan indicators exist from the migration)."""
    known = set(Indicator.objects.exclude(metric_code="").values_list("metric_code", flat=True))
    for code, metric in registry.metrics().items():
        if code in known or Indicator.objects.filter(code=code).exists():
            continue
        indicator = Indicator.objects.create(
            code=code,
            name=metric.label[:120],
            unit=metric.unit,
            definition=metric.description,
            source=Source.COMPUTED,
            metric_code=code,
            order=500,
            aggregation=Aggregation.STOCK if metric.cumulative else Aggregation.FLOW,
        )
        audit(actor=by, action="monitoring.indicator.create", target=indicator, note=_("由平台指标注册自动创建"))


def _breakdown(metric, start, end) -> dict:
    if not metric.breakdown:
        return {}
    result = {}
    for by in metric.breakdowns:
        rows = metric.breakdown(start, end, by) or {}
        result[by] = {str(k): float(v) for k, v in rows.items()}
    return result


@transaction.atomic
def _refresh_indicator(
    indicator: Indicator, metric, periods: list[Period], today: dt.date, run: RefreshRun, by
) -> None:
    from ..selectors import platform_data_since

    existing = {
        (o.period_type, o.period_start, o.period_end): o
        for o in Observation.objects.select_for_update().filter(indicator=indicator, source=Source.COMPUTED)
    }
    official = set(
        Observation.objects.filter(indicator=indicator, source=Source.REPORTED).values_list(
            "period_type", "period_start", "period_end"
        )
    )
    since = platform_data_since(indicator)
    for period in periods:
        as_of = min(period.end, today)
        if period.start > today:
            continue
        # Before the platform's records a computed 0 would read as a failure; an official figure wins.
        if period.end < since or (period.type, period.start, period.end) in official:
            continue
        value = convert(metric.compute(period.start, as_of), metric.unit, indicator.unit)
        breakdown = _breakdown(metric, period.start, as_of)
        observation = existing.get((period.type, period.start, period.end))
        if observation is None:
            Observation.objects.create(
                indicator=indicator,
                period_type=period.type,
                period_start=period.start,
                period_end=period.end,
                period_label=period.label,
                value=value,
                source=Source.COMPUTED,
                breakdown=breakdown,
                evidence=_("平台计算：%(metric)s") % {"metric": metric.code},
            )
            run.created += 1
            continue
        if observation.value == value and observation.breakdown == breakdown:
            run.unchanged += 1
            continue
        if observation.value != value:
            ObservationRevision.objects.create(
                observation=observation,
                previous_value=observation.value,
                new_value=value,
                previous_evidence=observation.evidence,
                reason=_("平台重新计算"),
                changed_by=by,
            )
            audit(
                actor=by,
                action="monitoring.observation.recompute",
                target=observation,
                data={"indicator": indicator.code, "from": str(observation.value), "to": str(value)},
            )
            run.changed += 1
        else:
            run.unchanged += 1
        observation.value = value
        observation.breakdown = breakdown
        observation.save(update_fields=["value", "breakdown", "updated_at"])


def indicators_refresh(*, by=None, trigger: str = "schedule", today: dt.date | None = None) -> RefreshRun:
    """Recompute every computed indicator whose metric is registered. One indicator failing does
    not stop the others: its problem is recorded on the run."""
    today = today or timezone.localdate()
    run = RefreshRun.objects.create(trigger=trigger, triggered_by=by if getattr(by, "pk", None) else None)
    actor = run.triggered_by
    _sync_indicators(actor)
    periods = periods_to_refresh(today)
    available = registry.metrics()
    for indicator in Indicator.objects.filter(source=Source.COMPUTED, is_active=True):
        metric = available.get(indicator.metric_code)
        if metric is None:
            run.problems.append(
                {
                    "indicator": indicator.code,
                    "problem": _("平台指标 %(code)s 尚未接入") % {"code": indicator.metric_code},
                }
            )
            continue
        if metric.unit != indicator.unit and not (metric.unit in _MONEY and indicator.unit in _MONEY):
            if indicator.targets.exists():
                run.problems.append(
                    {
                        "indicator": indicator.code,
                        "problem": _("单位不一致：指标 %(a)s，平台 %(b)s") % {"a": indicator.unit, "b": metric.unit},
                    }
                )
                continue
            indicator.unit = metric.unit  # a platform-only indicator takes its metric's unit
            indicator.save(update_fields=["unit"])
        aggregation = Aggregation.STOCK if metric.cumulative else Aggregation.FLOW
        if indicator.aggregation != aggregation:  # the metric's owner knows whether it is a stock or a flow
            indicator.aggregation = aggregation
            indicator.save(update_fields=["aggregation"])
        try:
            _refresh_indicator(indicator, metric, periods, today, run, actor)
        except Exception as exc:  # a broken metric of another app must not stop the refresh
            logger.exception("metric %s failed", metric.code)
            run.problems.append({"indicator": indicator.code, "problem": f"{type(exc).__name__}: {exc}"[:300]})
    run.finished_at = timezone.now()
    run.save()
    audit(
        actor=actor,
        action="monitoring.refresh",
        target=run,
        note=trigger,
        data={
            "created": run.created,
            "changed": run.changed,
            "unchanged": run.unchanged,
            "problems": len(run.problems),
        },
    )
    return run


PERIOD_TYPES = [PeriodType.WEEK, PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR]
