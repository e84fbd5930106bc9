"""Technology brokers (技术经纪人): registry, assignments, work log and assessment periods."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.base import validate_attachment


class Broker(models.Model):
    class Level(models.TextChoices):
        JUNIOR = "junior", _("初级技术经纪人")
        MIDDLE = "middle", _("中级技术经纪人")
        SENIOR = "senior", _("高级技术经纪人")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="broker_profile")
    level = models.CharField(_("等级"), max_length=10, choices=Level.choices, default=Level.JUNIOR)
    fields_of_work = models.CharField(_("服务领域"), max_length=300, blank=True)
    industry_chains = models.ManyToManyField(
        "reference.IndustryChain", blank=True, related_name="+", verbose_name=_("产业链")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="brokers",
        verbose_name=_("所在机构"),
    )
    certificate_number = models.CharField(_("证书编号"), max_length=50, blank=True)
    active = models.BooleanField(_("在册"), default=True)
    registered_at = models.DateField(_("入册日期"), auto_now_add=True)

    class Meta:
        ordering = ["user__name"]
        verbose_name = _("技术经纪人")
        verbose_name_plural = _("技术经纪人")

    def __str__(self) -> str:
        return str(self.user)


class BrokerAssignment(models.Model):
    """A broker put on a demand, an achievement or a deal. ``first_response_at`` is when the broker
    first acted on it (a work-log entry, a message, a stage move): the basis of response time."""

    broker = models.ForeignKey(Broker, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("经纪人"))
    deal = models.ForeignKey("deals.Deal", null=True, blank=True, on_delete=models.CASCADE, related_name="assignments")
    demand = models.ForeignKey("catalog.Demand", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    achievement = models.ForeignKey(
        "catalog.Achievement", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(_("分派时间"), auto_now_add=True)
    first_response_at = models.DateTimeField(_("首次响应"), null=True, blank=True)
    # Co-brokered deals: each broker's stated share of the credit (%); blank = an equal split.
    share = models.DecimalField(
        _("分成比例（%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    fee = models.DecimalField(_("佣金/服务费（万元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    client_rating = models.PositiveSmallIntegerField(
        _("客户评价（1–5）"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["-assigned_at"]
        verbose_name = _("经纪人分派")
        verbose_name_plural = _("经纪人分派")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(deal__isnull=False, demand__isnull=True, achievement__isnull=True)
                    | models.Q(deal__isnull=True, demand__isnull=False, achievement__isnull=True)
                    | models.Q(deal__isnull=True, demand__isnull=True, achievement__isnull=False)
                ),
                name="assignment_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.broker} → {self.deal or self.demand or self.achievement}"

    @property
    def target(self):
        return self.deal or self.demand or self.achievement


def evidence_upload_to(instance, filename: str) -> str:
    return f"deals/worklog/{instance.broker_id}/{filename}"


class WorkLog(models.Model):
    class Kind(models.TextChoices):
        MINE = "mine", _("挖掘")  # an achievement mined from a university or institute
        MATCH = "match", _("对接")  # a meeting between the parties held
        LAND = "land", _("落地")  # a contract signed
        FOLLOW = "follow", _("跟踪")  # a follow-up visit or service

    broker = models.ForeignKey(Broker, on_delete=models.CASCADE, related_name="work_logs", verbose_name=_("经纪人"))
    kind = models.CharField(_("工作类型"), max_length=10, choices=Kind.choices)
    happened_on = models.DateField(_("日期"))
    note = models.TextField(_("工作内容"))
    deal = models.ForeignKey(
        "deals.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("对接")
    )
    achievement = models.ForeignKey(
        "catalog.Achievement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("科技成果"),
    )
    demand = models.ForeignKey(
        "catalog.Demand", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("技术需求")
    )
    enterprise = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("服务企业"),
    )
    evidence = models.FileField(
        _("佐证材料"), upload_to=evidence_upload_to, blank=True, validators=[validate_attachment]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("经纪人工作记录")
        verbose_name_plural = _("经纪人工作记录")

    def __str__(self) -> str:
        return f"{self.broker} {self.get_kind_display()} {self.happened_on}"


def _weight(label):
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )


class AssessmentPeriod(models.Model):
    """A period over which brokers are ranked, with the weights operators set for each measure."""

    name = models.CharField(_("考核期"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    weight_deals = _weight(_("权重：落地对接数"))
    weight_turnover = _weight(_("权重：登记交易额"))
    weight_enterprises = _weight(_("权重：服务企业数"))
    weight_achievements = _weight(_("权重：挖掘成果数"))
    weight_response = _weight(_("权重：响应速度"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-start"]
        verbose_name = _("考核期")
        verbose_name_plural = _("考核期")
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_end_after_start")
        ]

    def __str__(self) -> str:
        return self.name

    def weights(self) -> dict[str, float]:
        return {
            "deals_landed": float(self.weight_deals),
            "turnover": float(self.weight_turnover),
            "enterprises": float(self.weight_enterprises),
            "achievements": float(self.weight_achievements),
            "response": float(self.weight_response),
        }
