"""A call (征集/评选/揭榜/路演/清单): the one programme record every kind is a configuration of."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.fields import ChoiceListField


class Kind(models.TextChoices):
    CHALLENGE = "challenge", _("揭榜挂帅")  # a hard problem teams apply to solve; may race (赛马制)
    ROADSHOW = "roadshow", _("路演")  # projects present; judges score live (以演代评)
    SCENARIO_SELECTION = "scenario_selection", _("首发应用场景评选")  # yearly selection of first-use scenarios
    FUNDING = "funding", _("项目资助")  # concept verification and other grants with amounts
    OPPORTUNITY_LIST = "opportunity_list", _("机会清单")  # a large firm's R&D / supply-chain / incubation needs
    SCENARIO_LIST = "scenario_list", _("场景清单")  # numbered scenario needs and capabilities


class Stage(models.TextChoices):
    DRAFT = "draft", _("草稿")  # being prepared by operators; visible to them only
    OPEN = "open", _("征集中")  # entries may be submitted, edited and withdrawn until the deadline
    REVIEW = "review", _("评审中")  # entries frozen; drawn reviewers (or judges) score them
    PUBLICITY = "publicity", _("公示中")  # the proposed result is public; objections may be raised
    RESULTS = "results", _("结果已公布")  # results and awards published
    RACING = "racing", _("赛马中")  # several selected teams run in parallel with milestones
    CLOSED = "closed", _("已结束")  # finished
    CANCELLED = "cancelled", _("已取消")  # stopped with a reason


class TieBreak(models.TextChoices):
    EARLIER_SUBMISSION = "earlier_submission", _("得分相同时，先提交者在前")
    FIRST_CRITERION = "first_criterion", _("得分相同时，第一项评分指标得分高者在前，再按提交时间")


def current_year() -> int:
    return timezone.localdate().year


class Call(models.Model):
    """A published programme: kind, owner, stages and dates, eligibility, entry form, rubric,
    review settings, award. Kind-specific fields are blank where a kind does not use them."""

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    body = models.TextField(_("详细说明"), blank=True)
    owner_org = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programme_calls",
        verbose_name=_("发布机构"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    # Besides platform operators, these users run the call and read its entries (the 出题者/阅卷人
    # of a challenge: the demand owner's staff).
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="managed_calls", verbose_name=_("管理人")
    )
    stage = models.CharField(_("阶段"), max_length=12, choices=Stage.choices, default=Stage.DRAFT, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), default=current_year)
    industry_chains = models.ManyToManyField(
        "reference.IndustryChain", blank=True, related_name="+", verbose_name=_("产业链")
    )
    opens_at = models.DateTimeField(_("征集开始"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    publicity_days = models.PositiveSmallIntegerField(_("公示天数"), default=5)
    publicity_ends_at = models.DateTimeField(_("公示截止"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    results_at = models.DateTimeField(_("结果公布时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)

    # Eligibility (see programmes.eligibility): organisation kinds allowed (empty: any), verified only.
    eligible_org_kinds = ChoiceListField(_("可申报机构类型"), choices=Organisation.Kind.choices, max_length=200)
    verified_only = models.BooleanField(_("仅限已认证机构"), default=True)
    max_entries_per_org = models.PositiveSmallIntegerField(_("每机构最多申报数"), default=1)
    # The entry form beyond title and summary: [{"name", "label", "required", "max_length"}].
    entry_form = models.JSONField(_("申报表字段"), default=list, blank=True)
    attachment_required = models.BooleanField(_("必须上传附件"), default=False)

    # Review settings.
    reviewers_per_call = models.PositiveSmallIntegerField(_("评审专家人数"), default=5)
    min_enterprise_reviewer_pct = models.PositiveSmallIntegerField(
        _("企业类专家最低比例（%）"), default=0, help_text=_("西咸新区“十四五”科技规划：提高企业类评审专家比例。")
    )
    trim_min_reviewers = models.PositiveSmallIntegerField(
        _("去掉最高最低分所需的最少评分人数"),
        default=5,
        help_text=_("评分人数达到此数时，去掉一个最高分和一个最低分再取平均。"),
    )
    disagreement_points = models.DecimalField(
        _("分歧提示阈值（分）"),
        max_digits=5,
        decimal_places=2,
        default=20,
        help_text=_("同一申报的最高与最低总分之差超过此值时提示分歧。"),
    )
    tie_break = models.CharField(
        _("同分排序规则"), max_length=20, choices=TieBreak.choices, default=TieBreak.EARLIER_SUBMISSION
    )
    places = models.PositiveSmallIntegerField(_("入选名额"), default=1)
    co_operation_years = models.PositiveSmallIntegerField(_("近期合作回避年限"), default=3)
    stats_public = models.BooleanField(_("公开参与统计"), default=True)

    # Challenge (揭榜挂帅 / 赛马制).
    source_demand = models.ForeignKey(
        "catalog.Demand",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
        verbose_name=_("来源需求"),
    )
    is_bottleneck = models.BooleanField(_("卡脖子技术"), default=False)
    problem = models.TextField(_("需解决的问题"), blank=True)
    targets = models.TextField(_("考核指标"), blank=True)
    ip_terms = models.TextField(_("知识产权约定"), blank=True)
    time_limit_months = models.PositiveSmallIntegerField(_("攻关期限（月）"), null=True, blank=True)
    budget_wan = models.DecimalField(_("经费预算（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    award_wan = models.DecimalField(_("奖励/资助金额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    race = models.BooleanField(
        _("赛马制"), default=False, help_text=_("多支团队并行攻关，按里程碑考核，以最优结果结束。")
    )

    # Roadshow and events.
    event_at = models.DateTimeField(_("活动时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    online = models.BooleanField(_("线上"), default=False)
    theme = models.CharField(_("主题"), max_length=200, blank=True)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("项目征集")
        verbose_name_plural = _("项目征集")
        indexes = [models.Index(fields=["kind", "stage"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            errors["closes_at"] = _("截止时间必须晚于开始时间。")
        if self.min_enterprise_reviewer_pct > 100:
            errors["min_enterprise_reviewer_pct"] = _("比例不能超过 100%。")
        for amount in ("budget_wan", "award_wan"):
            value = getattr(self, amount)
            if value is not None and value < 0:
                errors[amount] = _("金额不能为负数。")
        if not isinstance(self.entry_form, list) or any(
            not isinstance(f, dict) or not f.get("name") or not f.get("label") for f in self.entry_form
        ):
            errors["entry_form"] = _("申报表字段格式不正确：每项需有 name 和 label。")
        if errors:
            raise ValidationError(errors)

    @property
    def accepting_entries(self) -> bool:
        now = timezone.now()
        return (
            self.stage == Stage.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )

    @property
    def results_public(self) -> bool:
        return self.stage in (Stage.RESULTS, Stage.RACING, Stage.CLOSED)


class Criterion(models.Model):
    """One line of a call's rubric: a criterion, its weight and its score range."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    name = models.CharField(_("评分指标"), max_length=100)
    description = models.CharField(_("说明"), max_length=300, blank=True)
    weight = models.DecimalField(_("权重（%）"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("满分"), default=10)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("评分指标")
        verbose_name_plural = _("评分指标")

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}%）"


class ListItem(models.Model):
    """A numbered line of a published list (机会清单, 场景清单) that entrants respond to."""

    class Category(models.TextChoices):
        RD = "rd", _("技术研发需求")
        SUPPLY_CHAIN = "supply_chain", _("供应链需求")
        INCUBATION = "incubation", _("入孵需求")
        SCENARIO_NEED = "scenario_need", _("场景需求")
        SCENARIO_CAPABILITY = "scenario_capability", _("场景能力")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("编号"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    scenario = models.ForeignKey(
        "catalog.Scenario",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("关联场景"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("清单条目")
        verbose_name_plural = _("清单条目")
        constraints = [models.UniqueConstraint(fields=["call", "number"], name="programme_item_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Milestone(models.Model):
    """A checkpoint of a race (赛马制): every racing team is checked against it."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="milestones")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("里程碑"), max_length=200)
    due_on = models.DateField(_("考核日期"))
    target = models.CharField(_("考核要求"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "due_on"]
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")

    def __str__(self) -> str:
        return self.title
