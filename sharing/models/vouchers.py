"""Innovation vouchers (科技创新券): batches, vouchers held by enterprises, redemptions, settlements.

Amounts in 元, Decimal with two places. Seed 002 7.1 (科技计划管理体系): 科技创新券通用通兑.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    BOOKING = "booking", _("仪器预约")
    SERVICE_ORDER = "service_order", _("检测与实验外包订单")


class VoucherBatch(models.Model):
    """A batch of vouchers issued together under one set of rules."""

    name = models.CharField(_("批次名称"), max_length=200)
    issuer = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("发放机构")
    )
    face_value = models.DecimalField(_("面额（元）"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("截止日期"))
    partial = models.BooleanField(_("可分次使用"), default=True)  # False: one redemption; the rest returns
    max_share = models.DecimalField(
        _("单笔抵扣上限（%）"),
        max_digits=5,
        decimal_places=2,
        default=100,
        help_text=_("一笔费用中最多可用创新券支付的比例"),
    )
    scopes = models.JSONField(_("适用范围"), default=list)  # list of Scope values
    universal = models.BooleanField(_("通用通兑"), default=True)  # any provider, any region
    regions = models.ManyToManyField("reference.Region", blank=True, related_name="+", verbose_name=_("限定地区"))
    # Listed service agencies: when any are listed, only they accept the batch's vouchers.
    agencies = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="+",
        verbose_name=_("限定服务机构"),
        help_text=_("留空表示任何服务机构"),
    )
    # The explicit eligibility list; see services.vouchers.eligible_organisations.
    eligible = models.ManyToManyField("accounts.Organisation", blank=True, related_name="+", verbose_name=_("发放对象"))
    issued_at = models.DateTimeField(_("发放时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("创新券批次")
        verbose_name_plural = _("创新券批次")
        constraints = [models.CheckConstraint(condition=models.Q(face_value__gt=0), name="sharing_batch_positive")]

    def __str__(self) -> str:
        return self.name


class VoucherStatus(models.TextChoices):
    ACTIVE = "active", _("可使用")  # has a balance and is within its validity
    USED = "used", _("已用完")  # nothing left (or a one-time voucher was spent)
    EXPIRED = "expired", _("已过期")  # past its validity; the unspent balance went back to the issuer


class Voucher(models.Model):
    batch = models.ForeignKey(VoucherBatch, on_delete=models.PROTECT, related_name="vouchers")
    holder = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("持券企业")
    )
    code = models.CharField(_("券号"), max_length=32, unique=True)
    face_value = models.DecimalField(_("面额（元）"), max_digits=12, decimal_places=2)
    balance = models.DecimalField(_("余额（元）"), max_digits=12, decimal_places=2)
    returned = models.DecimalField(_("退回（元）"), max_digits=12, decimal_places=2, default=0)
    status = models.CharField(_("状态"), max_length=8, choices=VoucherStatus.choices, default=VoucherStatus.ACTIVE)
    issued_at = models.DateTimeField(_("发放时间"), auto_now_add=True)

    class Meta:
        ordering = ["batch", "code"]
        verbose_name = _("创新券")
        verbose_name_plural = _("创新券")
        constraints = [
            models.UniqueConstraint(fields=["batch", "holder"], name="sharing_voucher_once_per_batch"),
            models.CheckConstraint(condition=models.Q(balance__gte=0), name="sharing_voucher_balance_not_negative"),
        ]

    def __str__(self) -> str:
        return self.code


class Settlement(models.Model):
    """Payment by the issuer to one provider for the redemptions of one batch (兑付)."""

    batch = models.ForeignKey(VoucherBatch, on_delete=models.PROTECT, related_name="settlements")
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("服务机构")
    )
    amount = models.DecimalField(_("兑付金额（元）"), max_digits=14, decimal_places=2)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    settled_at = models.DateTimeField(_("兑付时间"), auto_now_add=True)

    class Meta:
        ordering = ["-settled_at"]
        verbose_name = _("创新券兑付")
        verbose_name_plural = _("创新券兑付")

    def __str__(self) -> str:
        return f"{self.provider} {self.amount}"


class Redemption(models.Model):
    """A voucher paying part or all of one confirmed fee: a booking's or a service order's.

    The unique constraints make each voucher pay a given fee at most once, whatever the
    concurrency; the voucher's row lock keeps its balance from going below zero."""

    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    booking = models.ForeignKey(
        "sharing.Booking", null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions"
    )
    service_order = models.ForeignKey(
        "sharing.ServiceOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions"
    )
    provider = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("服务机构")
    )
    amount = models.DecimalField(_("抵扣金额（元）"), max_digits=12, decimal_places=2)
    settlement = models.ForeignKey(
        Settlement, null=True, blank=True, on_delete=models.PROTECT, related_name="redemptions"
    )
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    redeemed_at = models.DateTimeField(_("使用时间"), auto_now_add=True)

    class Meta:
        ordering = ["-redeemed_at"]
        verbose_name = _("创新券使用")
        verbose_name_plural = _("创新券使用")
        constraints = [
            models.UniqueConstraint(fields=["voucher", "booking"], name="sharing_redeem_booking_once"),
            models.UniqueConstraint(fields=["voucher", "service_order"], name="sharing_redeem_order_once"),
            models.CheckConstraint(
                condition=models.Q(booking__isnull=False, service_order__isnull=True)
                | models.Q(booking__isnull=True, service_order__isnull=False),
                name="sharing_redeem_one_target",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="sharing_redeem_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.voucher_id}: {self.amount}"
