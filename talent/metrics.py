"""Indicators the monitoring app reads (registered in TalentConfig.ready). They are the
platform-computed companions of the reported official figures 引进高层次人才数 / 引进创新创业人才数
(seed 001 二、三(四)1①②), counted from placements recorded on the platform, and the team count
against the 90-team target (三(四)1④)."""

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

HIGH = Q(category="high_level") | Q(level__in=["A", "B", "C"])


def talents_introduced(start: dt.date, end: dt.date) -> int:
    """Placements (引进/聘用/选派) recorded with a start date in the period, 名."""
    from .models import Placement

    return Placement.objects.filter(started_on__gte=start, started_on__lte=end).count()


def high_level_introduced(start: dt.date, end: dt.date) -> int:
    from .models import Placement

    return Placement.objects.filter(HIGH, started_on__gte=start, started_on__lte=end).count()


def teams(start: dt.date, end: dt.date) -> int:
    """科学家+工程师 teams formed by ``end`` (stock), 支."""
    from .models import Team

    return Team.objects.filter(formed_on__lte=end).count()


def verified_talents(start: dt.date, end: dt.date) -> int:
    from .models import ProfileStatus, TalentProfile

    return TalentProfile.objects.filter(status=ProfileStatus.VERIFIED, verified_at__date__lte=end).count()


def _by_prefecture(queryset_fn):
    def breakdown(start, end, by):
        from django.db.models import Count

        rows = queryset_fn(start, end).values_list("prefecture__name").annotate(n=Count("pk"))
        return {name or "未知": n for name, n in rows}

    return breakdown


def _placements(start, end):
    from .models import Placement

    return Placement.objects.filter(started_on__gte=start, started_on__lte=end)


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    register_metric(
        Metric(
            code="talents_introduced",
            label=str(_("引进人才数（平台记录）")),
            unit="名",
            compute=talents_introduced,
            breakdown=_by_prefecture(_placements),
            breakdowns=("prefecture",),
            description=str(_("期间内在平台登记到岗的人才引进（全职、兼职、柔性引才、科技副总、产业教授）。")),
        )
    )
    register_metric(
        Metric(
            code="high_level_talents_introduced",
            label=str(_("引进高层次人才数（平台记录）")),
            unit="名",
            compute=high_level_introduced,
            breakdown=_by_prefecture(lambda s, e: _placements(s, e).filter(HIGH)),
            breakdowns=("prefecture",),
            description=str(_("期间内登记的引进中，类别为高层次人才或层次为 A–C 类的人数。")),
        )
    )
    register_metric(
        Metric(
            code="sci_eng_teams",
            label=str(_("“科学家+工程师”队伍数")),
            unit="支",
            compute=teams,
            cumulative=True,
            description=str(_("期末已组建、至少含一名科学家和一名工程师的队伍数。")),
        )
    )
    register_metric(
        Metric(
            code="verified_talents",
            label=str(_("核验人才数")),
            unit="名",
            compute=verified_talents,
            cumulative=True,
            description=str(_("期末已通过运营核验的人才档案数。")),
        )
    )
