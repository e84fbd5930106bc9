"""Ledger tasks the platform can count (seed 001 四（三）"销号制落实"): each is linked to a registered
metric; when the platform's figure reaches the goal, the platform proposes the close-out and a
person still confirms it (``ledger_confirm``)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from notifications.messages import Message
from notifications.services import notify

from .. import metrics as registry
from ..models import LedgerProgress, LedgerTask
from .units import task_people

# First day counted for tasks "三年内 / 到期末" of each plan (the action plan runs 2024—2026).
PLAN_START = {"action-2024-2026": dt.date(2024, 1, 1)}

# Tasks the platform's records count, by ledger key (the code before "-year"), with the reason.
MEASURABLE = {
    "A01": "pay_after_use_pilots",  # 先使用后付费试点：登记/签订合同中支付方式为先使用后付费
    "A07": "new_brokers",  # 新增科技经纪人：经纪人名册入册日期
    "A48": "demands_published",  # 征集技术需求：发布的技术需求
}


def task_window(task: LedgerTask, today: dt.date) -> tuple[dt.date, dt.date]:
    if task.year:
        start = dt.date(task.year, 1, 1)
    else:
        start = PLAN_START.get(task.plan.code, dt.date(task.deadline.year, 1, 1))
    return start, min(task.deadline, today)


def task_measure(task: LedgerTask, today: dt.date | None = None) -> Decimal | None:
    today = today or timezone.localdate()
    metric = registry.metrics().get(task.metric_code)
    if metric is None:
        return None
    start, end = task_window(task, today)
    if end < start:
        return Decimal(0)
    return Decimal(str(metric.compute(start, end))).quantize(Decimal("0.01"))


@transaction.atomic
def ledger_measure(*, task: LedgerTask, today: dt.date | None = None) -> LedgerTask:
    """Read the task's metric; when it meets the goal, propose the close-out with the figure as
    evidence and tell the task's people and reviewers it awaits a second person's confirmation."""
    today = today or timezone.localdate()
    task = LedgerTask.objects.select_for_update(of=("self",)).select_related("plan", "lead_unit").get(pk=task.pk)
    value = task_measure(task, today)
    if value is None:
        return task
    task.metric_value = value
    task.metric_checked_at = timezone.now()
    task.save(update_fields=["metric_value", "metric_checked_at"])
    met = task.goal_value is not None and value >= task.goal_value
    if not met or task.status in (LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING):
        return task
    start, end = task_window(task, today)
    LedgerProgress.objects.create(
        task=task,
        date=today,
        note=_("平台数据达标：%(value)s %(unit)s（目标 %(goal)s）")
        % {"value": value, "unit": task.goal_unit, "goal": task.goal_value},
        evidence=_("平台计量 %(metric)s，统计区间 %(start)s 至 %(end)s")
        % {"metric": task.metric_code, "start": start, "end": end},
        by=None,
    )
    task.status = LedgerTask.Status.PENDING
    task.proposed_by = None
    task.proposed_by_platform = True
    task.proposed_at = timezone.now()
    task.proposal_note = _("平台数据显示已达到目标（%(value)s / %(goal)s %(unit)s），待复核确认销号。") % {
        "value": value,
        "goal": task.goal_value,
        "unit": task.goal_unit,
    }
    task.save(update_fields=["status", "proposed_by", "proposed_by_platform", "proposed_at", "proposal_note"])
    audit(
        actor=None,
        action="monitoring.ledger.auto_propose",
        target=task,
        data={"metric": task.metric_code, "value": str(value)},
    )
    notify(
        users=task_people(task),
        kind="monitoring.task_met",
        title=Message(gettext_noop("台账任务已达标待复核：%(code)s"), code=task.code),
        body=task.proposal_note,
        url=reverse("monitoring:ledger_task", args=[task.pk]),
    )
    return task


def ledger_measure_all(*, today: dt.date | None = None) -> int:
    """Measure every open task linked to a metric. Returns how many the platform proposed to close."""
    proposed = 0
    for task in LedgerTask.objects.exclude(metric_code="").exclude(
        status__in=[LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING]
    ):
        if ledger_measure(task=task, today=today).status == LedgerTask.Status.PENDING:
            proposed += 1
    return proposed
