"""Talent points (人才动态积分, seed 001 三(四)4③: "按照不同人才类别和层次，设立不同积分评价模型，
为各类人才精准匹配优惠政策").

The mechanism is the one the enterprise innovation points use (``core.points``: a definition as
data, indicators read from a ``core.rules`` fact set, bands and weights, a stored breakdown); here
the weights are keyed by the talent category instead of the enterprise stage.

Every number below is a LOCAL choice (the seed gives the principle, no model): the indicators, the
bands and the per-category weights. Operators change them by adding a new ``TalentPointsModel``
version and marking it current; scores then recompute.

A person's points are dynamic: recomputed when an operator verifies the profile, when the
verified profile changes and when the current model changes. Only verified profiles are scored.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy

from core.points import score, validate_weights

from .facts import TALENT, context
from .models import Category, ProfileStatus, TalentPoints, TalentPointsModel, TalentProfile

DEFAULT_CODE = "qcy-talent-local-v1"
# (fact, bands [[lower bound, band score], ...]); local choice.
INDICATORS = [
    ("level_rank", [[0, 0], [1, 20], [2, 40], [3, 60], [4, 80], [5, 100]]),
    ("degree_rank", [[0, 0], [1, 40], [2, 70], [3, 100]]),
    ("title_rank", [[0, 0], [1, 40], [2, 70], [3, 100]]),
    ("invention_patents", [[0, 0], [1, 50], [3, 75], [5, 100]]),
    ("patents", [[0, 0], [1, 40], [5, 70], [10, 100]]),
    ("overseas", [[0, 0], [1, 100]]),
]
# Weights per category (each column sums to 100); local choice: the level weighs most for
# 高层次人才, the degree for 博士 and 青年人才, the title and patents for 高技能人才, overseas
# experience for 海外归国人才.
WEIGHTS = {
    "level_rank": {"high_level": 40, "young": 20, "doctor": 15, "skilled": 20, "management": 30, "overseas": 25},
    "degree_rank": {"high_level": 10, "young": 30, "doctor": 40, "skilled": 10, "management": 20, "overseas": 15},
    "title_rank": {"high_level": 20, "young": 20, "doctor": 15, "skilled": 35, "management": 30, "overseas": 15},
    "invention_patents": {"high_level": 15, "young": 15, "doctor": 15, "skilled": 15, "management": 5, "overseas": 10},
    "patents": {"high_level": 10, "young": 10, "doctor": 10, "skilled": 20, "management": 5, "overseas": 5},
    "overseas": {"high_level": 5, "young": 5, "doctor": 5, "skilled": 0, "management": 10, "overseas": 30},
}
SOURCES = {
    "level_rank": gettext_lazy("人才层次（运营核验）"),
    "degree_rank": gettext_lazy("学位（运营核验）"),
    "title_rank": gettext_lazy("职称（运营核验）"),
    "invention_patents": gettext_lazy("专利池（平台计算）"),
    "patents": gettext_lazy("专利池（平台计算）"),
    "overseas": gettext_lazy("海外经历（运营核验）"),
}


def default_definition() -> dict:
    indicators = []
    for fact, bands in INDICATORS:
        f = TALENT.facts[fact]
        indicators.append(
            {
                "code": fact,
                "label": str(f.label),
                "fact": fact,
                "unit": f.unit,
                "bands": bands,
                "weights": WEIGHTS[fact],
            }
        )
    return {"weight_key": "category", "categories": list(Category.values), "indicators": indicators}


def current_model() -> TalentPointsModel:
    model = TalentPointsModel.objects.filter(is_current=True).order_by("-created_at").first()
    if model is None:
        model, _created = TalentPointsModel.objects.get_or_create(
            code=DEFAULT_CODE,
            defaults={
                "name": "秦创原人才积分模型（本地版 v1）",
                "source": "秦创原总窗口行动方案（2024-2026）三（四）4③：人才注册制、积分制，按类别和层次设立不同积分模型；"
                "指标、分档与分类权重为本平台的本地选择。",
                "definition": default_definition(),
                "is_current": True,
            },
        )
    return model


def validate_definition(definition: dict) -> None:
    validate_weights(definition, TALENT, Category.values)


def score_profile(definition: dict, profile: TalentProfile, ctx: dict | None = None) -> tuple[Decimal, list[dict]]:
    """(total 0-100, breakdown) for one person under ``definition``, weights of their category."""
    ctx = ctx or context()
    return score(definition, TALENT, profile, ctx, profile.category, lambda fact: str(SOURCES.get(fact, "")))


@transaction.atomic
def recompute(profile: TalentProfile) -> TalentPoints | None:
    """Recompute one person's points (deleted while the profile is not verified)."""
    if profile.status != ProfileStatus.VERIFIED:
        TalentPoints.objects.filter(profile=profile).delete()
        return None
    model = current_model()
    total, parts = score_profile(model.definition, profile)
    points, _created = TalentPoints.objects.update_or_create(
        profile=profile, defaults={"model": model, "total": total, "breakdown": parts}
    )
    return points


def recompute_all() -> int:
    n = 0
    for profile in TalentProfile.objects.filter(status=ProfileStatus.VERIFIED).prefetch_related("patents"):
        recompute(profile)
        n += 1
    return n
