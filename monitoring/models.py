"""Indicators, plan targets, observations with their revision history, the task ledger, and park
per-mu figures (亩均论英雄)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    COMPUTED = "computed", _("平台计算")  # refreshed from platform records through a registered metric
    REPORTED = "reported", _("运营填报")  # entered by an operator with its evidence


class Direction(models.TextChoices):
    INCREASE = "increase", _("越高越好")
    DECREASE = "decrease", _("越低越好")


class Aggregation(models.TextChoices):
    STOCK = "stock", _("存量（期末数）")  # e.g. 高新技术企业数 as of the period end
    FLOW = "flow", _("流量（期内累计）")  # e.g. 技术合同交易额 within the period


class PeriodType(models.TextChoices):
    WEEK = "week", _("周")
    MONTH = "month", _("月")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")
    CUSTOM = "custom", _("自定义")


class PlanDocument(models.Model):
    """A planning document a target is quoted from."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    title = models.CharField(_("文件标题"), max_length=200)
    issuer = models.CharField(_("发布单位"), max_length=100, blank=True)
    issued = models.CharField(_("发布时间"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("规划文件")
        verbose_name_plural = _("规划文件")

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    code = models.SlugField(_("指标代码"), max_length=60, unique=True)
    name = models.CharField(_("指标名称"), max_length=120)
    unit = models.CharField(_("单位"), max_length=20)
    definition = models.TextField(_("口径说明"), blank=True)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    aggregation = models.CharField(_("统计方式"), max_length=10, choices=Aggregation.choices, default=Aggregation.STOCK)
    owner_department = models.CharField(_("责任部门"), max_length=100, blank=True)
    source = models.CharField(_("数据来源"), max_length=10, choices=Source.choices)
    metric_code = models.CharField(
        _("平台计算指标代码"),
        max_length=60,
        blank=True,
        help_text=_("monitoring.metrics 中注册的代码；仅平台计算指标填写"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    lead_unit = models.ForeignKey(
        "monitoring.ResponsibleUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_indicators",
        verbose_name=_("牵头单位"),
    )
    co_units = models.ManyToManyField(
        "monitoring.ResponsibleUnit", blank=True, related_name="co_indicators", verbose_name=_("配合单位")
    )
    # Periods ending before this date precede the platform's own records: they show the official
    # figure when one is entered, else "平台无数据" (never a computed 0). Empty: the setting's default.
    platform_data_since = models.DateField(_("平台数据起始日期"), null=True, blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source="reported", metric_code="") | ~models.Q(source="reported"),
                name="monitoring_reported_has_no_metric",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED


class Target(models.Model):
    """A figure a plan sets for an indicator, quoted exactly with its section."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("指标"))
    plan = models.ForeignKey(PlanDocument, on_delete=models.PROTECT, related_name="targets", verbose_name=_("规划文件"))
    section = models.CharField(_("章节"), max_length=120)
    year = models.PositiveSmallIntegerField(_("目标年份"))
    value = models.DecimalField(_("目标值"), max_digits=16, decimal_places=4)
    comparator = models.CharField(_("表述"), max_length=20, blank=True, help_text=_("如：达到、突破、不少于、以上"))
    baseline_value = models.DecimalField(_("基期值"), max_digits=16, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("基期年份"), null=True, blank=True)
    quote = models.TextField(_("原文"), blank=True)
    lead_unit = models.ForeignKey(
        "monitoring.ResponsibleUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_targets",
        verbose_name=_("牵头单位"),
    )
    co_units = models.ManyToManyField(
        "monitoring.ResponsibleUnit", blank=True, related_name="co_targets", verbose_name=_("配合单位")
    )

    class Meta:
        ordering = ["indicator__order", "year"]
        verbose_name = _("规划目标")
        verbose_name_plural = _("规划目标")
        constraints = [models.UniqueConstraint(fields=["indicator", "plan", "year"], name="monitoring_target_once")]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {self.value}"


class Observation(models.Model):
    """One value of an indicator for one period. Changes keep the previous value in a revision."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="observations", verbose_name=_("指标")
    )
    period_type = models.CharField(_("周期"), max_length=10, choices=PeriodType.choices)
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    period_label = models.CharField(_("期间"), max_length=40)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    breakdown = models.JSONField(_("分项"), default=dict, blank=True)  # {"by": {"label": value}}
    evidence = models.TextField(_("佐证说明"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="monitoring/evidence/%Y/%m", blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("填报人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["indicator", "-period_end"]
        verbose_name = _("观测值")
        verbose_name_plural = _("观测值")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period_start", "period_end"], name="monitoring_observation_once"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="monitoring_period_order"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period_type", "period_end"])]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period_label}: {self.value}"


class ObservationRevision(models.Model):
    """The value an observation had before a change, who changed it and why."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="revisions")
    previous_value = models.DecimalField(_("原数值"), max_digits=18, decimal_places=4)
    new_value = models.DecimalField(_("新数值"), max_digits=18, decimal_places=4)
    previous_evidence = models.TextField(_("原佐证说明"), blank=True)
    previous_reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("修改原因"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("修改人"),
    )
    changed_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("观测值修订")
        verbose_name_plural = _("观测值修订")

    def __str__(self) -> str:
        return f"{self.previous_value} → {self.new_value}"


class RefreshRun(models.Model):
    """One refresh of the computed indicators (scheduled or on demand)."""

    trigger = models.CharField(_("触发方式"), max_length=10, choices=[("schedule", _("定时")), ("manual", _("手动"))])
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    created = models.PositiveIntegerField(_("新增"), default=0)
    changed = models.PositiveIntegerField(_("变更"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    problems = models.JSONField(_("问题"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("刷新记录")
        verbose_name_plural = _("刷新记录")

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"


class LedgerTask(models.Model):
    """A quantified task of the action plan (台账), closed out (销号) by a reviewer with evidence."""

    class Recurrence(models.TextChoices):
        ANNUAL = "annual", _("每年")  # one ledger row per plan year
        PLAN_PERIOD = "plan_period", _("三年内/到期末")  # one row due at the end of the plan period

    class Status(models.TextChoices):
        OPEN = "open", _("未启动")  # no progress entered yet
        IN_PROGRESS = "in_progress", _("推进中")  # at least one progress entry
        PENDING = "pending", _("待复核销号")  # one person (or the platform's data) proposed the close-out
        CLOSED = "closed", _("已销号")  # a second person confirmed the close-out

    code = models.CharField(_("编号"), max_length=40, unique=True)
    title = models.CharField(_("任务"), max_length=300)
    plan = models.ForeignKey(PlanDocument, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("规划文件"))
    section = models.CharField(_("章节"), max_length=60)
    quote = models.TextField(_("原文"), blank=True)
    owner_department = models.CharField(_("责任部门"), max_length=100, blank=True)
    recurrence = models.CharField(_("频次"), max_length=12, choices=Recurrence.choices)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    deadline = models.DateField(_("完成时限"))
    goal_value = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2, null=True, blank=True)
    goal_unit = models.CharField(_("单位"), max_length=20, blank=True)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks", verbose_name=_("关联指标")
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("销号人"),
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    close_note = models.TextField(_("销号意见"), blank=True)
    # Responsible units (牵头/配合) and the person who reports; ``unit_source`` cites where the
    # plan names the unit, or says that an operator assigned it.
    lead_unit = models.ForeignKey(
        "monitoring.ResponsibleUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_tasks",
        verbose_name=_("牵头单位"),
    )
    co_units = models.ManyToManyField(
        "monitoring.ResponsibleUnit", blank=True, related_name="co_tasks", verbose_name=_("配合单位")
    )
    unit_source = models.CharField(_("责任单位依据"), max_length=300, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_tasks",
        verbose_name=_("责任人"),
    )
    report_due = models.DateField(_("进展报送时限"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)  # last reminder sent
    # The state last reminded ("due:2026-12-31" / "overdue:2026-12-31": state and the date it is
    # about): a reminder goes once per state change, again only when the state or the date moves.
    reminded_state = models.CharField(max_length=30, blank=True, editable=False)
    # A measurable task: the registered metric that counts it, and what it read last.
    metric_code = models.CharField(_("平台计量指标"), max_length=60, blank=True)
    metric_value = models.DecimalField(_("平台计量值"), max_digits=14, decimal_places=2, null=True, blank=True)
    metric_checked_at = models.DateTimeField(_("平台计量时间"), null=True, blank=True)
    # Close-out is two-person: the proposal (a person, or the platform when its data meet the goal)
    # and the confirmation by someone else (``closed_by``).
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("销号申请人"),
    )
    proposed_at = models.DateTimeField(_("销号申请时间"), null=True, blank=True)
    proposal_note = models.TextField(_("销号申请说明"), blank=True)
    proposed_by_platform = models.BooleanField(_("平台数据达标自动申请"), default=False)

    class Meta:
        ordering = ["deadline", "code"]
        verbose_name = _("台账任务")
        verbose_name_plural = _("台账任务")
        indexes = [models.Index(fields=["status", "deadline"]), models.Index(fields=["owner_department"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.CLOSED and self.deadline < timezone.localdate()

    @property
    def is_due_soon(self) -> bool:
        days = (self.deadline - timezone.localdate()).days
        return self.status != self.Status.CLOSED and 0 <= days <= 30


class LedgerProgress(models.Model):
    task = models.ForeignKey(LedgerTask, on_delete=models.CASCADE, related_name="progress", verbose_name=_("任务"))
    date = models.DateField(_("日期"), default=timezone.localdate)
    amount = models.DecimalField(_("完成量"), max_digits=14, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("进展说明"))
    evidence = models.TextField(_("佐证说明"), blank=True)
    evidence_file = models.FileField(_("佐证材料"), upload_to="monitoring/ledger/%Y/%m", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("填报人")
    )
    created_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip() or self.evidence_file)

    def __str__(self) -> str:
        return f"{self.date} {self.note[:40]}"


class ParkPlanTarget(models.Model):
    """A park's output target as the five-year plan states it (seed 002, 专栏 11)."""

    park = models.ForeignKey("reference.Park", on_delete=models.CASCADE, related_name="+", verbose_name=_("园区"))
    year = models.PositiveSmallIntegerField(_("年份"))
    output_yi = models.DecimalField(_("产值目标（亿元）"), max_digits=10, decimal_places=2)
    comparator = models.CharField(_("表述"), max_length=20, blank=True)
    plan = models.ForeignKey(PlanDocument, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(_("章节"), max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="monitoring_park_target_once")]
        verbose_name = _("园区产值目标")
        verbose_name_plural = _("园区产值目标")

    def __str__(self) -> str:
        return f"{self.park} {self.year}: {self.output_yi}"


class ParkYear(models.Model):
    """A park's figures for one year, entered by operators (亩均论英雄)."""

    park = models.ForeignKey("reference.Park", on_delete=models.CASCADE, related_name="+", verbose_name=_("园区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    investment = models.DecimalField(_("固定资产投资（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    output = models.DecimalField(_("产值（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    tax = models.DecimalField(_("税收（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    energy = models.DecimalField(_("综合能耗（吨标准煤）"), max_digits=14, decimal_places=2, null=True, blank=True)
    value_added = models.DecimalField(_("工业增加值（万元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    evidence = models.TextField(_("数据来源说明"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-year", "park__name"]
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="monitoring_park_year_once")]
        verbose_name = _("园区年度数据")
        verbose_name_plural = _("园区年度数据")

    def __str__(self) -> str:
        return f"{self.park} {self.year}"


from .models_governance import (  # noqa: E402,F401  responsible units, rhythm meetings, per-mu grades
    ActionItem,
    Meeting,
    ParkEvaluation,
    ResponsibleUnit,
    UnitMember,
    UnitScore,
)
