"""What makes a catalog instrument bookable: its price list, opening hours, closures and rules.

Amounts are in 元 (yuan), stored as Decimal with two places: instrument fees are small sums.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    HOUR = "hour", _("机时（小时）")
    SAMPLE = "sample", _("样品（个）")
    DAY = "day", _("天")


class Operation(models.TextChoices):
    SELF = "self", _("自主操作")  # a trained user runs the instrument
    STAFF = "staff", _("专人操作")  # the owner's staff run it for the user


class DayKind(models.TextChoices):
    WORKDAY = "workday", _("工作日")  # Mon-Fri and the adjusted working days (调休上班), minus public holidays
    RESTDAY = "restday", _("休息日")  # weekends and public holidays, minus adjusted working days


class SharingProfile(models.Model):
    """The sharing settings of one catalog instrument (仪器共享设置)."""

    instrument = models.OneToOneField(
        "catalog.Instrument", on_delete=models.CASCADE, related_name="sharing", verbose_name=_("仪器设备")
    )
    bookable = models.BooleanField(_("开放预约"), default=True)
    operation = models.CharField(_("操作方式"), max_length=8, choices=Operation.choices, default=Operation.STAFF)
    training_required = models.BooleanField(_("须经培训"), default=False)
    min_notice_hours = models.PositiveIntegerField(_("最少提前（小时）"), default=24)
    max_length_hours = models.DecimalField(_("单次最长（小时）"), max_digits=6, decimal_places=2, default=8)
    approvers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="approved_instruments", verbose_name=_("审批人员")
    )
    # Taken once per booking (an UPDATE) so that the overlap check and the insert run under one
    # write lock per instrument, on SQLite as on PostgreSQL.
    lock_version = models.PositiveBigIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("仪器共享设置")
        verbose_name_plural = _("仪器共享设置")

    def __str__(self) -> str:
        return str(self.instrument)


class PriceItem(models.Model):
    """One line of an instrument's price list: a unit and the member and outsider rates in 元.

    A member is a user of the instrument's owner organisation (内部用户); everyone else pays the
    outsider rate (外部用户)."""

    profile = models.ForeignKey(SharingProfile, on_delete=models.CASCADE, related_name="prices")
    unit = models.CharField(_("计价单位"), max_length=8, choices=Unit.choices)
    member_rate = models.DecimalField(_("内部价（元）"), max_digits=10, decimal_places=2)
    outsider_rate = models.DecimalField(_("外部价（元）"), max_digits=10, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["profile", "unit"]
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")
        constraints = [
            models.UniqueConstraint(fields=["profile", "unit"], name="sharing_price_unit_once"),
            models.CheckConstraint(
                condition=models.Q(member_rate__gte=0, outsider_rate__gte=0), name="sharing_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_unit_display()} {self.member_rate}/{self.outsider_rate}"


class OpeningHours(models.Model):
    """A window in which the instrument may be booked, on working days or on rest days."""

    profile = models.ForeignKey(SharingProfile, on_delete=models.CASCADE, related_name="hours")
    day_kind = models.CharField(_("日期类型"), max_length=8, choices=DayKind.choices, default=DayKind.WORKDAY)
    opens = models.TimeField(_("开放时间"))
    closes = models.TimeField(_("关闭时间"))

    class Meta:
        ordering = ["profile", "day_kind", "opens"]
        verbose_name = _("开放时段")
        verbose_name_plural = _("开放时段")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="sharing_hours_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_day_kind_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Closure(models.Model):
    """Days on which the instrument is closed (maintenance, calibration ...), both ends inclusive."""

    profile = models.ForeignKey(SharingProfile, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField(_("起始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        ordering = ["profile", "starts_on"]
        verbose_name = _("停机安排")
        verbose_name_plural = _("停机安排")

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on} {self.reason}"


class TrainingRecord(models.Model):
    """A user passed the owner's training for an instrument (needed when ``training_required``)."""

    profile = models.ForeignKey(SharingProfile, on_delete=models.CASCADE, related_name="trained")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    trained_on = models.DateField(_("培训日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        constraints = [models.UniqueConstraint(fields=["profile", "user"], name="sharing_trained_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.profile}"
