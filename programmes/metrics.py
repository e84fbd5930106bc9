"""Indicators the monitoring app reads (registered in ProgrammesConfig.ready), from the action
plan's targets (001 行动方案): 揭榜挂帅/赛马制 key projects (三(三)4①, ≥30 a year), roadshows held and
items released (三(一)2②, ≥30 roadshows, ≥200 items), 首发应用场景 selected (三(一)3⑤, ≥5),
concept-verification projects funded (三(二)3①, ≥10), 机会清单 pairings (三(三)3②, ≥60 firms)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from .models import Entry, EntryStatus, Kind, Stage

SELECTED = (EntryStatus.SELECTED, EntryStatus.WINNER, EntryStatus.RACE_ENDED)


def _selected(kind: str, start: dt.date, end: dt.date):
    return Entry.objects.filter(
        call__kind=kind, status__in=SELECTED, call__results_at__date__gte=start, call__results_at__date__lte=end
    )


def challenge_projects(start: dt.date, end: dt.date) -> int:
    """Teams selected (揭榜成功) in challenges whose results were published in the period (项)."""
    return _selected(Kind.CHALLENGE, start, end).count()


def roadshows_held(start: dt.date, end: dt.date) -> int:
    from .selectors import yearly_counts

    return yearly_counts(Kind.ROADSHOW, start, end)


def roadshow_items(start: dt.date, end: dt.date) -> int:
    """Items presented (submitted, not withdrawn) at roadshows held in the period (项)."""
    return (
        Entry.objects.filter(event_date_filter(start, end), call__kind=Kind.ROADSHOW)
        .exclude(status__in=(EntryStatus.DRAFT, EntryStatus.WITHDRAWN))
        .exclude(call__stage__in=(Stage.DRAFT, Stage.CANCELLED))
        .count()
    )


def event_date_filter(start, end):
    from django.db.models import Q

    return Q(call__event_at__date__gte=start, call__event_at__date__lte=end)


def first_use_scenarios(start: dt.date, end: dt.date) -> int:
    return _selected(Kind.SCENARIO_SELECTION, start, end).count()


def funded_projects(start: dt.date, end: dt.date) -> int:
    return _selected(Kind.FUNDING, start, end).count()


def list_pairings(start: dt.date, end: dt.date) -> int:
    from .selectors import pairings

    return pairings(start, end)


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    for code, label, unit, compute, description in [
        (
            "challenge_projects",
            _("揭榜挂帅/赛马制攻关项目"),
            "项",
            challenge_projects,
            _("期间内公布结果的揭榜挂帅榜单中揭榜成功的团队数（赛马制每支入选团队各计一项）。"),
        ),
        ("roadshows_held", _("举办路演场次"), "场", roadshows_held, _("活动时间在期间内、已发布且未取消的路演。")),
        (
            "roadshow_items",
            _("路演发布项目"),
            "项",
            roadshow_items,
            _("期间内举办的路演上展示的成果、产品、团队、场景、金融项目。"),
        ),
        (
            "first_use_scenarios",
            _("首发应用场景入选"),
            "个",
            first_use_scenarios,
            _("期间内公布结果的首发应用场景评选的入选场景。"),
        ),
        (
            "funded_projects",
            _("资助项目（概念验证等）"),
            "项",
            funded_projects,
            _("期间内公布结果的资助征集中获资助的项目。"),
        ),
        (
            "opportunity_pairings",
            _("清单供需对接"),
            "项",
            list_pairings,
            _("机会清单、场景清单的响应被发布方确认对接的数量。"),
        ),
    ]:
        register_metric(Metric(code=code, label=str(label), unit=unit, compute=compute, description=str(description)))
