"""The task ledger: progress with evidence, close-out (销号) by a reviewer, reopening."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit

from ..models import LedgerProgress, LedgerTask


def _locked(task: LedgerTask) -> LedgerTask:
    return LedgerTask.objects.select_for_update().get(pk=task.pk)


@transaction.atomic
def ledger_progress_add(
    *,
    task: LedgerTask,
    by,
    note: str,
    amount: Decimal | None = None,
    evidence: str = "",
    evidence_file=None,
    date: dt.date | None = None,
) -> LedgerProgress:
    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以填报任务进展。"))
    task = _locked(task)
    if task.status == LedgerTask.Status.CLOSED:
        raise ValidationError({"task": _("任务已销号，如需补充请先由审核人重新打开。")})
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写进展说明。")})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": _("完成量不能为负数。")})
    entry = LedgerProgress(
        task=task,
        note=note.strip(),
        amount=amount,
        evidence=(evidence or "").strip(),
        by=by,
        date=date or timezone.localdate(),
    )
    if evidence_file:
        entry.evidence_file = evidence_file
    entry.save()
    if task.status == LedgerTask.Status.OPEN:
        task.status = LedgerTask.Status.IN_PROGRESS
        task.save(update_fields=["status"])
    audit(
        actor=by,
        action="monitoring.ledger.progress",
        target=task,
        note=note[:200],
        data={"amount": str(amount) if amount is not None else None, "evidence": bool(entry.has_evidence)},
    )
    return entry


def achieved(task: LedgerTask) -> Decimal | None:
    amounts = [p.amount for p in task.progress.all() if p.amount is not None]
    return sum(amounts, Decimal(0)) if amounts else None


@transaction.atomic
def ledger_close(*, task: LedgerTask, by, note: str) -> LedgerTask:
    """Close out a task. Rules: only a reviewer or operator; a note; at least one progress entry
    with evidence; the reviewer may not close a task whose every progress entry they entered."""
    if not getattr(by, "can_review", False):
        raise PermissionDenied(_("只有审核员或平台运营人员可以销号。"))
    task = _locked(task)
    if task.status == LedgerTask.Status.CLOSED:
        raise ValidationError({"task": _("任务已销号。")})
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写销号意见。")})
    entries = list(task.progress.all())
    if not any(entry.has_evidence for entry in entries):
        raise ValidationError({"task": _("至少需要一条附佐证的进展记录才能销号。")})
    if all(entry.by_id == by.pk for entry in entries):
        raise ValidationError({"task": _("填报人不能为自己填报的任务销号，请由其他审核人销号。")})
    task.status = LedgerTask.Status.CLOSED
    task.closed_by = by
    task.closed_at = timezone.now()
    task.close_note = note.strip()
    task.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
    audit(
        actor=by,
        action="monitoring.ledger.close",
        target=task,
        note=task.close_note,
        data={"achieved": str(achieved(task)), "goal": str(task.goal_value)},
    )
    return task


@transaction.atomic
def ledger_reopen(*, task: LedgerTask, by, reason: str) -> LedgerTask:
    if not getattr(by, "can_review", False):
        raise PermissionDenied(_("只有审核员或平台运营人员可以重新打开任务。"))
    task = _locked(task)
    if task.status != LedgerTask.Status.CLOSED:
        raise ValidationError({"task": _("只有已销号的任务可以重新打开。")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明重新打开的原因。")})
    task.status = LedgerTask.Status.IN_PROGRESS if task.progress.exists() else LedgerTask.Status.OPEN
    task.closed_by = None
    task.closed_at = None
    task.save(update_fields=["status", "closed_by", "closed_at"])
    audit(actor=by, action="monitoring.ledger.reopen", target=task, note=reason)
    return task


@transaction.atomic
def ledger_task_assign(*, task: LedgerTask, by, owner_department: str, deadline: dt.date | None = None) -> LedgerTask:
    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以调整责任部门与时限。"))
    task = _locked(task)
    before = {"owner_department": task.owner_department, "deadline": str(task.deadline)}
    task.owner_department = (owner_department or "").strip()[:100]
    if deadline:
        task.deadline = deadline
    task.save(update_fields=["owner_department", "deadline"])
    audit(
        actor=by,
        action="monitoring.ledger.assign",
        target=task,
        data={"before": before, "after": {"owner_department": task.owner_department, "deadline": str(task.deadline)}},
    )
    return task
