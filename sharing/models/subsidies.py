"""Subsidies for instrument use (后补助): programmes, claims computed from confirmed bookings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubsidyProgramme(models.Model):
    """Rules of one year's 后补助 (seed 002 第六章第二节: 通过后补助、仪器贷等方式提高仪器共享使用效率)."""

    name = models.CharField(_("项目名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    share = models.DecimalField(_("补助比例（%）"), max_digits=5, decimal_places=2)
    cap_per_enterprise = models.DecimalField(_("每家企业年度上限（元）"), max_digits=12, decimal_places=2)
    instruments = models.ManyToManyField(
        "catalog.Instrument", blank=True, related_name="+", verbose_name=_("适用仪器"), help_text=_("留空表示全部仪器")
    )
    outsiders_only = models.BooleanField(
        _("仅限外部用户"), default=True
    )  # use of one's own instruments is not subsidised
    eligible_kinds = models.JSONField(_("适用机构类型"), default=list)  # Organisation.Kind values; empty: any
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "name"]
        verbose_name = _("后补助项目")
        verbose_name_plural = _("后补助项目")

    def __str__(self) -> str:
        return f"{self.name}（{self.year}）"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已核准")
    REJECTED = "rejected", _("未通过")  # with a reason; its bookings may be claimed again
    PAID = "paid", _("已拨付")


class SubsidyClaim(models.Model):
    programme = models.ForeignKey(SubsidyProgramme, on_delete=models.PROTECT, related_name="claims")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("申请单位")
    )
    status = models.CharField(_("状态"), max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    fees = models.DecimalField(_("计补费用（元）"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("补助金额（元）"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    paid_at = models.DateTimeField(_("拨付时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("后补助申请")
        verbose_name_plural = _("后补助申请")

    def __str__(self) -> str:
        return f"{self.organisation} {self.programme}"


class ClaimLine(models.Model):
    """One confirmed booking counted in a claim: the fee the enterprise paid itself (fee minus vouchers)."""

    claim = models.ForeignKey(SubsidyClaim, on_delete=models.CASCADE, related_name="lines")
    booking = models.ForeignKey("sharing.Booking", on_delete=models.PROTECT, related_name="claim_lines")
    programme = models.ForeignKey(SubsidyProgramme, on_delete=models.PROTECT, related_name="+")
    paid_fee = models.DecimalField(_("自付费用（元）"), max_digits=12, decimal_places=2)
    subsidy = models.DecimalField(
        _("补助（元）"), max_digits=12, decimal_places=2, default=0
    )  # the claim's amount, shared out
    active = models.BooleanField(default=True)  # False once the claim is rejected

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "booking"], condition=models.Q(active=True), name="sharing_claim_booking_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.booking_id}"
