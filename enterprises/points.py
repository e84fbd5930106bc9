"""Innovation points (创新积分): the shipped model, the yearly scoring job and publishing.

Source. 科技部办公厅《“创新积分制”工作指引（全国试行版）》(2024; reported by Xinhua on 13 August
2024, full text reprinted e.g. at http://m.ynjingtao.com.cn/news/cygh/2024/0813/23112.html, from
achie.org). What the platform takes from it:

- three groups of core indicators: 技术创新指标, 成长经营指标, 辅助指标 (the guide has 18
  second-level indicators in them);
- different weights for 初创期, 成长期 and 稳定期 enterprises, technology innovation weighted most;
- the guide lets each place choose local indicators, weights and the calculation.

What is a LOCAL choice here (the weight table of the guide could not be retrieved when this was
built, so none of these numbers is quoted from it): the subset of indicators (those the profile
can measure: R&D expenditure, R&D intensity, R&D staff share, valid invention patents, patents,
revenue, revenue growth, net profit, tax, financing received, 高新技术企业 and 专精特新 status),
the scoring bands, the group weights per stage (初创期 50/25/25, 成长期 45/35/20, 稳定期 40/45/15,
split equally inside a group), the stage boundaries (under 3 years / 3-10 / over 10 since
founding) and the grades (A top 10 %, B next 20 %, C next 40 %, D the rest). Operators change any
of it by adding a new ``PointsModel`` version; runs keep the version they used, so a year's scores
stay reproducible.

Scores: each indicator's measured value falls in a band giving 0-100; the indicator's points are
band score × weight / 100; the total (0-100) is their sum. Only operator-verified figures count.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from core.points import score
from core.rules import annotate

from .facts import ENTERPRISE, context
from .models import AnnualReport, EnterpriseProfile, PointsModel, PointsRun, PointsScore, Qualification, Verification

DEFAULT_CODE = "qcy-2026-local-v1"
STAGES = {"startup": "初创期", "growth": "成长期", "mature": "稳定期"}
GROUPS = [
    {"code": "tech", "label": "技术创新指标"},
    {"code": "growth", "label": "成长经营指标"},
    {"code": "auxiliary", "label": "辅助指标"},
]
GROUP_WEIGHTS = {  # local choice, per stage; each row sums to 100
    "startup": {"tech": 50, "growth": 25, "auxiliary": 25},
    "growth": {"tech": 45, "growth": 35, "auxiliary": 20},
    "mature": {"tech": 40, "growth": 45, "auxiliary": 15},
}
# (fact, group, bands [[lower bound, band score], ...] ascending); local choice.
INDICATORS = [
    ("rd_expenditure", "tech", [[0, 0], [50, 40], [200, 60], [500, 80], [1000, 100]]),
    ("rd_ratio", "tech", [[0, 0], [3, 40], [5, 60], [10, 80], [15, 100]]),
    ("rd_staff_ratio", "tech", [[0, 0], [10, 50], [20, 75], [30, 100]]),
    ("invention_patents", "tech", [[0, 0], [1, 40], [3, 60], [5, 80], [10, 100]]),
    ("patents", "tech", [[0, 0], [1, 30], [5, 60], [10, 80], [20, 100]]),
    ("revenue", "growth", [[0, 0], [500, 30], [2000, 60], [5000, 80], [20000, 100]]),
    ("revenue_growth", "growth", [[-100000, 0], [0, 30], [10, 50], [20, 70], [30, 85], [50, 100]]),
    ("net_profit", "growth", [[-100000000, 0], [0, 40], [100, 60], [500, 80], [2000, 100]]),
    ("tax", "growth", [[0, 0], [50, 40], [200, 70], [1000, 100]]),
    ("financing", "auxiliary", [[0, 0], [100, 40], [1000, 70], [5000, 100]]),
    ("has_high_tech", "auxiliary", [[0, 0], [1, 100]]),
    ("has_srdi_sme", "auxiliary", [[0, 0], [1, 100]]),
]
# Grade by the share of scored firms ranked above (percentile, 0 for the first): A under 10 %,
# B under 30 %, C under 70 %, D the rest. Local choice.
GRADES = [[10, "A"], [30, "B"], [70, "C"], [100, "D"]]
TWO = Decimal("0.01")


def default_definition() -> dict:
    indicators = []
    for fact, group, bands in INDICATORS:
        in_group = sum(1 for _f, g, _b in INDICATORS if g == group)
        weights = {
            stage: float((Decimal(GROUP_WEIGHTS[stage][group]) / in_group).quantize(Decimal("0.0001")))
            for stage in STAGES
        }
        f = ENTERPRISE.facts[fact]
        indicators.append(
            {
                "code": fact,
                "label": str(f.label),
                "group": group,
                "fact": fact,
                "unit": f.unit,
                "bands": bands,
                "weights": weights,
            }
        )
    return {"groups": GROUPS, "stages": STAGES, "indicators": indicators, "grades": GRADES}


def ensure_default_model() -> PointsModel:
    model, _created = PointsModel.objects.get_or_create(
        code=DEFAULT_CODE,
        defaults={
            "name": "秦创原科技大市场创新积分模型（本地版 v1）",
            "source": "科技部办公厅《“创新积分制”工作指引（全国试行版）》（2024）：三类一级指标与分阶段赋权；"
            "指标子集、分档、权重与分级为本平台的本地选择。",
            "definition": default_definition(),
        },
    )
    return model


def validate_definition(definition: dict) -> None:
    """A model's definition: known facts, ascending bands, stage weights summing to 100."""
    codes = {g["code"] for g in definition.get("groups", [])}
    for ind in definition.get("indicators", []):
        if ind.get("fact") not in ENTERPRISE.facts or ind.get("group") not in codes:
            raise ValidationError(_("积分指标 %(c)s 的指标或分组无效。") % {"c": ind.get("code")})
        lows = [b[0] for b in ind["bands"]]
        if lows != sorted(lows):
            raise ValidationError(_("积分指标 %(c)s 的分档须从低到高。") % {"c": ind["code"]})
    for stage in definition.get("stages", {}):
        total = sum(Decimal(str(i["weights"][stage])) for i in definition["indicators"])
        if abs(total - 100) > Decimal("0.01"):
            raise ValidationError(_("%(s)s 权重合计须为 100。") % {"s": stage})


