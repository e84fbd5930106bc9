"""Metrics computed from the catalog libraries and organisations, registered by this app.

Flows count records first published within the period that are still published; stocks count
what stood as of the period's end. Breakdowns go by new city and by industry chain.
"""

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .metrics import Metric, register_metric

UNSPECIFIED = "未标注"


def _day_bounds(start: dt.date, end: dt.date):
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    upper = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return lower, upper


def _published_in(model, start, end):
    lower, upper = _day_bounds(start, end)
    return model.objects.filter(status="published", published_at__gte=lower, published_at__lt=upper)


def _by(queryset, by: str, city_field: str = "new_city", chain_field: str = "industry_chains__name") -> dict:
    from reference.models import NewCity

    if by == "new_city":
        rows = queryset.values(city_field).annotate(n=Count("pk", distinct=True))
        labels = dict(NewCity.choices)
        return {str(labels.get(row[city_field], UNSPECIFIED)): row["n"] for row in rows}
    if by == "industry_chain":
        rows = queryset.values(chain_field).annotate(n=Count("pk", distinct=True))
        return {row[chain_field] or UNSPECIFIED: row["n"] for row in rows}
    if by == "kind":
        from accounts.models import Organisation

        labels = dict(Organisation.Kind.choices)
        rows = queryset.values("kind").annotate(n=Count("pk", distinct=True))
        return {str(labels.get(row["kind"], row["kind"])): row["n"] for row in rows}
    if by == "level":
        from catalog.models import Policy

        labels = dict(Policy.Level.choices)
        rows = queryset.values("level").annotate(n=Count("pk", distinct=True))
        return {str(labels.get(row["level"], row["level"] or UNSPECIFIED)): row["n"] for row in rows}
    raise ValueError(by)


def _achievements(start, end):
    from catalog.models import Achievement

    return _published_in(Achievement, start, end)


def _demands(start, end):
    from catalog.models import Demand

    return _published_in(Demand, start, end)


def _policies_in_force(start, end):
    from catalog.models import Policy

    lower, upper = _day_bounds(end, end)
    return Policy.objects.filter(status="published", published_at__lt=upper).filter(
        Q(effective_from__isnull=True) | Q(effective_from__lte=end),
        Q(effective_to__isnull=True) | Q(effective_to__gte=end),
        Q(expires_at__isnull=True) | Q(expires_at__gte=upper),
    )


ENTERPRISE_KINDS = ("enterprise", "state_owned")


def _verified_orgs(start, end, enterprises_only: bool):
    from django.db.models.functions import Coalesce

    from accounts.models import Organisation

    _lower, upper = _day_bounds(end, end)
    # An organisation verified before the platform recorded the time counts from its creation.
    qs = Organisation.objects.verified().alias(since=Coalesce("verified_at", "created_at")).filter(since__lt=upper)
    return qs.filter(kind__in=ENTERPRISE_KINDS) if enterprises_only else qs


def register_catalog_metrics() -> None:
    register_metric(
        Metric(
            code="achievements_published",
            label=str(_("新发布科技成果数")),
            unit="项",
            compute=lambda s, e: _achievements(s, e).count(),
            breakdown=lambda s, e, by: _by(_achievements(s, e), by),
            breakdowns=("new_city", "industry_chain"),
            description=str(_("统计期内发布、目前仍处于发布状态的科技成果条数（成果库）。")),
        )
    )
    register_metric(
        Metric(
            code="demands_published",
            label=str(_("需求征集数")),
            unit="项",
            compute=lambda s, e: _demands(s, e).count(),
            breakdown=lambda s, e, by: _by(_demands(s, e), by),
            breakdowns=("new_city", "industry_chain"),
            description=str(_("统计期内经审核发布、目前仍处于发布状态的企业技术需求条数（需求库）。")),
        )
    )
    register_metric(
        Metric(
            code="policies_in_force",
            label=str(_("有效政策数")),
            unit="项",
            cumulative=True,
            compute=lambda s, e: _policies_in_force(s, e).count(),
            breakdown=lambda s, e, by: _by(_policies_in_force(s, e), by),
            breakdowns=("level", "industry_chain"),
            description=str(_("期末处于发布状态、且在生效日期与截止日期之间的政策条数（政策库）。")),
        )
    )
    register_metric(
        Metric(
            code="enterprises_served",
            label=str(_("服务企业数（已认证）")),
            unit="家",
            cumulative=True,
            compute=lambda s, e: _verified_orgs(s, e, True).count(),
            breakdown=lambda s, e, by: _by(_verified_orgs(s, e, True), by, chain_field="industry_chains__name"),
            breakdowns=("new_city", "industry_chain"),
            description=str(_("期末已通过平台认证的企业（含国有企业）数量。")),
        )
    )
    register_metric(
        Metric(
            code="verified_organisations",
            label=str(_("认证机构数")),
            unit="家",
            cumulative=True,
            compute=lambda s, e: _verified_orgs(s, e, False).count(),
            breakdown=lambda s, e, by: _by(_verified_orgs(s, e, False), by),
            breakdowns=("kind", "new_city"),
            description=str(_("期末已通过平台认证的各类机构（企业、高校、院所、服务机构、金融机构等）数量。")),
        )
    )
