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
    """Propose the close-out (销号申请), the first of two people. Rules: only a reviewer or operator;
    a note; at least one progress entry with evidence; not by the person who entered every progress
    entry. The task waits as 待复核销号 until someone else confirms it (``ledger_confirm``)."""
    if not getattr(by, "can_review", False):
        raise PermissionDenied(_("只有审核员或平台运营人员可以销号。"))
    task = _locked(task)
    if task.status in (LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING):
        raise ValidationError({"task": _("任务已销号或正待复核。")})
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写销号意见。")})
    entries = list(task.progress.all())
    if not any(entry.has_evidence for entry in entries):
        raise ValidationError({"task": _("至少需要一条附佐证的进展记录才能销号。")})
    if all(entry.by_id == by.pk for entry in entries):
        raise ValidationError({"task": _("填报人不能为自己填报的任务销号，请由其他审核人销号。")})
    task.status = LedgerTask.Status.PENDING
    task.proposed_by = by
    task.proposed_at = timezone.now()
    task.proposal_note = note.strip()
    task.proposed_by_platform = False
    task.save(update_fields=["status", "proposed_by", "proposed_at", "proposal_note", "proposed_by_platform"])
    audit(
        actor=by,
        action="monitoring.ledger.close",
        target=task,
        note=task.proposal_note,
        data={"achieved": str(achieved(task)), "goal": str(task.goal_value), "step": "propose"},
    )
    return task


@transaction.atomic
def ledger_confirm(*, task: LedgerTask, by, note: str = "") -> LedgerTask:
    """Confirm a proposed close-out (销号复核): a reviewer or operator other than the proposer and
    other than whoever entered every progress entry. Proposals the platform made from its own data
    need a person all the same."""
    if not getattr(by, "can_review", False):
        raise PermissionDenied(_("只有审核员或平台运营人员可以复核销号。"))
    task = _locked(task)
    if task.status != LedgerTask.Status.PENDING:
        raise ValidationError({"task": _("只有待复核的任务可以确认销号。")})
    if task.proposed_by_id == by.pk:
        raise ValidationError({"task": _("销号须由申请人以外的第二人复核确认。")})
    people = {entry.by_id for entry in task.progress.all() if entry.by_id}
    if people and people == {by.pk}:
        raise ValidationError({"task": _("填报人不能为自己填报的任务销号，请由其他审核人销号。")})
    task.status = LedgerTask.Status.CLOSED
    task.closed_by = by
    task.closed_at = timezone.now()
    task.close_note = (note or "").strip() or task.proposal_note
    task.save(update_fields=["status", "closed_by", "closed_at", "close_note"])
    audit(
        actor=by,
        action="monitoring.ledger.confirm",
        target=task,
        note=task.close_note,
        data={"proposed_by": task.proposed_by_id, "platform": task.proposed_by_platform},
    )
    return task


@transaction.atomic
def ledger_reopen(*, task: LedgerTask, by, reason: str) -> LedgerTask:
    if not getattr(by, "can_review", False):
        raise PermissionDenied(_("只有审核员或平台运营人员可以重新打开任务。"))
    task = _locked(task)
    if task.status not in (LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING):
        raise ValidationError({"task": _("只有已销号或待复核的任务可以重新打开。")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明重新打开的原因。")})
    task.status = LedgerTask.Status.IN_PROGRESS if task.progress.exists() else LedgerTask.Status.OPEN
    task.closed_by = None
    task.closed_at = None
    task.proposed_by = None
    task.proposed_at = None
    task.proposed_by_platform = False
    task.save(update_fields=["status", "closed_by", "closed_at", "proposed_by", "proposed_at", "proposed_by_platform"])
    audit(actor=by, action="monitoring.ledger.reopen", target=task, note=reason)
    return task


@transaction.atomic
def ledger_task_assign(
    *,
    task: LedgerTask,
    by,
    owner_department: str | None = None,
    deadline: dt.date | None = None,
    lead_unit=None,
    co_units=None,
    assignee=None,
    report_due: dt.date | None = None,
) -> LedgerTask:
    """Give a task its lead unit, co-units, responsible person and dates, and remind that person
    (or, without one, the lead unit's people). The person must belong to the lead unit or a co-unit."""
    from .units import remind_assignment

    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以调整责任部门与时限。"))
    task = _locked(task)
    before = {
        "owner_department": task.owner_department,
        "deadline": str(task.deadline),
        "lead_unit": task.lead_unit_id,
        "assignee": task.assignee_id,
        "report_due": str(task.report_due) if task.report_due else None,
    }
    co_units = list(co_units) if co_units is not None else None
    if lead_unit is not None and co_units and lead_unit in co_units:
        raise ValidationError({"co_units": _("牵头单位不能同时是配合单位。")})
    if assignee is not None:
        units = [u for u in [lead_unit or task.lead_unit, *(co_units or task.co_units.all())] if u]
        if not units:
            raise ValidationError({"assignee": _("请先指定牵头单位。")})
        if not any(u.memberships.filter(user=assignee).exists() for u in units):
            raise ValidationError({"assignee": _("责任人须为牵头单位或配合单位的人员。")})
    if report_due and report_due > (deadline or task.deadline):
        raise ValidationError({"report_due": _("进展报送时限不能晚于完成时限。")})
    if lead_unit is not None:
        task.lead_unit = lead_unit
        task.owner_department = lead_unit.name[:100]
        task.unit_source = (
            _("运营人员指定（%(by)s）") % {"by": by} if not task.unit_source.startswith("《") else task.unit_source
        )
    elif owner_department is not None:
        task.owner_department = (owner_department or "").strip()[:100]
    if deadline:
        task.deadline = deadline
    changed_person = assignee is not None and assignee.pk != task.assignee_id
    if assignee is not None:
        task.assignee = assignee
    if report_due:
        task.report_due = report_due
    task.save(update_fields=["owner_department", "deadline", "lead_unit", "unit_source", "assignee", "report_due"])
    if co_units is not None:
        task.co_units.set(co_units)
    audit(
        actor=by,
        action="monitoring.ledger.assign",
        target=task,
        data={
            "before": before,
            "after": {
                "owner_department": task.owner_department,
                "deadline": str(task.deadline),
                "lead_unit": task.lead_unit_id,
                "co_units": [u.pk for u in task.co_units.all()],
                "assignee": task.assignee_id,
                "report_due": str(task.report_due) if task.report_due else None,
            },
        },
    )
    if changed_person or lead_unit is not None:
        remind_assignment(task=task, by=by)
    return task
