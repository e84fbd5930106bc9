"""Governance records (seed 001 四(三)): responsible units and their people, the rhythm's meetings
(周监测、月调度、季度考核、年底总评) with agendas, minutes, action items and unit scores, and the
per-mu grades of parks (seed 002 4.4 亩均论英雄)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import NewCity


class ResponsibleUnit(models.Model):
    """A department of the new area, a new city's body or another agency that leads or supports
    tasks. ``source`` cites the passage that names it."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("新区部门")
        NEW_CITY = "new_city", _("新城")
        AGENCY = "agency", _("其他单位")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.DEPARTMENT)
    new_city = models.CharField(_("新城"), max_length=20, choices=NewCity.choices, blank=True)
    source = models.CharField(_("出处"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="UnitMember", related_name="responsible_units", blank=True
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")

    def __str__(self) -> str:
        return self.name


class UnitMember(models.Model):
    """A person of a unit: the contact (联络员) reports progress, the head (负责人) answers for it."""

    unit = models.ForeignKey(ResponsibleUnit, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_memberships")
    is_head = models.BooleanField(_("负责人"), default=False)
    title = models.CharField(_("职务"), max_length=60, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="monitoring_unit_member_once")]
        verbose_name = _("单位人员")
        verbose_name_plural = _("单位人员")

    def __str__(self) -> str:
        return f"{self.unit} · {self.user}"


class Meeting(models.Model):
    """One step of the rhythm: the weekly flags, the monthly dispatch, the quarterly assessment or
    the year-end review. ``agenda`` is the snapshot the meeting was prepared from."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("周监测")
        MONTHLY = "monthly", _("月调度")
        QUARTERLY = "quarterly", _("季度考核")
        ANNUAL = "annual", _("年底总评")

    class Status(models.TextChoices):
        PREPARED = "prepared", _("已生成")  # agenda / scores generated, meeting not yet recorded
        HELD = "held", _("已召开")  # minutes recorded

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    period_label = models.CharField(_("期间"), max_length=40)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PREPARED)
    agenda = models.JSONField(_("议程"), default=dict, blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    held_on = models.DateField(_("召开日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("生成时间"), default=timezone.now)

    class Meta:
        ordering = ["-period_start", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "period_start"], name="monitoring_meeting_once")]
        verbose_name = _("调度会议")
        verbose_name_plural = _("调度会议")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label}"


class ActionItem(models.Model):
    """A decision of a meeting: who does what by when, tracked to done."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        DONE = "done", _("已办结")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    task = models.ForeignKey(
        "monitoring.LedgerTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.CharField(_("事项"), max_length=300)
    unit = models.ForeignKey(ResponsibleUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due = models.DateField(_("办结时限"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    done_note = models.TextField(_("办结说明"), blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["status", "due", "id"]
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")

    def __str__(self) -> str:
        return self.text

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due < timezone.localdate()


class UnitScore(models.Model):
    """A unit's score in a quarterly assessment or year-end review, with every part that made it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(ResponsibleUnit, on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("等次"), max_length=4)
    detail = models.JSONField(_("计分明细"), default=dict)

    class Meta:
        ordering = ["-score", "unit__order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "unit"], name="monitoring_unit_score_once")]
        verbose_name = _("单位得分")
        verbose_name_plural = _("单位得分")

    def __str__(self) -> str:
        return f"{self.unit} {self.score}"


class ParkEvaluation(models.Model):
    """A park's per-mu composite and grade for one year, with the method it was computed by."""

    park = models.ForeignKey("reference.Park", on_delete=models.CASCADE, related_name="+", verbose_name=_("园区"))
    year = models.PositiveSmallIntegerField(_("年度"))
    composite = models.DecimalField(_("综合得分"), max_digits=6, decimal_places=2)
    grade = models.CharField(_("等次"), max_length=2)
    rank = models.PositiveSmallIntegerField(_("排名"))
    parts = models.JSONField(_("分项"), default=dict)
    method = models.JSONField(_("方法"), default=dict)
    evaluated_at = models.DateTimeField(_("评价时间"), default=timezone.now)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "rank"]
        constraints = [models.UniqueConstraint(fields=["park", "year"], name="monitoring_park_evaluation_once")]
        verbose_name = _("园区亩均评价")
        verbose_name_plural = _("园区亩均评价")

    def __str__(self) -> str:
        return f"{self.park} {self.year}: {self.grade}"
