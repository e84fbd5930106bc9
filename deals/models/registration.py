"""The registrar's actions on a contract, changes after registration (变更 / 解除) as records of their
own, and the payment schedule (instalments). Amounts in 万元."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.base import validate_attachment

from .contracts import RegStatus


class RegistrationAction(models.Model):
    """One step of 认定登记: 申请, 受理, 退回补正, 不予登记, 核定, 登记, 变更, 解除 — who, when, why."""

    contract = models.ForeignKey("deals.Contract", on_delete=models.CASCADE, related_name="registration_actions")
    action = models.CharField(_("操作"), max_length=12)
    from_status = models.CharField(_("原状态"), max_length=12, choices=RegStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=RegStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("原因/说明"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("登记办理记录")
        verbose_name_plural = _("登记办理记录")

    def __str__(self) -> str:
        return f"{self.contract_id} {self.action}"


class ContractAmendment(models.Model):
    """变更登记: a registered contract's amounts (or other terms) changed from ``effective_on``.
    Statistics as of a date use the latest amendment in force on that date."""

    contract = models.ForeignKey("deals.Contract", on_delete=models.CASCADE, related_name="amendments")
    effective_on = models.DateField(_("变更生效日期"))
    total_amount = models.DecimalField(
        _("变更后合同成交额（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    tech_amount = models.DecimalField(
        _("变更后技术交易额（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    changes = models.TextField(_("变更内容"))
    agreement = models.FileField(
        _("变更协议"), upload_to="deals/amendments/", blank=True, validators=[validate_attachment]
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("合同变更登记")
        verbose_name_plural = _("合同变更登记")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tech_amount__lte=models.F("total_amount")), name="amendment_tech_within_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract} 变更 {self.effective_on}"


class ContractTermination(models.Model):
    """解除登记: a registered contract dissolved from ``effective_on``, on a stated basis. It drops out
    of statistics dated on or after that day."""

    class Basis(models.TextChoices):
        AGREEMENT = "agreement", _("双方协议解除")
        STATUTORY = "statutory", _("法定解除（民法典第五百六十三条）")
        JUDGMENT = "judgment", _("判决或仲裁裁决")

    contract = models.OneToOneField("deals.Contract", on_delete=models.CASCADE, related_name="termination")
    effective_on = models.DateField(_("解除生效日期"))
    basis = models.CharField(_("解除依据"), max_length=12, choices=Basis.choices)
    reason = models.TextField(_("解除原因"))
    evidence = models.FileField(
        _("解除协议/文书"), upload_to="deals/terminations/", blank=True, validators=[validate_attachment]
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("合同解除登记")
        verbose_name_plural = _("合同解除登记")

    def __str__(self) -> str:
        return f"{self.contract} 解除 {self.effective_on}"


class Instalment(models.Model):
    """One payment due under the contract: due date, amount, and when (and how much) was paid, with evidence."""

    contract = models.ForeignKey("deals.Contract", on_delete=models.CASCADE, related_name="instalments")
    seq = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("应付日期"), db_index=True)
    amount = models.DecimalField(
        _("应付金额（万元）"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    milestone = models.CharField(_("付款节点"), max_length=200, blank=True)
    paid_on = models.DateField(_("实付日期"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("实付金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    evidence = models.FileField(
        _("付款凭证"), upload_to="deals/payments/", blank=True, validators=[validate_attachment]
    )
    overdue_notified_for = models.DateField(null=True, blank=True, editable=False)
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["contract", "seq"]
        verbose_name = _("分期付款")
        verbose_name_plural = _("分期付款")
        constraints = [models.UniqueConstraint(fields=["contract", "seq"], name="unique_instalment_seq")]

    def __str__(self) -> str:
        return f"{self.contract} 第{self.seq}期"

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None
