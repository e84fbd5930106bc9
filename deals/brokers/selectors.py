"""Broker performance over a period and the weighted ranking.

Measures per broker, for [start, end]:
- deals_landed: deals the broker is assigned to whose contract was signed in the period and that
  reached 签约 or beyond, each credited by the broker's share (a co-brokered deal is split by the
  stated shares, or equally among its brokers when none is stated: never counted in full twice);
- turnover: technology transaction amount (万元) of those deals' contracts registered in the period,
  by the statistics' rule for their state at the period's end, times the broker's share;
- enterprises: distinct enterprises served (demand parties of landed deals, plus enterprises named
  in the broker's work log in the period);
- achievements: distinct achievements mined (挖掘 entries in the period);
- response_hours: mean WORKING hours (core.workdays: office hours on Chinese working days, public
  holidays and 调休 from chinesecalendar) from assignment to first action, over assignments made in
  the period;
- fees (万元) and the mean client rating (1–5) recorded on the assignments (not scored).
A score normalises each measure to the best broker's value (response: fastest / own) and weights it.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from core.workdays import working_hours_between

from .. import statistics
from ..models import Broker, BrokerAssignment, Contract, WorkLog
from ..models.deals import LANDED_STAGES

MEASURES = ("deals_landed", "turnover", "enterprises", "achievements", "response")
DEFAULT_WEIGHTS = {"deals_landed": 1.0, "turnover": 1.0, "enterprises": 1.0, "achievements": 1.0, "response": 1.0}


@dataclass
class Performance:
    broker: Broker
    deals_landed: int = 0
    turnover: Decimal = Decimal(0)
    enterprises: int = 0
    achievements: int = 0
    response_hours: float | None = None
    score: float = 0.0
    rank: int = 0
    deal_ids: list[int] = field(default_factory=list)
    fees: Decimal = Decimal(0)
    rating: float | None = None


def deal_shares(deal_ids) -> dict[tuple[int, int], Decimal]:
    """{(broker_id, deal_id): share in [0, 1]}: the stated share (%) where one is recorded, the
    rest split equally among the deal's brokers without one."""
    by_deal: dict[int, list] = {}
    for a in BrokerAssignment.objects.filter(deal_id__in=deal_ids).values("broker_id", "deal_id", "share"):
        by_deal.setdefault(a["deal_id"], []).append(a)
    shares = {}
    for deal_id, rows in by_deal.items():
        stated = sum((r["share"] for r in rows if r["share"] is not None), Decimal(0))
        unstated = [r for r in rows if r["share"] is None]
        rest = max(Decimal(100) - stated, Decimal(0)) / len(unstated) if unstated else Decimal(0)
        for r in rows:
            pct = r["share"] if r["share"] is not None else rest
            shares[(r["broker_id"], deal_id)] = pct / Decimal(100)
    return shares


def _broker_performance(broker: Broker, start: dt.date, end: dt.date) -> Performance:
    perf = Performance(broker=broker)
    deal_ids = list(broker.assignments.filter(deal__isnull=False).values_list("deal_id", flat=True))
    landed = Contract.objects.filter(
        deal_id__in=deal_ids, deal__stage__in=LANDED_STAGES, signed_on__gte=start, signed_on__lte=end
    )
    perf.deal_ids = list(landed.values_list("deal_id", flat=True))
    shares = deal_shares(deal_ids)
    credit = sum((shares.get((broker.pk, d), Decimal(0)) for d in perf.deal_ids), Decimal(0))
    perf.deals_landed = float(round(credit, 2)) if credit != int(credit) else int(credit)
    perf.turnover = sum(
        (
            tech * shares.get((broker.pk, deal_id), Decimal(0))
            for deal_id, tech in statistics.registered(start, end)
            .filter(deal_id__in=deal_ids)
            .values_list("deal_id", "eff_tech")
        ),
        Decimal(0),
    ).quantize(Decimal("0.01"))
    assignments = broker.assignments.filter(deal__isnull=False)
    perf.fees = sum((a.fee for a in assignments if a.fee is not None), Decimal(0))
    ratings = [a.client_rating for a in assignments if a.client_rating]
    perf.rating = round(sum(ratings) / len(ratings), 1) if ratings else None
    logs = WorkLog.objects.filter(broker=broker, happened_on__gte=start, happened_on__lte=end)
    enterprises = set(landed.values_list("deal__demand_org_id", flat=True))
    enterprises |= set(logs.filter(enterprise__isnull=False).values_list("enterprise_id", flat=True))
    perf.enterprises = len(enterprises)
    perf.achievements = (
        logs.filter(kind=WorkLog.Kind.MINE, achievement__isnull=False).values("achievement_id").distinct().count()
    )
    responded = BrokerAssignment.objects.filter(
        broker=broker, assigned_at__date__gte=start, assigned_at__date__lte=end, first_response_at__isnull=False
    ).values_list("assigned_at", "first_response_at")
    hours = [working_hours_between(assigned, answered) for assigned, answered in responded]
    perf.response_hours = round(sum(hours) / len(hours), 1) if hours else None
    return perf


def ranking(start: dt.date, end: dt.date, weights: dict[str, float] | None = None) -> list[Performance]:
    weights = weights or DEFAULT_WEIGHTS
    brokers = Broker.objects.filter(active=True).select_related("user", "organisation")
    rows = [_broker_performance(b, start, end) for b in brokers]
    if not rows:
        return rows
    best = {
        "deals_landed": max(r.deals_landed for r in rows),
        "turnover": max(r.turnover for r in rows),
        "enterprises": max(r.enterprises for r in rows),
        "achievements": max(r.achievements for r in rows),
    }
    answered = [r.response_hours for r in rows if r.response_hours is not None]
    fastest = min(answered) if answered else None
    total_weight = sum(weights.values()) or 1.0
    for r in rows:
        parts = {
            name: (float(getattr(r, name)) / float(best[name]) if best[name] else 0.0)
            for name in ("deals_landed", "turnover", "enterprises", "achievements")
        }
        if r.response_hours is None or fastest is None:
            parts["response"] = 0.0
        else:
            parts["response"] = 1.0 if r.response_hours <= 0 else min(1.0, max(fastest, 0.1) / r.response_hours)
        r.score = round(100 * sum(weights.get(k, 0) * v for k, v in parts.items()) / total_weight, 1)
    rows.sort(key=lambda r: (-r.score, -r.deals_landed, r.broker.user.name))
    for i, r in enumerate(rows, start=1):
        r.rank = i
    return rows


def performance_for(broker: Broker, start: dt.date, end: dt.date) -> Performance:
    return _broker_performance(broker, start, end)
