"""Responsible units, their people and the reminders the ledger sends them (seed 001 四（三）)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit
from notifications.services import notify

from ..models import LedgerTask, ResponsibleUnit, UnitMember

REMIND_WITHIN_DAYS = 7  # a task is reminded from a week before its report or completion date


def task_people(task: LedgerTask) -> list:
    """Who answers for a task: its responsible person, else the lead unit's people."""
    if task.assignee_id:
        return [task.assignee]
    if task.lead_unit_id:
        return [m.user for m in task.lead_unit.memberships.select_related("user") if m.user.is_active]
    return []


@transaction.atomic
def unit_member_add(*, unit: ResponsibleUnit, user, by, is_head: bool = False, title: str = "") -> UnitMember:
    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以维护责任单位人员。"))
    if not user.is_active:
        raise ValidationError({"user": _("该账号已停用。")})
    member, _created = UnitMember.objects.update_or_create(
        unit=unit, user=user, defaults={"is_head": is_head, "title": (title or "").strip()[:60]}
    )
    audit(actor=by, action="monitoring.unit.member", target=unit, data={"user": user.pk, "head": is_head})
    return member


def remind_assignment(*, task: LedgerTask, by) -> list:
    due = task.report_due or task.deadline
    return notify(
        users=task_people(task),
        kind="monitoring.task_assigned",
        title=_("台账任务已交办：%(code)s") % {"code": task.code},
        body=_("%(title)s\n牵头单位：%(unit)s；进展报送时限：%(due)s；完成时限：%(deadline)s。")
        % {"title": task.title, "unit": task.lead_unit or "—", "due": due, "deadline": task.deadline},
        url=reverse("monitoring:ledger_task", args=[task.pk]),
        exclude=by,
    )


def ledger_reminders(*, today: dt.date | None = None) -> int:
    """Remind the people of every open task whose report date or deadline is within a week or past,
    once a day at most. Returns the number of tasks reminded."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REMIND_WITHIN_DAYS)
    tasks = (
        LedgerTask.objects.exclude(status__in=[LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING])
        .filter(lead_unit__isnull=False)
        .exclude(reminded_on=today)
        .select_related("lead_unit", "assignee")
    )
    count = 0
    for task in tasks:
        due = min(d for d in (task.report_due, task.deadline) if d)
        if due > horizon:
            continue
        people = task_people(task)
        if not people:
            continue
        overdue = due < today
        notify(
            users=people,
            kind="monitoring.task_overdue" if overdue else "monitoring.task_due",
            title=(_("台账任务已逾期：%(code)s") if overdue else _("台账任务即将到期：%(code)s")) % {"code": task.code},
            body=_("%(title)s\n时限：%(due)s。请填报进展并附佐证。") % {"title": task.title, "due": due},
            url=reverse("monitoring:ledger_task", args=[task.pk]),
        )
        LedgerTask.objects.filter(pk=task.pk).update(reminded_on=today)
        count += 1
    return count
