"""The rhythm of seed 001 四（三）: "周监测、月调度、季度考核、年底总评". Each step leaves a Meeting
record (agenda snapshot, minutes, action items, unit scores) that exports to PDF and XLSX."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
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

from ..models import ActionItem, Indicator, LedgerTask, Meeting, ResponsibleUnit, UnitScore
from ..periods import period_containing

KIND_PERIOD = {
    Meeting.Kind.WEEKLY: "week",
    Meeting.Kind.MONTHLY: "month",
    Meeting.Kind.QUARTERLY: "quarter",
    Meeting.Kind.ANNUAL: "year",
}


def _check(by) -> None:
    if not getattr(by, "is_operator", False):
        raise PermissionDenied(_("只有平台运营人员可以组织调度与考核。"))


def _task_line(task: LedgerTask, today: dt.date) -> dict:
    due = min(d for d in (task.report_due, task.deadline) if d)
    return {
        "id": task.pk,
        "code": task.code,
        "title": task.title,
        "unit": str(task.lead_unit) if task.lead_unit_id else "",
        "assignee": str(task.assignee) if task.assignee_id else "",
        "deadline": task.deadline.isoformat(),
        "due": due.isoformat(),
        "days_late": max((today - due).days, 0),
        "status": task.get_status_display(),
    }


def overdue_tasks(today: dt.date):
    """Open tasks past their completion date or their progress report date."""
    return (
        LedgerTask.objects.exclude(status__in=[LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING])
        .filter(Q(deadline__lt=today) | Q(report_due__lt=today))
        .select_related("lead_unit", "assignee")
        .order_by("deadline", "code")
    )


def at_risk_targets(today: dt.date) -> list[dict]:
    from ..selectors import indicator_rows

    lines = []
    for row in indicator_rows():
        for tp in row.targets:
            if tp.at_risk:
                lines.append(
                    {
                        "indicator": row.indicator.code,
                        "name": row.indicator.name,
                        "unit": row.indicator.unit,
                        "year": tp.target.year,
                        "target": str(tp.target.value),
                        "projected": str(tp.projected),
                        "lead_unit": str(row.indicator.lead_unit or ""),
                    }
                )
    return lines


def _agenda(today: dt.date) -> dict:
    overdue = list(overdue_tasks(today))
    pending = LedgerTask.objects.filter(status=LedgerTask.Status.PENDING).select_related("lead_unit", "assignee")
    open_actions = ActionItem.objects.filter(status=ActionItem.Status.OPEN).select_related("meeting", "unit")
    return {
        "as_of": today.isoformat(),
        "overdue": [_task_line(t, today) for t in overdue],
        "at_risk": at_risk_targets(today),
        "pending": [_task_line(t, today) for t in pending],
        "open_actions": [
            {"id": a.pk, "text": a.text, "unit": str(a.unit or ""), "due": a.due.isoformat(), "meeting": str(a.meeting)}
            for a in open_actions
        ],
    }


def _meeting_for(kind: str, day: dt.date, by) -> Meeting:
    period = period_containing(KIND_PERIOD[kind], day)
    meeting, _created = Meeting.objects.get_or_create(
        kind=kind,
        period_start=period.start,
        defaults={"period_end": period.end, "period_label": period.label, "created_by": by},
    )
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError({"meeting": _("该期会议已召开，记录不可重新生成。")})
    return meeting


@transaction.atomic
def weekly_monitor(*, today: dt.date | None = None, by=None, refresh: bool = True) -> Meeting:
    """周监测: refresh the computed indicators, measure the tasks the platform can count, remind the
    people of tasks due, and keep the week's flags (overdue tasks, targets at risk)."""
    from .measure import ledger_measure_all
    from .refresh import indicators_refresh
    from .units import ledger_reminders

    today = today or timezone.localdate()
    if refresh:
        indicators_refresh(by=by, trigger="schedule", today=today)
    proposed = ledger_measure_all(today=today)
    reminded = ledger_reminders(today=today)
    meeting = _meeting_for(Meeting.Kind.WEEKLY, today, by if getattr(by, "pk", None) else None)
    meeting.agenda = {**_agenda(today), "auto_proposed": proposed, "reminded": reminded}
    meeting.created_at = timezone.now()
    meeting.save(update_fields=["agenda", "created_at"])
    audit(
        actor=by, action="monitoring.rhythm.weekly", target=meeting, data={"proposed": proposed, "reminded": reminded}
    )
    return meeting


