"""Technology-contract statistics (技术合同统计). Only registered contracts count (认定登记), dated by
their registration date, each by the rule for its state on the date the statistics are taken
(``as_of``; by default the period's end, or today if that is later than today):

- a contract counts from its registration date;
- a 解除 (terminated) contract drops out from the termination's effective date;
- a 变更 (amendment) replaces the amounts from its effective date (the latest in force wins);
- before any amendment, 技术交易额 is the registrar's 核定 amount where there is one, else the declared one.

Two measures, as the national statistics report them (《全国技术市场统计年度报告》):
- 合同成交额 (``total_amount``): the contracts' total amount, technology and non-technology parts;
- 技术交易额 (``tech_amount``): the technology part only (合同成交额 less equipment, materials and
  other non-technical costs), as 核定 by the registrar.
Amounts in 万元.

Conventions (shown on the page too):
- 输出 (seller region) and 吸纳 (buyer region): the parties' regions captured on the contract at
  application (the organisation's prefecture for contracts registered before issue 16); Shaanxi
  prefectures by name, outside Shaanxi by province;
- new city: the demand party's (the absorbing enterprise's) new city;
- flow: 高校院所→企业 when the supply party is a university or institute and the demand party an
  enterprise; inside/outside the province by the demand party's region code (61xxxx is Shaanxi);
- 三项改革: the linked achievement is a service invention (职务科技成果) under the reform.
"""

import datetime as dt
from collections import OrderedDict
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation
from reference.models import NewCity, Region

from .models import TECH_FIELDS, Contract, ContractAmendment, ContractSubtype, ContractType, PaymentMode

PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
BREAKDOWNS = (
    "seller_region",
    "buyer_region",
    "new_city",
    "chain",
    "tech_field",
    "contract_type",
    "subtype",
    "payment_mode",
    "flow",
    "province",
    "reform",
)
ACADEMIC = (Organisation.Kind.UNIVERSITY, Organisation.Kind.INSTITUTE)
ENTERPRISE = (Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED)
ZERO = Decimal(0)


def _as_of(end: dt.date | None, as_of: dt.date | None) -> dt.date:
    if as_of:
        return as_of
    today = timezone.localdate()
    return min(end, today) if end else today


def registered(start: dt.date | None = None, end: dt.date | None = None, as_of: dt.date | None = None):
    """Contracts registered in [start, end] that count on ``as_of``, annotated with the amounts in
    force then: ``eff_total`` (合同成交额) and ``eff_tech`` (技术交易额), 万元."""
    as_of = _as_of(end, as_of)
    qs = Contract.objects.filter(registration_number__isnull=False, registered_on__isnull=False)
    if start:
        qs = qs.filter(registered_on__gte=start)
    if end:
        qs = qs.filter(registered_on__lte=end)
    qs = qs.exclude(termination__effective_on__lte=as_of)
    latest = ContractAmendment.objects.filter(contract=OuterRef("pk"), effective_on__lte=as_of).order_by(
        "-effective_on", "-id"
    )
    return qs.annotate(
        eff_total=Coalesce(Subquery(latest.values("total_amount")[:1]), F("total_amount")),
        eff_tech=Coalesce(Subquery(latest.values("tech_amount")[:1]), F("approved_tech_amount"), F("tech_amount")),
    )


def _sums(qs) -> dict:
    agg = qs.aggregate(n=Count("id"), tech=Sum("eff_tech"), total=Sum("eff_total"))
    return {"count": agg["n"] or 0, "tech_amount": agg["tech"] or ZERO, "total_amount": agg["total"] or ZERO}


def totals(start=None, end=None, as_of=None) -> dict:
    return _sums(registered(start, end, as_of))


def _label_period(day: dt.date, period: str) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return f"{day:%Y-%m}"


def by_period(period: str = "month", start=None, end=None, as_of=None) -> list[dict]:
    trunc = PERIODS.get(period, TruncMonth)
    rows = (
        registered(start, end, as_of)
        .annotate(p=trunc("registered_on"))
        .values("p")
        .annotate(n=Count("id"), tech=Sum("eff_tech"), total=Sum("eff_total"))
        .order_by("p")
    )
    return [
        {
            "period": _label_period(r["p"], period),
            "count": r["n"],
            "tech_amount": r["tech"] or ZERO,
            "total_amount": r["total"] or ZERO,
        }
        for r in rows
    ]


def _flow(supply_kind: str, demand_kind: str) -> str:
    if supply_kind in ACADEMIC and demand_kind in ENTERPRISE:
        return _("高校院所→企业")
    if supply_kind in ENTERPRISE and demand_kind in ENTERPRISE:
        return _("企业→企业")
    return _("其他")


def _province(region_code: str | None) -> str:
    if not region_code:
        return _("地区未填")
    return _("省内") if region_code.startswith("61") else _("省外")


