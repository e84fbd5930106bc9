"""Monitoring metrics computed from confirmed pool memberships (registered in EnterprisesConfig.ready).

高新技术企业数, 科技型中小企业数, 瞪羚企业数 and 独角兽企业数 are counted from enterprises whose
verified qualification an operator confirmed into the matching tier (stock as of the period end).
The monitoring app keeps the operators' reported indicators (the statistics bureau's figures) as
the official ones; migration 0002 of this app adds computed companion indicators.
"""

import datetime as dt
from functools import partial

from django.utils.translation import gettext_lazy as _

from . import pools

# Indicator codes of the computed companions -> tier.
COMPANIONS = {
    "high_tech_enterprises_platform": "high_tech",
    "tech_smes_platform": "tech_sme",
    "gazelle_enterprises_platform": "gazelle",
    "unicorn_enterprises_platform": "unicorn",
}


def _count(code: str, start: dt.date, end: dt.date) -> int:
    return pools.tier_count(code, end)


def _breakdown(code: str, start: dt.date, end: dt.date, by: str) -> dict:
    return pools.tier_breakdown(code, end, by)


def register_metrics() -> None:
    from monitoring.metrics import Metric, register_metric

    for code, name, *_rest in pools.DEFAULT_TIERS:
        register_metric(
            Metric(
                code=f"pool_{code}",
                label=str(_("培育库在库企业数：%(name)s") % {"name": name}),
                unit="家",
                compute=partial(_count, code),
                cumulative=True,
                breakdown=partial(_breakdown, code),
                breakdowns=("new_city", "chain"),
                description=str(_("期末在该层级、经运营确认的企业数（资质已核验）。")),
            )
        )
