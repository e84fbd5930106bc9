"""What follows a result, per kind: race milestones and the race's end (赛马制), list pairings
(机会清单/场景清单), roadshow interest marks, objections during 公示."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit

from .. import access
from ..models import Call, Entry, EntryStatus, Interest, Kind, Milestone, MilestoneCheck, Objection, Stage
from .calls import call_transition


def _require_manager(by, call) -> None:
    if not access.is_manager(by, call):
        raise PermissionDenied(_("只有该项目的管理人可以执行此操作。"))


@transaction.atomic
def milestone_check(*, milestone: Milestone, entry: Entry, outcome: str, by, note: str = "") -> MilestoneCheck:
    """Record whether a racing team met a milestone. Raises PermissionDenied / ValidationError."""
    call = Call.objects.get(pk=milestone.call_id)
    entry = Entry.objects.get(pk=entry.pk)
    _require_manager(by, call)
    if call.stage != Stage.RACING:
        raise ValidationError({"status": _("只有赛马阶段可以考核里程碑。")})
    if entry.call_id != call.pk or entry.status != EntryStatus.SELECTED:
        raise ValidationError({"entry": _("只能考核参与赛马的团队。")})
    if outcome not in MilestoneCheck.Outcome.values:
        raise ValidationError({"outcome": _("请选择考核结论。")})
    check, _created = MilestoneCheck.objects.update_or_create(
        milestone=milestone, entry=entry, defaults={"outcome": outcome, "note": note[:300], "checked_by": by}
    )
    audit(
        actor=by, action="programme.milestone_check", target=entry, data={"milestone": milestone.pk, "outcome": outcome}
    )
    return check


@transaction.atomic
def race_finish(*, call, winner: Entry, by, reason: str = ""):
    """End a race with its best result: the winner, the other racing teams ended; the call closes."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    winner = Entry.objects.get(pk=winner.pk)
    _require_manager(by, call)
    if call.stage != Stage.RACING:
        raise ValidationError({"status": _("该榜单不在赛马阶段。")})
    if winner.call_id != call.pk or winner.status != EntryStatus.SELECTED:
        raise ValidationError({"winner": _("胜出团队必须是参与赛马的团队。")})
    Entry.objects.filter(call=call, status=EntryStatus.SELECTED).exclude(pk=winner.pk).update(
        status=EntryStatus.RACE_ENDED
    )
    Entry.objects.filter(pk=winner.pk).update(status=EntryStatus.WINNER)
    return call_transition(call=call, action="finish", by=by, reason=reason)


@transaction.atomic
def entry_pair(*, entry: Entry, by) -> Entry:
    """The list's owner takes up a response (供需对接成功); counted for the yearly pairing target."""
    entry = Entry.objects.select_for_update().select_related("call").get(pk=entry.pk)
    call = entry.call
    _require_manager(by, call)
    if call.kind not in (Kind.OPPORTUNITY_LIST, Kind.SCENARIO_LIST):
        raise ValidationError({"entry": _("只有清单的响应可以标记对接。")})
    if entry.status != EntryStatus.SUBMITTED:
        raise ValidationError({"status": _("只有已提交的响应可以标记对接。")})
    entry.status = EntryStatus.PAIRED
    entry.save(update_fields=["status", "updated_at"])
    audit(actor=by, action="programme.pair", target=entry)
    return entry


@transaction.atomic
def interest_mark(*, entry: Entry, by, note: str = "") -> Interest:
    """An investor's or enterprise's interest in a roadshow item; the item's owner sees it on the
    entry page. Only for items the user may read (registered audience during the show, or a
    published result)."""
    entry = Entry.objects.select_related("call").get(pk=entry.pk)
    if entry.call.kind != Kind.ROADSHOW:
        raise ValidationError({"entry": _("只有路演项目可以标记意向。")})
    if not access.can_read_entry(by, entry) or access.is_entrant(by, entry):
        raise PermissionDenied(_("不能对该项目标记意向。"))
    interest, _created = Interest.objects.update_or_create(
        entry=entry, user=by, defaults={"organisation": by.primary_organisation, "note": note[:300]}
    )
    return interest


@transaction.atomic
def objection_raise(*, entry: Entry, by, text: str) -> Objection:
    """An objection to a proposed result during 公示 (signed-in users, about entries shown in the publicity)."""
    entry = Entry.objects.select_related("call").get(pk=entry.pk)
    if not access.can_read_entry(by, entry):
        raise PermissionDenied(_("不能对该申报提出异议。"))
    if entry.call.stage != Stage.PUBLICITY:
        raise ValidationError({"status": _("只有公示期间可以提出异议。")})
    if not by.is_authenticated:
        raise PermissionDenied(_("请先登录。"))
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写异议内容。")})
    return Objection.objects.create(entry=entry, raised_by=by, text=text.strip())
