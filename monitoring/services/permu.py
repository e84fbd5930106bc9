"""亩均论英雄 (seed 002 4.4): per-mu indicators, a weighted composite, grades A/B/C/D and the list
for differentiated allocation of land, energy and funding.

Method (settings.MONITORING_PER_MU, shown with its source on every page):
- per-mu figures: investment, output, tax and industrial value added (万元) ÷ land (亩);
  energy intensity = energy (吨标准煤) ÷ industrial value added (万元), "亩均工业增加值能耗";
- each part scores 0–100 against the best park of the year: 100 × value ÷ best for the
  higher-is-better parts, 100 × best ÷ value for energy intensity (lower is better);
  a missing figure scores 0 for that part and is listed as missing;
- composite = Σ weight × part score ÷ Σ weights; grade A/B/C/D by the thresholds.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit

from ..models import ParkEvaluation, ParkYear

TWO = Decimal("0.01")
PARTS = {
    # key: (label, unit, lower is better)
    "investment": (gettext_lazy("亩均投资"), gettext_lazy("万元/亩"), False),
    "output": (gettext_lazy("亩均产值"), gettext_lazy("万元/亩"), False),
    "tax": (gettext_lazy("亩均税收"), gettext_lazy("万元/亩"), False),
    "value_added": (gettext_lazy("亩均工业增加值"), gettext_lazy("万元/亩"), False),
    "energy_intensity": (gettext_lazy("亩均工业增加值能耗"), gettext_lazy("吨标准煤/万元"), True),
}


def method() -> dict:
    return dict(settings.MONITORING_PER_MU)


@dataclass
class ParkScore:
    park: object
    figures: ParkYear
    values: dict  # part -> per-mu value (None when missing)
    scores: dict = field(default_factory=dict)  # part -> 0..100
    composite: Decimal = Decimal(0)
    grade: str = "D"
    rank: int = 0
    missing: list = field(default_factory=list)


def per_mu_values(park, figures: ParkYear) -> dict:
    land = park.land_area_mu
    values = {}
    for key in ("investment", "output", "tax", "value_added"):
        amount = getattr(figures, key)
        values[key] = (amount / land).quantize(TWO) if amount is not None and land else None
    if figures.energy is not None and figures.value_added:
        values["energy_intensity"] = (figures.energy / figures.value_added).quantize(Decimal("0.0001"))
    else:
        values["energy_intensity"] = None
    return values


def grade_of(composite: Decimal, thresholds: dict) -> str:
    for grade in ("A", "B", "C"):
        if composite >= Decimal(str(thresholds[grade])):
            return grade
    return "D"


def evaluate(year: int) -> list[ParkScore]:
    """Score every park with a land area and figures for ``year``, best first."""
    conf = method()
    weights = {k: Decimal(str(v)) for k, v in conf["weights"].items()}
    rows = [
        ParkScore(park=f.park, figures=f, values=per_mu_values(f.park, f))
        for f in ParkYear.objects.filter(year=year, park__land_area_mu__gt=0).select_related("park")
    ]
    for key, (_label, _unit, lower) in PARTS.items():
        present = [r.values[key] for r in rows if r.values[key] is not None and r.values[key] > 0]
        best = (min(present) if lower else max(present)) if present else None
        for row in rows:
            value = row.values[key]
            if value is None or best is None or value <= 0:
                row.scores[key] = Decimal(0)
                row.missing.append(key)
            else:
                ratio = best / value if lower else value / best
                row.scores[key] = (ratio * 100).quantize(TWO)
    total = sum(weights.values())
    for row in rows:
        row.composite = (sum(weights[k] * row.scores[k] for k in PARTS) / total).quantize(TWO)
        row.grade = grade_of(row.composite, conf["thresholds"])
    rows.sort(key=lambda r: (-r.composite, r.park.name))
    for position, row in enumerate(rows, start=1):
        row.rank = position
    return rows


@transaction.atomic
def park_evaluation_run(*, year: int, by) -> list[ParkEvaluation]:
    """Keep the year's grades (the grade history), replacing an earlier run of the same year."""
    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以发布亩均评价。"))
    conf = method()
    rows = evaluate(year)
    ParkEvaluation.objects.filter(year=year).delete()
    saved = [
        ParkEvaluation.objects.create(
            park=row.park,
            year=year,
            composite=row.composite,
            grade=row.grade,
            rank=row.rank,
            parts={
                k: {"value": str(row.values[k]) if row.values[k] is not None else None, "score": str(row.scores[k])}
                for k in PARTS
            },
            method={k: conf[k] for k in ("weights", "thresholds", "source")},
            evaluated_at=timezone.now(),
            evaluated_by=by,
        )
        for row in rows
    ]
    audit(actor=by, action="monitoring.park.evaluate", target=None, note=str(year), data={"parks": len(saved)})
    return saved


def allocation(year: int) -> list[dict]:
    """The list for differentiated allocation: parks by grade with the measure the grade carries."""
    conf = method()
    rows = evaluate(year)
    return [
        {
            "grade": grade,
            "measure": conf["allocation"].get(grade, ""),
            "parks": [r for r in rows if r.grade == grade],
        }
        for grade in ("A", "B", "C", "D")
    ]
