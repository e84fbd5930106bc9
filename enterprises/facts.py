"""The "enterprise" fact set of ``core.rules``: what pool tiers, the points model and (later) policy
clauses and financial products may test about an enterprise for a year.

Context: ``{"year": Y, "day": date}``; figures are the *verified* annual report of year Y (a figure
the enterprise typed in but no operator checked does not count), qualifications are those verified
and in force on ``day`` (normally 31 December of Y). Units: 万元, 人, 件, %.
"""

import datetime as dt

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from core.rules import BOOLEAN, NUMBER, TEXT, Fact, FactSet, register_fact_set
from reference.models import NewCity

from .models import AnnualReport, Qualification, QualificationKind, Verification

ENTERPRISE = register_fact_set(FactSet("enterprise", str(_("企业"))))
DEC = DecimalField(max_digits=20, decimal_places=4)


def context(year: int, day: dt.date | None = None) -> dict:
    return {"year": year, "day": day or dt.date(year, 12, 31)}


# --- Python side: read from prefetched relations where present -----------------------------------


def _report(profile, year):
    cache = profile.__dict__.setdefault("_verified_reports", {})
    if year not in cache:
        cache[year] = next(
            (r for r in profile.reports.all() if r.year == year and r.status == Verification.VERIFIED), None
        )
    return cache[year]


def _figure(name, year_offset=0):
    def value(profile, ctx):
        report = _report(profile, ctx["year"] + year_offset)
        return getattr(report, name) if report else None

    return value


def _ratio(num, den):
    def value(profile, ctx):
        report = _report(profile, ctx["year"])
        if report is None or getattr(report, num) is None or not getattr(report, den):
            return None
        return round(float(getattr(report, num)) * 100 / float(getattr(report, den)), 4)

    return value


def _growth(name):
    def value(profile, ctx):
        now, before = _report(profile, ctx["year"]), _report(profile, ctx["year"] - 1)
        if not now or not before or getattr(now, name) is None or not getattr(before, name):
            return None
        return round((float(getattr(now, name)) - float(getattr(before, name))) * 100 / float(getattr(before, name)), 4)

    return value


def _has(kind):
    def value(profile, ctx):
        return any(q.kind == kind and q.is_valid_on(ctx["day"]) for q in profile.qualifications.all())

    return value


def _patents_value(invention_only):
    def value(profile, ctx):
        annotated = "fact__invention_patents" if invention_only else "fact__patents"
        if hasattr(profile, annotated):  # counted in bulk by rules.annotate (scoring, selection)
            return getattr(profile, annotated) or 0
        from .activity import patent_queryset

        qs = patent_queryset(profile)
        if invention_only:
            qs = qs.filter(patent_type="invention", legal_status="granted")
        return qs.count()

    return value


# --- SQL side ------------------------------------------------------------------------------------


def _report_sq(year):
    return AnnualReport.objects.filter(profile=OuterRef("pk"), year=year, status=Verification.VERIFIED)


def _figure_sql(name, year_offset=0):
    return lambda ctx: Subquery(_report_sq(ctx["year"] + year_offset).values(name)[:1])


def _ratio_sql(num, den):
    def sql(ctx):
        expr = ExpressionWrapper(Cast(F(num), DEC) * Value(100) / NullIf(Cast(F(den), DEC), Value(0)), output_field=DEC)
        return Subquery(_report_sq(ctx["year"]).annotate(r=expr).values("r")[:1], output_field=DEC)

    return sql


def _growth_sql(name):
    def sql(ctx):
        now = Cast(Subquery(_report_sq(ctx["year"]).values(name)[:1]), DEC)
        before = Cast(Subquery(_report_sq(ctx["year"] - 1).values(name)[:1]), DEC)
        return ExpressionWrapper((now - before) * Value(100) / NullIf(before, Value(0)), output_field=DEC)

    return sql


def _has_sql(kind):
    return lambda ctx: Exists(Qualification.objects.valid_on(ctx["day"]).filter(profile=OuterRef("pk"), kind=kind))


def _patents_sql(invention_only):
    def sql(ctx):
        from patents.models import Patent

        qs = Patent.objects.filter(
            Q(applicant_orgs=OuterRef("organisation_id")) | Q(enterprise_links__profile=OuterRef("pk"))
        )
        if invention_only:
            qs = qs.filter(patent_type="invention", legal_status="granted")
        counted = qs.order_by().annotate(g=Value(1)).values("g").annotate(n=Count("pk", distinct=True)).values("n")
        return Subquery(counted[:1])

    return sql


