"""A booking of an instrument's time and its life: request, decision, use, fee, confirmation."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("待审批")  # holds the slot until the owner decides
    APPROVED = "approved", _("已批准")  # the slot is the user's
    REFUSED = "refused", _("已拒绝")  # the owner refused, with a reason; the slot is free
    CANCELLED = "cancelled", _("已取消")  # withdrawn by the user before use; the slot is free
    USED = "used", _("已记录使用")  # the owner recorded the actual use; the fee is computed
    CONFIRMED = "confirmed", _("费用已确认")  # both sides confirmed the fee; it may be paid, vouchers redeemed


# Bookings in these states occupy their time range (the exclusion constraint and the locked check).
HOLDING = (BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.USED, BookingStatus.CONFIRMED)


class Booking(models.Model):
    instrument = models.ForeignKey("catalog.Instrument", on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("预约人")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="instrument_bookings",
        verbose_name=_("预约单位"),
    )
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    purpose = models.CharField(_("用途"), max_length=300)
    samples_planned = models.PositiveIntegerField(_("预计样品数"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.REQUESTED)
    is_member = models.BooleanField(_("内部用户"), default=False)  # priced at the member rate
    refuse_reason = models.CharField(_("拒绝原因"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actual_hours = models.DecimalField(_("实际机时（小时）"), max_digits=7, decimal_places=2, null=True, blank=True)
    actual_samples = models.PositiveIntegerField(_("实际样品数"), null=True, blank=True)
    actual_days = models.PositiveIntegerField(_("实际天数"), null=True, blank=True)
    fee = models.DecimalField(_("费用（元）"), max_digits=12, decimal_places=2, null=True, blank=True)
    fee_lines = models.JSONField(_("费用明细"), default=list, blank=True)
    owner_confirmed_at = models.DateTimeField(_("机构确认时间"), null=True, blank=True)
    user_confirmed_at = models.DateTimeField(_("用户确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("仪器预约")
        verbose_name_plural = _("仪器预约")
        indexes = [models.Index(fields=["instrument", "start"]), models.Index(fields=["status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="sharing_booking_order")
        ]
        # PostgreSQL also gets an exclusion constraint on (instrument, [start, end)) for holding
        # states; it is added by migration 0002 on PostgreSQL only (btree_gist).

    def __str__(self) -> str:
        return f"{self.instrument} {self.start:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("sharing:booking", kwargs={"pk": self.pk})

    @property
    def fee_lines_display(self) -> list[dict]:
        """The fee lines with the unit's label, for pages."""
        from .instruments import Unit

        return [{**line, "label": Unit(line["unit"]).label} for line in self.fee_lines]

    @property
    def hours(self):
        return round((self.end - self.start).total_seconds() / 3600, 2)


class BookingEvent(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("动作"), max_length=20)
    from_status = models.CharField(max_length=10, choices=BookingStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=BookingStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.action}: {self.from_status} → {self.to_status}"