@transaction.atomic
def dispatch_prepare(*, by, day: dt.date | None = None) -> Meeting:
    """月调度: the month's agenda from overdue tasks, targets at risk, close-outs awaiting a second
    person and open action items. Regenerating replaces the agenda until the minutes are recorded."""
    _check(by)
    today = day or timezone.localdate()
    meeting = _meeting_for(Meeting.Kind.MONTHLY, today, by)
    meeting.agenda = _agenda(today)
    meeting.save(update_fields=["agenda"])
    audit(
        actor=by, action="monitoring.rhythm.dispatch", target=meeting, data={"overdue": len(meeting.agenda["overdue"])}
    )
    return meeting


@transaction.atomic
def meeting_record(*, meeting: Meeting, by, minutes: str, held_on: dt.date) -> Meeting:
    _check(by)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not (minutes or "").strip():
        raise ValidationError({"minutes": _("请填写会议纪要。")})
    if held_on < meeting.period_start:
        raise ValidationError({"held_on": _("召开日期不能早于本期开始日期。")})
    meeting.minutes = minutes.strip()
    meeting.held_on = held_on
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["minutes", "held_on", "status"])
    audit(actor=by, action="monitoring.rhythm.minutes", target=meeting)
    return meeting


@transaction.atomic
def action_item_add(
    *, meeting: Meeting, by, text: str, due: dt.date, unit=None, assignee=None, task=None
) -> ActionItem:
    _check(by)
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写督办事项。")})
    if due < meeting.period_start:
        raise ValidationError({"due": _("办结时限不能早于会议期间。")})
    if unit is None and task is not None:
        unit = task.lead_unit
    if assignee is not None and unit is not None and not unit.memberships.filter(user=assignee).exists():
        raise ValidationError({"assignee": _("承办人须为承办单位的人员。")})
    item = ActionItem.objects.create(
        meeting=meeting, text=text.strip()[:300], due=due, unit=unit, assignee=assignee, task=task
    )
    people = [assignee] if assignee else ([m.user for m in unit.memberships.select_related("user")] if unit else [])
    notify(
        users=people,
        kind="monitoring.action_assigned",
        title=Message(gettext_noop("调度督办事项：%(text)s"), text=item.text[:60]),
        body=Message(gettext_noop("%(meeting)s 交办，办结时限 %(due)s。"), meeting=meeting, due=due),
        url=reverse("monitoring:meeting", args=[meeting.pk]),
        exclude=by,
    )
    audit(actor=by, action="monitoring.rhythm.action", target=meeting, data={"item": item.pk})
    return item


@transaction.atomic
def action_item_done(*, item: ActionItem, by, note: str) -> ActionItem:
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("unit").get(pk=item.pk)
    member = item.unit is not None and item.unit.memberships.filter(user=by).exists()
    if not (getattr(by, "is_operator", False) or member or item.assignee_id == by.pk):
        raise PermissionDenied(_("只有承办人、承办单位人员或运营人员可以办结。"))
    if item.status == ActionItem.Status.DONE:
        raise ValidationError({"item": _("该事项已办结。")})
    if not (note or "").strip():
        raise ValidationError({"note": _("请填写办结说明。")})
    item.status = ActionItem.Status.DONE
    item.done_note = note.strip()
    item.done_at = timezone.now()
    item.save(update_fields=["status", "done_note", "done_at"])
    audit(actor=by, action="monitoring.rhythm.action_done", target=item.meeting, data={"item": item.pk})
    return item


# Scorecards ---------------------------------------------------------------------------------------


def _method() -> dict:
    return dict(settings.MONITORING_SCORECARD)


def method_text() -> str:
    """The stated scoring method, from the settings (shown on the rhythm pages and meeting papers)."""
    m = _method()
    p, w = m["task_points"], m["weights"]
    grades = "、".join(f"{g} ≥{v}" for g, v in sorted(m["thresholds"].items(), key=lambda kv: -kv[1]))
    return _(
        "任务按状态计分（已销号 %(closed)s、待复核 %(pending)s、推进中 %(in_progress)s、未启动 %(open)s、逾期 %(overdue)s），"
        "指标按趋势（达标或在轨 100、风险 50、无数据不计），任务 %(wt)s%% + 指标 %(wi)s%%；等次：%(grades)s。"
    ) % {**p, "wt": w["tasks"], "wi": w["indicators"], "grades": grades}


def _task_points(task: LedgerTask, as_of: dt.date, points: dict) -> tuple[str, int]:
    if task.status == LedgerTask.Status.CLOSED:
        return "closed", points["closed"]
    if task.status == LedgerTask.Status.PENDING:
        return "pending", points["pending"]
    if task.deadline < as_of:
        return "overdue", points["overdue"]
    if task.status == LedgerTask.Status.IN_PROGRESS:
        return "in_progress", points["in_progress"]
    return "open", points["open"]


