"""Scores to a ranking: per-reviewer weighted totals, the trimmed mean, disagreement, ties.

Rules (stated per call, shown on the call's page):
- a reviewer's total for an entry = Σ (score / criterion's full marks × criterion's weight), on a
  100-point scale when the weights add up to 100 (checked when the call is published);
- the entry's score = the mean of the reviewers' totals; when at least ``trim_min`` reviewers
  scored it, the single highest and single lowest totals are dropped first (去掉一个最高分和一个最低分);
- disagreement is flagged when the highest and lowest totals differ by more than the call's threshold;
- ties: by the call's rule (earlier submission first, or higher first-criterion average, then earlier
  submission), so the order never depends on database row order.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO = Decimal("0.01")


def reviewer_total(values: dict[int, Decimal], criteria) -> Decimal:
    """``values`` maps criterion id to score; ``criteria`` is the call's rubric (weight in %, max_score)."""
    total = Decimal(0)
    for criterion in criteria:
        total += Decimal(values[criterion.pk]) / Decimal(criterion.max_score) * Decimal(criterion.weight)
    return total


@dataclass(frozen=True)
class Aggregate:
    score: Decimal | None  # 0-100, two decimals; None when nobody scored
    trimmed: bool  # highest and lowest dropped
    spread: Decimal  # highest total - lowest total
    n: int  # reviewers who scored


def aggregate(totals: list[Decimal], *, trim_min: int) -> Aggregate:
    if not totals:
        return Aggregate(None, False, Decimal(0), 0)
    ordered = sorted(totals)
    spread = ordered[-1] - ordered[0]
    trimmed = len(ordered) >= max(trim_min, 3)
    kept = ordered[1:-1] if trimmed else ordered
    mean = sum(kept, Decimal(0)) / len(kept)
    return Aggregate(mean.quantize(TWO, rounding=ROUND_HALF_UP), trimmed, spread.quantize(TWO), len(ordered))
