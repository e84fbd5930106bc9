"""Responsible units, their people and the reminders the ledger sends them (seed 001 四（三）)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.audit import audit
from notifications.messages import Message
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


def unit_heads(task: LedgerTask) -> list:
    """The lead unit's heads (负责人, ``UnitMember.is_head``): they answer for the unit's tasks."""
    if not task.lead_unit_id:
        return []
    return [m.user for m in task.lead_unit.memberships.filter(is_head=True).select_related("user") if m.user.is_active]


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
        title=Message(gettext_noop("台账任务已交办：%(code)s"), code=task.code),
        body=Message(
            gettext_noop("%(title)s\n牵头单位：%(unit)s；进展报送时限：%(due)s；完成时限：%(deadline)s。"),
            title=task.title,
            unit=task.lead_unit or "—",
            due=due,
            deadline=task.deadline,
        ),
        url=reverse("monitoring:ledger_task", args=[task.pk]),
        exclude=by,
    )


def reminder_state(task: LedgerTask, today: dt.date) -> str:
    """ "due:DATE" when the task's next date (report date or deadline, the earlier) is within
    ``REMIND_WITHIN_DAYS``, "overdue:DATE" when it has passed, "" otherwise."""
    dates = [d for d in (task.report_due, task.deadline) if d]
    if not dates:
        return ""
    due = min(dates)
    if due < today:
        return f"overdue:{due.isoformat()}"
    if due <= today + dt.timedelta(days=REMIND_WITHIN_DAYS):
        return f"due:{due.isoformat()}"
    return ""


def ledger_reminders(*, today: dt.date | None = None) -> int:
    """Remind the people of every open task (its responsible person, else the lead unit's people,
    and the lead unit's heads) when it becomes due within a week and when it becomes overdue:
    once per state change (``LedgerTask.reminded_state``), whether the scheduled
    ``ledger_reminders`` command or the weekly 周监测 asks. A new report date or deadline is a new
    state. Tasks pending close-out or closed are not reminded. Returns the number of tasks reminded."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REMIND_WITHIN_DAYS)
    tasks = (
        LedgerTask.objects.exclude(status__in=[LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING])
        .filter(lead_unit__isnull=False)
        .filter(Q(deadline__lte=horizon) | Q(report_due__lte=horizon))
        .select_related("lead_unit", "assignee")
    )
    count = 0
    for task in tasks:
        state = reminder_state(task, today)
        if not state or state == task.reminded_state:
            continue
        people = task_people(task) + unit_heads(task)
        if not people:
            continue
        overdue = state.startswith("overdue")
        due = dt.date.fromisoformat(state.split(":", 1)[1])
        with transaction.atomic():
            # The row is re-read under a lock: two runs at once remind once.
            locked = LedgerTask.objects.select_for_update().filter(pk=task.pk).values_list("reminded_state", flat=True)
            if locked.first() == state:
                continue
            notify(
                users=people,
                kind="monitoring.task_overdue" if overdue else "monitoring.task_due",
                title=Message(
                    gettext_noop("台账任务已逾期：%(code)s") if overdue else gettext_noop("台账任务即将到期：%(code)s"),
                    code=task.code,
                ),
                body=Message(gettext_noop("%(title)s\n时限：%(due)s。请填报进展并附佐证。"), title=task.title, due=due),
                url=reverse("monitoring:ledger_task", args=[task.pk]),
            )
            LedgerTask.objects.filter(pk=task.pk).update(reminded_on=today, reminded_state=state)
        count += 1
    return count
