"""Indicators the platform computes from its own records, declared by the apps that own them.

The monitoring app never imports deals, patents or catalog models: each app registers its
metrics here in its AppConfig.ready(). A metric gives one value for a period, and optionally a
breakdown of that value (by new city, industry chain, contract type ...).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Metric:
    code: str  # stable identifier, e.g. "tech_contract_turnover"
    label: str  # Chinese name shown on dashboards
    unit: str  # e.g. "亿元", "家", "件", "项"
    # Value for records dated in [start, end] (inclusive), or a stock value as of ``end`` when cumulative.
    compute: Callable[[dt.date, dt.date], Decimal | int]
    cumulative: bool = False  # True: a stock as of ``end`` (e.g. patents in pools); False: a flow over the period
    # breakdown(start, end, by) -> {label: value}; ``by`` is one of ``breakdowns``.
    breakdown: Callable[[dt.date, dt.date, str], dict[str, Decimal | int]] | None = None
    breakdowns: tuple[str, ...] = ()
    description: str = ""
    # crosstab(start, end, rows, cols) -> {row_label: {col_label: value}} for two of ``breakdowns``
    # (e.g. new city × industry chain); None when the owner offers no cross-tabulation.
    crosstab: Callable[[dt.date, dt.date, str, str], dict[str, dict[str, Decimal | int]]] | None = None
    # data_since() -> the date of the platform's first record this metric counts (None: no record yet).
    # Periods before that year show the official figure when entered, else "平台无数据" (never 0%).
    data_since: Callable[[], dt.date | None] | None = None


_METRICS: dict[str, Metric] = {}


def register_metric(metric: Metric) -> None:
    _METRICS[metric.code] = metric


def get_metric(code: str) -> Metric:
    return _METRICS[code]


def metrics() -> dict[str, Metric]:
    return dict(_METRICS)
