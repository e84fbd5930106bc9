"""Operators report values for reported indicators; every change keeps the previous value."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit

from ..models import Indicator, Observation, ObservationRevision, PeriodType, Source
from ..periods import Period, period_containing


def _check_operator(by) -> None:
    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以填报指标数据。"))


def _period(period_type: str, period_start: dt.date, period_end: dt.date | None) -> Period:
    if period_type not in PeriodType.values:
        raise ValidationError({"period_type": _("未知的统计周期。")})
    if period_type == PeriodType.CUSTOM:
        if period_end is None or period_end < period_start:
            raise ValidationError({"period_end": _("结束日期不能早于开始日期。")})
        return Period(period_type, period_start, period_end)
    return period_containing(period_type, period_start)


@transaction.atomic
def observation_report(
    *,
    indicator: Indicator,
    by,
    period_type: str,
    period_start: dt.date,
    value: Decimal,
    evidence: str = "",
    evidence_file=None,
    period_end: dt.date | None = None,
    period_label: str = "",
    reason: str = "",
) -> Observation:
    """Enter the value of a reported indicator for a period. If that period already has a value,
    this is a revision: ``reason`` is required and the previous value is kept."""
    from ..selectors import platform_data_since

    _check_operator(by)
    if not (evidence or "").strip() and not evidence_file:
        raise ValidationError({"evidence": _("请填写数据来源或上传佐证材料。")})
    period = _period(period_type, period_start, period_end)
    if indicator.source != Source.REPORTED:
        # A computed indicator takes an official figure only for periods before the platform's records.
        if period.end >= platform_data_since(indicator):
            raise ValidationError({"indicator": _("平台计算指标由系统刷新生成，不能手工填报。")})
        Observation.objects.filter(
            indicator=indicator,
            source=Source.COMPUTED,
            period_type=period.type,
            period_start=period.start,
            period_end=period.end,
        ).delete()  # a computed value from before the platform's records meant "no records"
    existing = (
        Observation.objects.select_for_update()
        .filter(indicator=indicator, period_type=period.type, period_start=period.start, period_end=period.end)
        .first()
    )
    if existing is not None:
        return observation_revise(
            observation=existing, by=by, value=value, evidence=evidence, evidence_file=evidence_file, reason=reason
        )
    observation = Observation(
        indicator=indicator,
        period_type=period.type,
        period_start=period.start,
        period_end=period.end,
        period_label=(period_label or period.label)[:40],
        value=value,
        source=Source.REPORTED,
        evidence=evidence,
        reporter=by,
    )
    if evidence_file:
        observation.evidence_file = evidence_file
    observation.full_clean(exclude=["evidence_file"])
    observation.save()
    audit(
        actor=by,
        action="monitoring.observation.report",
        target=observation,
        data={"indicator": indicator.code, "period": observation.period_label, "value": str(value)},
    )
    return observation


@transaction.atomic
def observation_revise(
    *, observation: Observation, by, value: Decimal, reason: str, evidence: str = "", evidence_file=None
) -> Observation:
    _check_operator(by)
    if observation.source != Source.REPORTED:
        raise ValidationError({"value": _("平台计算值不能手工修改，请重新刷新。")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("修改已填报的数值须说明原因。")})
    ObservationRevision.objects.create(
        observation=observation,
        previous_value=observation.value,
        new_value=value,
        previous_evidence=observation.evidence,
        previous_reporter=observation.reporter,
        reason=reason.strip()[:300],
        changed_by=by,
    )
    previous = observation.value
    observation.value = value
    if (evidence or "").strip():
        observation.evidence = evidence
    if evidence_file:
        observation.evidence_file = evidence_file
    observation.reporter = by
    observation.save()
    audit(
        actor=by,
        action="monitoring.observation.revise",
        target=observation,
        note=reason,
        data={"indicator": observation.indicator.code, "from": str(previous), "to": str(value)},
    )
    return observation
