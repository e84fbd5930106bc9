"""A background job's status row: what runs, for whom, how far it got, how it ended."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")  # enqueued, no worker has picked it up yet
    RUNNING = "running", _("运行中")  # a worker (or the request itself, without Redis) is running it
    DONE = "done", _("已完成")  # finished; ``result`` says what it did
    FAILED = "failed", _("失败")  # stopped with ``error``; nothing half-written (each job is atomic per step)


class Job(models.Model):
    name = models.CharField(_("任务类型"), max_length=64, db_index=True)  # a name in jobs.registry
    label = models.CharField(_("名称"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("已处理"), default=0)  # units of work done (records, documents ...)
    total = models.PositiveIntegerField(_("总数"), null=True, blank=True)  # None while unknown
    message = models.CharField(_("进度说明"), max_length=300, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发起人"),
    )
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        """0-100, or None while the total is unknown."""
        if not self.total:
            return 100 if self.status == JobStatus.DONE else None
        return min(100, round(100 * self.done / self.total))
