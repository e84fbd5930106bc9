"""Technology contracts (技术合同) under the Civil Code, their registration (认定登记) and
pay-after-use (先使用后付费) trial terms. Amounts are in 万元 (ten thousand yuan)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from catalog.models.base import validate_attachment


class ContractType(models.TextChoices):
    DEVELOPMENT = "development", _("技术开发")
    TRANSFER = "transfer", _("技术转让")
    LICENCE = "licence", _("技术许可")
    CONSULTING = "consulting", _("技术咨询")
    SERVICE = "service", _("技术服务")


# The parties' roles by contract type: (supply side, demand side).
PARTY_ROLES = {
    ContractType.DEVELOPMENT: (_("受托方"), _("委托方")),
    ContractType.TRANSFER: (_("出让方"), _("受让方")),
    ContractType.LICENCE: (_("出让方（许可方）"), _("受让方（被许可方）")),
    ContractType.CONSULTING: (_("受托方"), _("委托方")),
    ContractType.SERVICE: (_("受托方"), _("委托方")),
}


class PaymentMode(models.TextChoices):
    LUMP_SUM = "lump_sum", _("一次总付")
    INSTALMENTS = "instalments", _("分期支付")
    ROYALTY = "royalty", _("提成支付")
    EQUITY = "equity", _("作价入股")
    PAY_AFTER_USE = "pay_after_use", _("先使用后付费")
    INVEST_THEN_EQUITY = "invest_then_equity", _("先投后股")


class Registry(models.TextChoices):
    """Registration points. The code prefixes the registration number."""

    PROVINCE = "610000", _("陕西省技术合同认定登记")
    XIXIAN = "西咸", _("西咸新区技术合同登记点")


class TrialDecision(models.TextChoices):
    PENDING = "pending", _("试用中/待决定")
    PAY = "pay", _("决定付费")
    EXTEND = "extend", _("延长试用")
    DECLINE = "decline", _("不再使用")


def contract_upload_to(instance, filename: str) -> str:
    return f"deals/contracts/{instance.deal_id}/{filename}"


class Contract(models.Model):
    confidential_fields = ("total_amount", "tech_amount")  # before registration; checked by the backup drill
    deal = models.OneToOneField("deals.Deal", on_delete=models.CASCADE, related_name="contract", verbose_name=_("对接"))
    title = models.CharField(_("合同名称"), max_length=200)
    contract_type = models.CharField(_("合同类型"), max_length=12, choices=ContractType.choices)
    industry_chain = models.ForeignKey(
        "reference.IndustryChain",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("产业链"),
    )
    total_amount = models.DecimalField(_("合同总额（万元）"), max_digits=14, decimal_places=2)
    tech_amount = models.DecimalField(
        _("技术交易额（万元）"),
        max_digits=14,
        decimal_places=2,
        help_text=_("合同总额中技术部分的金额，不含设备、原材料等非技术性费用"),
    )
    payment_mode = models.CharField(_("支付方式"), max_length=20, choices=PaymentMode.choices)
    instalment_plan = models.TextField(_("分期安排"), blank=True, help_text=_("每行一期：日期或节点、金额"))
    royalty_terms = models.CharField(_("提成约定"), max_length=300, blank=True, help_text=_("提成基数、比例和期限"))
    equity_terms = models.CharField(_("作价入股约定"), max_length=300, blank=True, help_text=_("作价金额、持股比例"))
    trial_months = models.PositiveSmallIntegerField(_("试用期（月）"), null=True, blank=True)
    trial_start = models.DateField(_("试用开始"), null=True, blank=True)
    trial_end = models.DateField(_("试用结束"), null=True, blank=True)
    payment_trigger = models.CharField(
        _("付费触发条件"), max_length=300, blank=True, help_text=_("如：试用期满且产品良率达到 95%")
    )
    trial_decision = models.CharField(_("付费决定"), max_length=10, choices=TrialDecision.choices, blank=True)
    trial_decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    # The trial_end a reminder / an overdue notice was last sent for (so the daily job sends each once).
    trial_reminded_for = models.DateField(null=True, blank=True, editable=False)
    trial_overdue_for = models.DateField(null=True, blank=True, editable=False)
    investment_amount = models.DecimalField(
        _("先投资金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    conversion_terms = models.CharField(
        _("转股条件"), max_length=300, blank=True, help_text=_("何时、按何估值转为股权")
    )
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    signed_scan = models.FileField(
        _("已签合同扫描件"), upload_to=contract_upload_to, blank=True, validators=[validate_attachment]
    )
    registry = models.CharField(_("登记机构"), max_length=10, choices=Registry.choices, blank=True)
    registration_number = models.CharField(_("登记编号"), max_length=30, unique=True, null=True, blank=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # Field history (django-simple-history): who changed what, when (issue 9).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tech_amount__lte=models.F("total_amount")), name="tech_amount_within_total"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_registered(self) -> bool:
        return bool(self.registration_number)

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_on and self.signed_scan)

    @property
    def supply_role(self) -> str:
        return str(PARTY_ROLES.get(self.contract_type, ("", ""))[0])

    @property
    def demand_role(self) -> str:
        return str(PARTY_ROLES.get(self.contract_type, ("", ""))[1])


class RegistrationCounter(models.Model):
    """The last number handed out per registry and year. Registration locks this row
    (SELECT ... FOR UPDATE), so parallel registrations get consecutive numbers, no gap, no duplicate."""

    registry = models.CharField(max_length=10, choices=Registry.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registry", "year"], name="unique_registration_counter")]
        verbose_name = _("登记编号计数器")
        verbose_name_plural = _("登记编号计数器")

    def __str__(self) -> str:
        return f"{self.registry}{self.year}: {self.last_number}"


class PayAfterUseOffer(models.Model):
    """An achievement offered as 先使用后付费, with its trial terms."""

    achievement = models.OneToOneField(
        "catalog.Achievement", on_delete=models.CASCADE, related_name="pay_after_use_offer", verbose_name=_("科技成果")
    )
    trial_months = models.PositiveSmallIntegerField(_("试用期（月）"))
    terms = models.TextField(_("试用条件"), help_text=_("试用范围、费用、知识产权归属等"))
    payment_trigger = models.CharField(_("付费触发条件"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("先使用后付费试点")
        verbose_name_plural = _("先使用后付费试点")

    def __str__(self) -> str:
        return str(self.achievement)
