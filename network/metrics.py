"""Indicators the monitoring app reads (registered in NetworkConfig.ready). Plan targets they
answer: 001 三(七)2② (每年新增市级及以上孵化载体 10家以上; 孵化器 3、加速器 2、腾飞器 1 个以上),
三(一)4④ (孵化项目), 三(一)1④ (每年不少于 5项典型案例), 三(六)3② (飞地、回迁)."""

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

INCUBATION_KINDS = ("incubator", "accelerator", "tengfei", "enclave")


def _new_carriers_qs(start, end):
    from .models import Carrier

    return Carrier.objects.filter(
        kind__in=INCUBATION_KINDS,
        recognised_on__gte=start,
        recognised_on__lte=end,
        level__in=("national", "provincial", "municipal"),
    )


def new_carriers(start: dt.date, end: dt.date) -> int:
    return _new_carriers_qs(start, end).count()


def new_carriers_breakdown(start, end, by):
    from .models import Carrier, Level

    labels = dict(Carrier.Kind.choices) if by == "kind" else dict(Level.choices)
    rows = _new_carriers_qs(start, end).values_list(by).annotate(n=Count("id"))
    return {str(labels.get(k, k)): n for k, n in rows}


def carriers(start: dt.date, end: dt.date) -> int:
    from . import selectors

    return sum(selectors.carrier_counts(end).values())


def carriers_breakdown(start, end, by):
    from . import selectors

    return selectors.carrier_counts(end, by=by)


def reports_accepted(start: dt.date, end: dt.date) -> int:
    from . import selectors

    return selectors.accepted_reports(start, end).count()


def reports_breakdown(start, end, by):
    from . import selectors
    from .models import Carrier

    labels = dict(Carrier.Kind.choices)
    rows = selectors.accepted_reports(start, end).values_list("carrier__kind").annotate(n=Count("id"))
    return {str(labels.get(k, k)): n for k, n in rows}


def firms_registered(start: dt.date, end: dt.date) -> int:
    from . import selectors

    return selectors.accepted_reports(start, end).aggregate(s=Sum("firms_registered"))["s"] or 0


def projects_incubated(start: dt.date, end: dt.date) -> int:
    from . import selectors

    return selectors.accepted_reports(start, end).aggregate(s=Sum("projects_incubated"))["s"] or 0


def relocations(start: dt.date, end: dt.date) -> int:
    from .models import Relocation

    return Relocation.objects.filter(moved_on__gte=start, moved_on__lte=end).count()


def cases_published(start: dt.date, end: dt.date) -> int:
    from .models import Case

    return Case.objects.filter(status="accepted", published_at__date__gte=start, published_at__date__lte=end).count()


def cases_breakdown(start, end, by):
    from .models import Case

    labels = dict(Case.Mechanism.choices)
    rows = (
        Case.objects.filter(Q(status="accepted"), published_at__date__gte=start, published_at__date__lte=end)
        .values_list("mechanism")
        .annotate(n=Count("id"))
    )
    return {str(labels.get(k, k)): n for k, n in rows}


def published_records(start: dt.date, end: dt.date) -> int:
    from . import selectors

    return sum(selectors.published_by_submarket(end).values())


def published_breakdown(start, end, by):
    from . import selectors

    return selectors.published_by_submarket(end)


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    for metric in [
        Metric(
            "network_new_carriers",
            str(_("新增市级及以上孵化载体")),
            "家",
            new_carriers,
            breakdown=new_carriers_breakdown,
            breakdowns=("kind", "level"),
            description=str(
                _("期间内认定的市级及以上孵化器、加速器、腾飞器、飞地孵化器（行动方案 三(七)2②：每年 10家以上）。")
            ),
        ),
        Metric(
            "network_carriers",
            str(_("创新载体总数")),
            "家",
            carriers,
            cumulative=True,
            breakdown=carriers_breakdown,
            breakdowns=("kind", "level", "submarket"),
            description=str(_("截至期末运行中的各类创新载体（按类型、级别、所在地市）。")),
        ),
        Metric(
            "network_carrier_reports",
            str(_("已审核的载体年度报告")),
            "份",
            reports_accepted,
            breakdown=reports_breakdown,
            breakdowns=("kind",),
            description=str(_("报告年度落在期间内、经运营人员审核通过的载体年度产出报告。")),
        ),
        Metric(
            "network_projects_incubated",
            str(_("载体孵化/服务项目")),
            "项",
            projects_incubated,
            description=str(_("已审核年度报告中的孵化/服务项目数（行动方案 三(一)4④）。")),
        ),
        Metric(
            "network_firms_registered",
            str(_("载体新注册企业")),
            "家",
            firms_registered,
            description=str(_("已审核年度报告中的新注册企业数。")),
        ),
        Metric(
            "network_relocations",
            str(_("飞地回迁企业")),
            "家",
            relocations,
            description=str(_("期间内从飞地孵化器回迁合作地市的企业（行动方案 三(六)3②）。")),
        ),
        Metric(
            "network_cases",
            str(_("发布的典型案例")),
            "项",
            cases_published,
            breakdown=cases_breakdown,
            breakdowns=("mechanism",),
            description=str(_("期间内审核发布的可复制推广典型案例（行动方案 三(一)1④：每年不少于 5项）。")),
        ),
        Metric(
            "network_published_records",
            str(_("各分市场发布的资源")),
            "件",
            published_records,
            cumulative=True,
            breakdown=published_breakdown,
            breakdowns=("submarket",),
            description=str(
                _("截至期末各分市场（按记录所在地市，未填写时按所属机构）已发布的成果、需求、设备、专家和场景。")
            ),
        ),
    ]:
        register_metric(metric)
