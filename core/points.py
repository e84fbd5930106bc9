"""Points models as data, shared by every kind of subject (enterprise innovation points, talent points).

A points *definition* is plain JSON kept on a versioned model row::

    {"indicators": [{"code", "label", "fact", "unit", "bands": [[lower bound, band score], ...],
                     "weights": {<weight key>: weight, ...}}, ...]}

Each indicator reads one fact of a ``core.rules`` fact set for the subject, finds the band its
value falls in (0-100) and contributes ``band score × weight / 100`` points. The weight key is
what differs between subjects of one kind: the enterprise's stage (初创期/成长期/稳定期) or the
talent's category (高层次人才/青年人才/博士 ...). The breakdown lists every indicator, so a score can
be recomputed by hand.
"""

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .rules import FactSet

TWO = Decimal("0.01")


def band_score(bands, value) -> int:
    """The band score of ``value``: the score of the highest band whose lower bound it reaches; 0 for no data."""
    if value is None:
        return 0
    number = Decimal(1 if value is True else 0 if value is False else str(value))
    score = 0
    for low, band in bands:
        if number >= Decimal(str(low)):
            score = band
    return score


def score(
    definition: dict,
    facts: FactSet,
    obj,
    ctx: dict,
    weight_key: str,
    source: Callable[[str], str] = lambda fact: "",
) -> tuple[Decimal, list[dict]]:
    """(total, breakdown) of ``obj`` under ``definition`` with the weights of ``weight_key``."""
    total, parts = Decimal(0), []
    for ind in definition["indicators"]:
        value = facts.facts[ind["fact"]].value(obj, ctx)
        band = band_score(ind["bands"], value)
        weight = Decimal(str(ind["weights"].get(weight_key, 0)))
        points = (Decimal(band) * weight / 100).quantize(TWO, ROUND_HALF_UP)
        total += points
        parts.append(
            {
                "indicator": ind["code"],
                "label": ind["label"],
                "group": ind.get("group", ""),
                "value": (bool(value) if isinstance(value, bool) else None if value is None else float(value)),
                "unit": ind.get("unit", ""),
                "source": source(ind["fact"]),
                "band_score": band,
                "weight": float(weight),
                "points": float(points),
            }
        )
    return total.quantize(TWO), parts


def validate_weights(definition: dict, facts: FactSet, weight_keys) -> None:
    """Known facts, ascending bands, and weights summing to 100 for every key."""
    for ind in definition.get("indicators", []):
        if ind.get("fact") not in facts.facts:
            raise ValidationError(_("积分指标 %(c)s 的指标无效。") % {"c": ind.get("code")})
        lows = [b[0] for b in ind["bands"]]
        if lows != sorted(lows):
            raise ValidationError(_("积分指标 %(c)s 的分档须从低到高。") % {"c": ind["code"]})
    for key in weight_keys:
        total = sum(Decimal(str(i["weights"].get(key, 0))) for i in definition["indicators"])
        if abs(total - 100) > Decimal("0.01"):
            raise ValidationError(_("%(s)s 权重合计须为 100。") % {"s": key})
