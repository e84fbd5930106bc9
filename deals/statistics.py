"""Technology-contract statistics. Only registered contracts count (认定登记), dated by their
registration date; amounts are the technology transaction amount (技术交易额).

Conventions (shown on the page too):
- new city: the demand party's (the absorbing enterprise's) new city;
- flow: 高校院所→企业 when the supply party is a university or institute and the demand party an
  enterprise; inside/outside the province by the demand party's prefecture code (61xxxx is Shaanxi);
- 三项改革: the linked achievement is a service invention (职务科技成果) under the reform.
"""

import datetime as dt
from collections import OrderedDict
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils.translation import gettext as _

from accounts.models import Organisation
from reference.models import NewCity

from .models import Contract, ContractType, PaymentMode

PERIODS = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}
BREAKDOWNS = ("new_city", "chain", "contract_type", "payment_mode", "flow", "province", "reform")
ACADEMIC = (Organisation.Kind.UNIVERSITY, Organisation.Kind.INSTITUTE)
ENTERPRISE = (Organisation.Kind.ENTERPRISE, Organisation.Kind.STATE_OWNED)


def registered(start: dt.date | None = None, end: dt.date | None = None):
    qs = Contract.objects.filter(registration_number__isnull=False, registered_on__isnull=False)
    if start:
        qs = qs.filter(registered_on__gte=start)
    if end:
        qs = qs.filter(registered_on__lte=end)
    return qs


def totals(start=None, end=None) -> dict:
    agg = registered(start, end).aggregate(n=Count("id"), tech=Sum("tech_amount"), total=Sum("total_amount"))
    return {
        "count": agg["n"] or 0,
        "tech_amount": agg["tech"] or Decimal(0),
        "total_amount": agg["total"] or Decimal(0),
    }


def _label_period(day: dt.date, period: str) -> str:
    if period == "year":
        return f"{day.year}"
    if period == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return f"{day:%Y-%m}"


def by_period(period: str = "month", start=None, end=None) -> list[dict]:
    trunc = PERIODS.get(period, TruncMonth)
    rows = (
        registered(start, end)
        .annotate(p=trunc("registered_on"))
        .values("p")
        .annotate(n=Count("id"), tech=Sum("tech_amount"))
        .order_by("p")
    )
    return [
        {"period": _label_period(r["p"], period), "count": r["n"], "tech_amount": r["tech"] or Decimal(0)} for r in rows
    ]


def _flow(supply_kind: str, demand_kind: str) -> str:
    if supply_kind in ACADEMIC and demand_kind in ENTERPRISE:
        return _("高校院所→企业")
    if supply_kind in ENTERPRISE and demand_kind in ENTERPRISE:
        return _("企业→企业")
    return _("其他")


def _province(prefecture_id: str | None) -> str:
    if not prefecture_id:
        return _("地区未填")
    return _("省内") if prefecture_id.startswith("61") else _("省外")


def breakdown(by: str, start=None, end=None) -> "OrderedDict[str, dict]":
    """{label: {"count", "tech_amount"}} for one dimension, largest amount first."""
    fields = {
        "new_city": "deal__demand_org__new_city",
        "chain": "industry_chain__name",
        "contract_type": "contract_type",
        "payment_mode": "payment_mode",
        "reform": "deal__achievement__is_service_invention",
    }
    result: dict[str, dict] = {}

    def add(label, count, amount):
        slot = result.setdefault(str(label), {"count": 0, "tech_amount": Decimal(0)})
        slot["count"] += count
        slot["tech_amount"] += amount or Decimal(0)

    qs = registered(start, end)
    if by in fields:
        labels = {
            "new_city": dict(NewCity.choices),
            "contract_type": dict(ContractType.choices),
            "payment_mode": dict(PaymentMode.choices),
        }.get(by, {})
        for row in qs.values(fields[by]).annotate(n=Count("id"), tech=Sum("tech_amount")):
            key = row[fields[by]]
            if by == "reform":
                label = _("三项改革（职务科技成果）") if key else _("其他")
            elif by == "new_city":
                label = labels.get(key) or _("新城以外")
            elif by == "chain":
                label = key or _("未归类")
            else:
                label = labels.get(key, key)
            add(label, row["n"], row["tech"])
    elif by == "flow":
        for row in qs.values("deal__supply_org__kind", "deal__demand_org__kind").annotate(
            n=Count("id"), tech=Sum("tech_amount")
        ):
            add(_flow(row["deal__supply_org__kind"], row["deal__demand_org__kind"]), row["n"], row["tech"])
    elif by == "province":
        for row in qs.values("deal__demand_org__prefecture_id").annotate(n=Count("id"), tech=Sum("tech_amount")):
            add(_province(row["deal__demand_org__prefecture_id"]), row["n"], row["tech"])
    else:
        raise ValueError(by)
    return OrderedDict(sorted(result.items(), key=lambda item: (-item[1]["tech_amount"], item[0])))


CROSSTAB_FIELDS = {
    "new_city": "deal__demand_org__new_city",
    "chain": "industry_chain__name",
    "contract_type": "contract_type",
}


def crosstab(rows: str, cols: str, start=None, end=None) -> dict[str, dict[str, Decimal]]:
    """{row label: {col label: tech_amount (万元)}} of registered contracts, for two of
    new_city / chain / contract_type (the monitoring dashboard's new city × chain view)."""
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
        registered(start, end).values(CROSSTAB_FIELDS[rows], CROSSTAB_FIELDS[cols]).annotate(tech=Sum("tech_amount"))
    ):
        r, c = label(rows, row[CROSSTAB_FIELDS[rows]]), label(cols, row[CROSSTAB_FIELDS[cols]])
        cells = result.setdefault(r, {})
        cells[c] = cells.get(c, Decimal(0)) + (row["tech"] or Decimal(0))
    return result


def summary(period: str = "month", start=None, end=None) -> dict:
    return {
        "totals": totals(start, end),
        "series": by_period(period, start, end),
        "breakdowns": {by: breakdown(by, start, end) for by in BREAKDOWNS},
    }
