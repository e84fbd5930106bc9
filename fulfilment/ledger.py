"""兑现台账: the grants ledger read side: filters, statistics, the XLSX export (``core.xlsx``), the
per-clause evaluation (seed 001 三(七)3④ 政策评估) and the 80 % indicator (三(七)3①)."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from accounts.models import Organisation
from catalog.models import Policy
from core.xlsx import Sheet, workbook_bytes
from reference.models import NewCity

from .evaluation import eligible_queryset
from .models import Application, Funding, Grant, Mode

TARGET_SHARE = Decimal(80)  # seed 001 三(七)3①: "免申即享""即申即享"达到 80%
STAT_DIMENSIONS = {
    "policy": ("terms__clause__policy__title", _("政策")),
    "clause": ("terms__clause__title", _("条款")),
    "department": ("department", _("责任部门")),
    "new_city": ("organisation__new_city", _("新城")),
    "year": ("year", _("年度")),
    "mode": ("mode", _("兑现方式")),
}


def grants(*, year=None, policy=None, department=None, mode=None, organisation=None):
    qs = Grant.objects.select_related("terms__clause__policy", "organisation")
    if year:
        qs = qs.filter(year=year)
    if policy:
        qs = qs.filter(terms__clause__policy_id=policy)
    if department:
        qs = qs.filter(department=department)
    if mode:
        qs = qs.filter(mode=mode)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    return qs


def statistics(qs, by: str) -> list[dict]:
    """[{label, count, amount}] grouped by one of STAT_DIMENSIONS."""
    field = STAT_DIMENSIONS[by][0]
    labels = {}
    if by == "new_city":
        labels = dict(NewCity.choices)
    elif by == "mode":
        labels = dict(Mode.choices)
    rows = qs.order_by().values(field).annotate(n=Count("pk"), amount=Sum("amount")).order_by("-amount")
    return [
        {
            "label": str(labels.get(r[field], r[field] or _("未填"))),
            "count": r["n"],
            "amount": r["amount"] or Decimal(0),
        }
        for r in rows
    ]


def instant_share(start: dt.date | None = None, end: dt.date | None = None) -> Decimal:
    """Share (%) of grants in the period made by 免申即享 or 即申即享, by count; 0 when none."""
    qs = Grant.objects.all()
    if start:
        qs = qs.filter(granted_on__gte=start)
    if end:
        qs = qs.filter(granted_on__lte=end)
    agg = qs.aggregate(n=Count("pk"), fast=Count("pk", filter=Q(mode__in=(Mode.AUTO, Mode.INSTANT))))
    if not agg["n"]:
        return Decimal(0)
    return (Decimal(agg["fast"]) * 100 / agg["n"]).quantize(Decimal("0.1"))


def _share_breakdown(start, end, by):
    field = {"department": "department", "funding": "funding"}[by]
    labels = dict(Funding.choices) if by == "funding" else {}
    qs = Grant.objects.filter(granted_on__gte=start, granted_on__lte=end).order_by().values(field)
    rows = qs.annotate(n=Count("pk"), fast=Count("pk", filter=Q(mode__in=(Mode.AUTO, Mode.INSTANT))))
    return {
        str(labels.get(r[field], r[field])): (Decimal(r["fast"]) * 100 / r["n"]).quantize(Decimal("0.1"))
        for r in rows
        if r["n"]
    }


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    register_metric(
        Metric(
            code="fulfilment_instant_share",
            label=str(_("政策兑现“免申即享”“即申即享”占比")),
            unit="%",
            compute=instant_share,
            breakdown=_share_breakdown,
            breakdowns=("department", "funding"),
            description=str(
                _("期内兑现记录中以免申即享、即申即享方式兑现的笔数占比（平台计算）；目标 80%（行动方案 三（七）3①）。")
            ),
        )
    )


def clause_evaluation(terms, year: int) -> dict:
    """政策评估 for one clause and year: eligible (bulk rule), applications, grants, amounts,
    eligible-but-not-granted, average days from eligibility to grant."""
    year_grants = Grant.objects.filter(terms=terms, year=year)
    eligible = eligible_queryset(terms, year)
    applied = Application.objects.filter(terms=terms, year=year).values("organisation_id")
    days = [(g.granted_on - g.eligible_on).days for g in year_grants.only("granted_on", "eligible_on")]
    agg = year_grants.aggregate(n=Count("pk"), amount=Sum("amount"))
    return {
        "year": year,
        "eligible": eligible.count(),
        "applications": Application.objects.filter(terms=terms, year=year).count(),
        "grants": agg["n"] or 0,
        "amount": agg["amount"] or Decimal(0),
        "eligible_not_reached": eligible.exclude(organisation_id__in=year_grants.values("organisation_id"))
        .exclude(organisation_id__in=applied)
        .count(),
        "avg_days": round(sum(days) / len(days), 1) if days else None,
        "paid": year_grants.filter(payment=Grant.Payment.PAID).count(),
    }


def export_xlsx(qs) -> bytes:
    cities = dict(NewCity.choices)
    levels = dict(Policy.Level.choices)
    rows = (
        [
            g.terms.clause.policy.title,
            str(levels.get(g.terms.clause.policy.level, "")),
            g.terms.clause.title,
            g.organisation.name,
            str(cities.get(g.organisation.new_city, "")),
            g.year,
            g.amount,
            g.get_mode_display(),
            g.get_funding_display(),
            g.department,
            g.eligible_on,
            g.granted_on,
            g.get_payment_display(),
            g.paid_on,
        ]
        for g in qs.iterator(chunk_size=500)
    )
    headers = [
        _("政策"), _("层级"), _("条款"), _("企业"), _("新城"), _("年度"), _("金额（万元）"), _("兑现方式"),
        _("资金来源"), _("责任部门"), _("确认符合日期"), _("兑现日期"), _("拨付状态"), _("拨付日期"),
    ]  # fmt: skip
    return workbook_bytes([Sheet(str(_("兑现台账")), [str(h) for h in headers], rows, widths=[30, 8, 24, 24, 10])])


def organisations_with_grants():
    return Organisation.objects.filter(pk__in=Grant.objects.values("organisation_id"))