FIGURE_LABELS = {
    "staff": (_("从业人员"), "人"),
    "rd_staff": (_("研发人员"), "人"),
    "revenue": (_("营业收入"), "万元"),
    "net_profit": (_("净利润"), "万元"),
    "rd_expenditure": (_("研发费用"), "万元"),
    "tax": (_("纳税总额"), "万元"),
    "exports": (_("出口额"), "万元"),
    "financing": (_("获得融资"), "万元"),
}

for _code, (_label, _unit) in FIGURE_LABELS.items():
    ENTERPRISE.add(Fact(_code, _label, _figure_sql(_code), _figure(_code), NUMBER, _unit))
ENTERPRISE.add(
    Fact(
        "rd_ratio",
        _("研发费用占营业收入比例"),
        _ratio_sql("rd_expenditure", "revenue"),
        _ratio("rd_expenditure", "revenue"),
        NUMBER,
        "%",
    )
)
ENTERPRISE.add(
    Fact("rd_staff_ratio", _("研发人员占比"), _ratio_sql("rd_staff", "staff"), _ratio("rd_staff", "staff"), NUMBER, "%")
)
ENTERPRISE.add(Fact("revenue_growth", _("营业收入增长率"), _growth_sql("revenue"), _growth("revenue"), NUMBER, "%"))
ENTERPRISE.add(Fact("patents", _("关联专利数"), _patents_sql(False), _patents_value(False), NUMBER, "件"))
ENTERPRISE.add(Fact("invention_patents", _("有效发明专利数"), _patents_sql(True), _patents_value(True), NUMBER, "件"))
for _kind in QualificationKind:
    ENTERPRISE.add(Fact(f"has_{_kind.value}", _kind.label, _has_sql(_kind.value), _has(_kind.value), BOOLEAN))


# --- Where the firm is and what it does on the platform (added for policy clauses, issue 11) -----


def _new_city_value(profile, ctx):
    return profile.organisation.new_city or None


def _new_city_sql(ctx):
    return NullIf(F("organisation__new_city"), Value(""))


def _achievements_qs():
    from catalog.models import Achievement, Status

    return Achievement.objects.filter(status=Status.PUBLISHED)


def _achievements_value(profile, ctx):
    return _achievements_qs().filter(owner_org_id=profile.organisation_id).count()


def _achievements_sql(ctx):
    counted = (
        _achievements_qs()
        .filter(owner_org_id=OuterRef("organisation_id"))
        .order_by()
        .annotate(g=Value(1))
        .values("g")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted[:1]), Value(0))


def _contracts_qs(year):
    from deals.statistics import registered

    return registered(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _contracts_value(side):
    def value(profile, ctx):
        qs = _contracts_qs(ctx["year"]).filter(**{f"deal__{side}_org_id": profile.organisation_id})
        return qs.aggregate(s=Sum("tech_amount"))["s"] or 0

    return value


def _contracts_sql(side):
    def sql(ctx):
        summed = (
            _contracts_qs(ctx["year"])
            .filter(**{f"deal__{side}_org_id": OuterRef("organisation_id")})
            .order_by()
            .annotate(g=Value(1))
            .values("g")
            .annotate(s=Sum("tech_amount"))
            .values("s")
        )
        return Coalesce(Subquery(summed[:1], output_field=DEC), Value(0), output_field=DEC)

    return sql


ENTERPRISE.add(
    Fact(
        "new_city",
        _("所在新城"),
        _new_city_sql,
        _new_city_value,
        TEXT,
        choices={code: label for code, label in NewCity.choices},
    )
)
ENTERPRISE.add(
    Fact("published_achievements", _("平台发布科技成果数"), _achievements_sql, _achievements_value, NUMBER, "件")
)
ENTERPRISE.add(
    Fact(
        "contract_tech_amount",
        _("年度登记技术合同成交额（卖方）"),
        _contracts_sql("supply"),
        _contracts_value("supply"),
        NUMBER,
        "万元",
        description=_("当年认定登记的技术合同中作为卖方（成果输出）的技术交易额。"),
    )
)
ENTERPRISE.add(
    Fact(
        "contract_tech_amount_bought",
        _("年度登记技术合同成交额（买方）"),
        _contracts_sql("demand"),
        _contracts_value("demand"),
        NUMBER,
        "万元",
        description=_("当年认定登记的技术合同中作为买方（吸纳成果）的技术交易额。"),
    )
)