def grade_for(score: Decimal, thresholds: dict) -> str:
    for grade, floor in sorted(thresholds.items(), key=lambda kv: -kv[1]):
        if score >= Decimal(str(floor)):
            return grade
    return "待改进"


def unit_scorecard(unit: ResponsibleUnit, *, start: dt.date, end: dt.date, as_of: dt.date, rows=None) -> dict:
    """A unit's score for a period by the stated method (settings.MONITORING_SCORECARD):
    tasks it leads that fall in the period (yearly tasks of the period's year; plan-period tasks due
    in or after it; earlier tasks still open at its start or closed within it, carried over) earn
    points by state; indicators it leads earn 100 on track, 50 at risk, and are
    left out without data. Score = weighted mean of the two parts (tasks only when it leads no
    indicator with data)."""
    method = _method()
    points = method["task_points"]
    carried = Q(deadline__lt=start) & (~Q(status=LedgerTask.Status.CLOSED) | Q(closed_at__date__gte=start))
    tasks = LedgerTask.objects.filter(lead_unit=unit).filter(
        Q(year=start.year) | Q(year__isnull=True, deadline__gte=start) | carried
    )
    task_lines = []
    for task in tasks.order_by("code"):
        state, value = _task_points(task, as_of, points)
        task_lines.append({"code": task.code, "title": task.title, "state": state, "points": value})
    indicator_lines = []
    for row in rows or []:
        if row.indicator.lead_unit_id != unit.pk:
            continue
        for tp in row.targets:
            if tp.target.year < start.year:
                continue
            if tp.percent is None and tp.projected is None:
                indicator_lines.append({"indicator": row.indicator.name, "year": tp.target.year, "points": None})
                continue
            on_track = not tp.at_risk
            indicator_lines.append(
                {"indicator": row.indicator.name, "year": tp.target.year, "points": 100 if on_track else 50}
            )
    task_score = Decimal(sum(t["points"] for t in task_lines)) / len(task_lines) if task_lines else None
    scored = [i["points"] for i in indicator_lines if i["points"] is not None]
    indicator_score = Decimal(sum(scored)) / len(scored) if scored else None
    weights = method["weights"]
    parts = [(task_score, weights["tasks"]), (indicator_score, weights["indicators"])]
    parts = [(s, w) for s, w in parts if s is not None]
    score = (sum(s * w for s, w in parts) / sum(w for _s, w in parts)).quantize(Decimal("0.1")) if parts else Decimal(0)
    counts = {key: sum(1 for t in task_lines if t["state"] == key) for key in points}
    return {
        "score": score,
        "grade": grade_for(score, method["thresholds"]) if parts else "—",
        "task_score": str(task_score.quantize(Decimal("0.1"))) if task_score is not None else None,
        "indicator_score": str(indicator_score.quantize(Decimal("0.1"))) if indicator_score is not None else None,
        "counts": counts,
        "tasks": task_lines,
        "indicators": indicator_lines,
        "method": {k: method[k] for k in ("task_points", "weights", "thresholds", "source")},
    }


@transaction.atomic
def assessment_run(*, by, kind: str, day: dt.date | None = None) -> Meeting:
    """季度考核 / 年底总评: score every active unit for the period containing ``day`` and keep the
    scorecards (re-running replaces them until the minutes are recorded)."""
    from ..selectors import indicator_rows

    _check(by)
    if kind not in (Meeting.Kind.QUARTERLY, Meeting.Kind.ANNUAL):
        raise ValidationError({"kind": _("考核类型只能是季度考核或年底总评。")})
    today = timezone.localdate()
    day = day or today
    meeting = _meeting_for(kind, day, by)
    as_of = min(meeting.period_end, today)
    rows = indicator_rows(indicators=Indicator.objects.filter(is_active=True, lead_unit__isnull=False))
    meeting.scores.all().delete()
    for unit in ResponsibleUnit.objects.filter(is_active=True):
        card = unit_scorecard(unit, start=meeting.period_start, end=meeting.period_end, as_of=as_of, rows=rows)
        if not card["tasks"] and not card["indicators"]:
            continue
        UnitScore.objects.create(
            meeting=meeting,
            unit=unit,
            score=card["score"],
            grade=card["grade"],
            detail={**card, "score": str(card["score"])},
        )
    meeting.agenda = {**_agenda(as_of), "as_of": as_of.isoformat()}
    meeting.save(update_fields=["agenda"])
    audit(actor=by, action=f"monitoring.rhythm.{kind}", target=meeting, data={"units": meeting.scores.count()})
    return meeting