def source_label(fact_code: str, year: int) -> str:
    """Where an indicator's value comes from, e.g. \"2025 年报（已核验）\"."""
    if fact_code.startswith("has_"):
        return _("资质（已核验）")
    if "patents" in fact_code:
        return _("专利池（平台计算）")
    if fact_code.endswith("growth"):
        return _("%(y)s、%(p)s 年报（已核验）") % {"y": year, "p": year - 1}
    return _("%(y)s 年报（已核验）") % {"y": year}


def score_profile(definition: dict, profile: EnterpriseProfile, ctx: dict) -> tuple[str, Decimal, list[dict]]:
    """(stage, total 0-100, breakdown) for one enterprise; the breakdown lists every indicator
    (``core.points.score``: the mechanism shared with talent points, weights keyed by stage)."""
    stage = profile.stage(ctx["day"])
    total, parts = score(definition, ENTERPRISE, profile, ctx, stage, lambda fact: source_label(fact, ctx["year"]))
    return stage, total, parts


def grade_for(percentile: Decimal, grades) -> str:
    for top, grade in grades:
        if percentile < Decimal(str(top)):
            return grade
    return grades[-1][1]


def scoring_population(year: int):
    """Enterprises with a verified annual report for ``year`` (no verified figures, no score)."""
    ctx = context(year)
    qs = (
        EnterpriseProfile.objects.filter(reports__year=year, reports__status=Verification.VERIFIED)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("reports", queryset=AnnualReport.objects.filter(year__in=[year, year - 1])),
            Prefetch("qualifications", queryset=Qualification.objects.all()),
        )
        .distinct()
    )
    return annotate(ENTERPRISE, qs, ["patents", "invention_patents"], ctx)


@transaction.atomic
def score_year(*, year: int, by=None, model: PointsModel | None = None) -> PointsRun:
    """The yearly scoring job: scores every enterprise with verified figures for ``year`` under
    ``model`` (default: the shipped one) into a new draft run, replacing an earlier draft of the
    same year and model. Raises ValidationError when that year is already published under it.

    Call it from a management command (``score_innovation_points``) or a job runner."""
    if by is not None and not by.is_operator:
        raise PermissionDenied
    model = model or ensure_default_model()
    validate_definition(model.definition)
    if PointsRun.objects.filter(model=model, year=year, status=PointsRun.Status.PUBLISHED).exists():
        raise ValidationError(_("%(y)s 年度积分已按该模型发布，如需调整请新建模型版本。") % {"y": year})
    PointsRun.objects.filter(model=model, year=year, status=PointsRun.Status.DRAFT).delete()
    run = PointsRun.objects.create(model=model, year=year, started_by=by)
    ctx = context(year)
    rows = []
    for profile in scoring_population(year):
        stage, total, parts = score_profile(model.definition, profile, ctx)
        rows.append((profile, stage, total, parts))
    rows.sort(key=lambda r: (-r[2], r[0].organisation.name))
    n, scores, rank, previous = len(rows), [], 0, None
    for index, (profile, stage, total, parts) in enumerate(rows, start=1):
        if total != previous:
            rank, previous = index, total
        percentile = (Decimal(rank - 1) * 100 / n).quantize(Decimal("0.1"), ROUND_HALF_UP)
        scores.append(
            PointsScore(
                run=run,
                profile=profile,
                stage=stage,
                total=total,
                rank=rank,
                percentile=percentile,
                grade=grade_for(percentile, model.definition["grades"]),
                breakdown=parts,
            )
        )
    PointsScore.objects.bulk_create(scores, batch_size=500)
    run.scored = n
    run.save(update_fields=["scored"])
    audit(actor=by, action="enterprise.points.score", target=run, data={"year": year, "scored": n})
    return run


@transaction.atomic
def publish_run(*, run: PointsRun, by) -> PointsRun:
    """Publish a draft run: enterprises then see their own points, leaders the distributions."""
    if not by.is_operator:
        raise PermissionDenied
    run = PointsRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PointsRun.Status.DRAFT:
        raise ValidationError(_("该批次已发布。"))
    run.status, run.published_at, run.published_by = PointsRun.Status.PUBLISHED, timezone.now(), by
    run.save(update_fields=["status", "published_at", "published_by"])
    audit(actor=by, action="enterprise.points.publish", target=run)
    return run