def _region_label(code: str | None, names: dict[str, Region]) -> str:
    """A Shaanxi prefecture by name (a county by its prefecture); elsewhere the province."""
    if not code:
        return _("地区未填")
    region = names.get(code)
    if region is None:
        return code
    while region.level == Region.Level.COUNTY and region.parent_id:
        region = names.get(region.parent_id) or region.parent
    if code.startswith("61") or region.level == Region.Level.PROVINCE:
        return region.label
    province = names.get(region.parent_id) if region.parent_id else None
    return province.label if province else region.label


def breakdown(by: str, start=None, end=None, as_of=None) -> "OrderedDict[str, dict]":
    """{label: {"count", "tech_amount", "total_amount"}} for one dimension, largest technology amount first."""
    fields = {
        "new_city": "deal__demand_org__new_city",
        "chain": "industry_chain__name",
        "tech_field": "tech_field",
        "contract_type": "contract_type",
        "subtype": "subtype",
        "payment_mode": "payment_mode",
        "reform": "deal__achievement__is_service_invention",
    }
    result: dict[str, dict] = {}

    def add(label, row):
        slot = result.setdefault(str(label), {"count": 0, "tech_amount": ZERO, "total_amount": ZERO})
        slot["count"] += row["n"]
        slot["tech_amount"] += row["tech"] or ZERO
        slot["total_amount"] += row["total"] or ZERO

    sums = {"n": Count("id"), "tech": Sum("eff_tech"), "total": Sum("eff_total")}
    qs = registered(start, end, as_of)
    if by in fields:
        labels = {
            "new_city": dict(NewCity.choices),
            "tech_field": dict(TECH_FIELDS),
            "contract_type": dict(ContractType.choices),
            "subtype": dict(ContractSubtype.choices),
            "payment_mode": dict(PaymentMode.choices),
        }.get(by, {})
        for row in qs.values(fields[by]).annotate(**sums):
            key = row[fields[by]]
            if by == "reform":
                label = _("三项改革（职务科技成果）") if key else _("其他")
            elif by == "new_city":
                label = labels.get(key) or _("新城以外")
            elif by == "chain":
                label = key or _("未归类")
            elif by in ("tech_field", "subtype"):
                label = labels.get(key) or _("未填")
            else:
                label = labels.get(key, key)
            add(label, row)
    elif by == "flow":
        for row in qs.values("deal__supply_org__kind", "deal__demand_org__kind").annotate(**sums):
            add(_flow(row["deal__supply_org__kind"], row["deal__demand_org__kind"]), row)
    elif by in ("seller_region", "buyer_region", "province"):
        side = "supply" if by == "seller_region" else "demand"
        region = Coalesce(F(f"{side}_region_id"), F(f"deal__{side}_org__prefecture_id"))
        rows = list(qs.annotate(region=region).values("region").annotate(**sums))
        if by == "province":
            for row in rows:
                add(_province(row["region"]), row)
        else:
            codes = {r["region"] for r in rows if r["region"]}
            wanted = codes | {c[:4] + "00" for c in codes} | {c[:2] + "0000" for c in codes}
            names = {r.code: r for r in Region.objects.filter(code__in=wanted)}
            for row in rows:
                add(_region_label(row["region"], names), row)
    else:
        raise ValueError(by)
    return OrderedDict(sorted(result.items(), key=lambda item: (-item[1]["tech_amount"], item[0])))


CROSSTAB_FIELDS = {
    "new_city": "deal__demand_org__new_city",
    "chain": "industry_chain__name",
    "contract_type": "contract_type",
}


def crosstab(rows: str, cols: str, start=None, end=None) -> dict[str, dict[str, Decimal]]:
    """{row label: {col label: 合同成交额 total_amount (万元)}} of registered contracts (each by its
    state at ``end``), for two of new_city / chain / contract_type (the dashboard's new city × chain view).
    Raises ValueError for an unknown or repeated dimension."""
    if rows not in CROSSTAB_FIELDS or cols not in CROSSTAB_FIELDS or rows == cols:
        raise ValueError((rows, cols))
    labels = {"new_city": dict(NewCity.choices), "contract_type": dict(ContractType.choices)}

    def label(by, key):
        if by == "new_city":
            return str(labels["new_city"].get(key) or _("新城以外"))
        if by == "chain":
            return str(key or _("未归类"))
        return str(labels["contract_type"].get(key, key))

    result: dict[str, dict[str, Decimal]] = {}
    for row in (
        registered(start, end).values(CROSSTAB_FIELDS[rows], CROSSTAB_FIELDS[cols]).annotate(total=Sum("eff_total"))
    ):
        r, c = label(rows, row[CROSSTAB_FIELDS[rows]]), label(cols, row[CROSSTAB_FIELDS[cols]])
        cells = result.setdefault(r, {})
        cells[c] = cells.get(c, Decimal(0)) + (row["total"] or Decimal(0))
    return result


def summary(period: str = "month", start=None, end=None, as_of=None) -> dict:
    return {
        "as_of": _as_of(end, as_of),
        "totals": totals(start, end, as_of),
        "series": by_period(period, start, end, as_of),
        "breakdowns": {by: breakdown(by, start, end, as_of) for by in BREAKDOWNS},
    }
