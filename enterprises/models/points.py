"""Innovation points (创新积分): the model as data, yearly runs, per-enterprise scores with breakdown.

The guide (科技部《“创新积分制”工作指引（全国试行版）》, 2024) sets three groups of core indicators
(技术创新指标、成长经营指标、辅助指标) weighted differently for 初创期、成长期、稳定期 enterprises and
leaves local indicators, weights and the calculation to each place. ``enterprises.points`` holds the
model this platform ships and says which parts are local choices.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .profiles import EnterpriseProfile


class PointsModel(models.Model):
    """One version of the scoring model. Never edited once a run used it: a change is a new version."""

    code = models.SlugField(_("版本代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    source = models.TextField(_("依据"), blank=True)
    # {"groups": [{code,label}], "indicators": [{code,label,group,fact,unit,bands:[[min,score]...],
    #   weights:{startup,growth,mature}}], "grades": [[top_percent, "A"], ...]}
    definition = models.JSONField(_("模型定义"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("积分模型版本")
        verbose_name_plural = _("积分模型版本")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PointsRun(models.Model):
    """The yearly scoring of every enterprise under one model version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待发布")  # computed; operators only
        PUBLISHED = "published", _("已发布")  # enterprises see their own points; leaders see distributions

    model = models.ForeignKey(PointsModel, on_delete=models.PROTECT, related_name="runs", verbose_name=_("模型版本"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    scored = models.PositiveIntegerField(_("评分企业数"), default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("积分评价批次")
        verbose_name_plural = _("积分评价批次")

    def __str__(self) -> str:
        return f"{self.year} {self.model.code}"


STAGE_LABELS = {"startup": _("初创期"), "growth": _("成长期"), "mature": _("稳定期")}


class PointsScore(models.Model):
    run = models.ForeignKey(PointsRun, on_delete=models.CASCADE, related_name="scores")
    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="scores")
    stage = models.CharField(_("发展阶段"), max_length=10)
    total = models.DecimalField(_("创新积分"), max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField(_("排名"))
    percentile = models.DecimalField(_("排名在前企业占比（%）"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("等级"), max_length=2)
    # [{indicator, label, group, value, unit, source, band_score, weight, points}]
    breakdown = models.JSONField(_("得分明细"), default=list)

    class Meta:
        ordering = ["rank"]
        verbose_name = _("企业创新积分")
        verbose_name_plural = _("企业创新积分")
        constraints = [models.UniqueConstraint(fields=["run", "profile"], name="enterprises_one_score_per_run")]

    def __str__(self) -> str:
        return f"{self.profile} {self.total}"

    @property
    def stage_label(self) -> str:
        return str(STAGE_LABELS.get(self.stage, self.stage))
