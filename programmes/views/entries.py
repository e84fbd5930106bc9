"""Entry pages: write and submit an entry, read it (entrant, managers, reviewers), score it on a
phone-width form, mark interest (roadshow audience), pair (lists), race milestones, attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error

from .. import access
from ..forms import EntryForm
from ..models import Call, Entry, EntryStatus, Milestone
from ..services import entries as entry_services
from ..services import outcomes
from ..services import reviews as review_services
from . import error_text


def _entry_for(request, pk: int) -> Entry:
    entry = get_object_or_404(Entry.objects.select_related("call", "entrant_org"), pk=pk)
    if not access.can_read_entry(request.user, entry):
        raise Http404  # say nothing about entries the viewer may not read
    return entry


@login_required
def entry_new(request, pk: int):
    call = get_object_or_404(access.calls_visible_to(request.user), pk=pk)
    form = EntryForm(request.POST or None, request.FILES or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            entry = entry_services.entry_start(
                call=call,
                by=request.user,
                answers=form.answers(),
                attachment=form.cleaned_data.get("attachment"),
                submit=bool(request.POST.get("submit_now")),
                **form.entry_fields(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("已提交。") if entry.status == EntryStatus.SUBMITTED else _("已保存草稿。"))
            return redirect("programmes:entry", pk=entry.pk)
    return render(request, "programmes/entry_form.html", {"form": form, "call": call})


def entry_detail(request, pk: int):
    entry = _entry_for(request, pk)
    call = Call.objects.get(pk=entry.call_id)
    user = request.user
    manager = access.is_manager(user, call)
    assignment = access.accepted_assignment(user, call)
    my_scores = {}
    if assignment is not None:
        my_scores = {s.criterion_id: s for s in entry.scores.filter(assignment=assignment)}
    criteria = list(call.criteria.all())
    for criterion in criteria:
        criterion.mine = my_scores.get(criterion.pk)
    context = {
        "entry": entry,
        "call": call,
        "manager": manager,
        "entrant": access.is_entrant(user, entry),
        "can_score": assignment is not None and call.stage == "review" and entry.status == EntryStatus.SUBMITTED,
        "criteria": criteria,
        "scores": access.scores_visible_to(user, call)
        .filter(entry=entry)
        .select_related("assignment__expert__user", "criterion")
        if manager
        else [],
        "show_result": access.can_see_result_of(user, entry),
        "interests": entry.interests.select_related("user", "organisation")
        if (manager or access.is_entrant(user, entry))
        else [],
        "can_mark_interest": call.kind == "roadshow" and user.is_authenticated and not access.is_entrant(user, entry),
        "milestones": Milestone.objects.filter(call=call)
        if entry.status in (EntryStatus.SELECTED, EntryStatus.WINNER, EntryStatus.RACE_ENDED)
        else [],
        "checks": {c.milestone_id: c for c in entry.milestone_checks.all()},
        "attachments": entry.attachments.all(),
        "objections": entry.objections.all() if manager else [],
    }
    return render(request, "programmes/entry.html", context)


@login_required
@require_POST
def entry_action(request, pk: int):
    entry = _entry_for(request, pk)
    action = request.POST.get("action")
    try:
        if action == "submit":
            entry_services.entry_submit(entry=entry, by=request.user)
        elif action == "withdraw":
            entry_services.entry_withdraw(entry=entry, by=request.user)
        elif action == "attach":
            if not request.FILES.get("file"):
                raise ValidationError(_("请选择要上传的文件。"))
            entry_services.entry_attach(entry=entry, file=request.FILES["file"], by=request.user)
        elif action == "pair":
            outcomes.entry_pair(entry=entry, by=request.user)
        elif action == "interest":
            outcomes.interest_mark(entry=entry, by=request.user, note=request.POST.get("note", ""))
        elif action == "objection":
            outcomes.objection_raise(entry=entry, by=request.user, text=request.POST.get("text", ""))
        elif action == "milestone":
            milestone = get_object_or_404(Milestone, pk=request.POST.get("milestone"), call_id=entry.call_id)
            outcomes.milestone_check(
                milestone=milestone,
                entry=entry,
                outcome=request.POST.get("outcome", ""),
                by=request.user,
                note=request.POST.get("note", ""),
            )
        elif action == "win":
            outcomes.race_finish(call=entry.call, winner=entry, by=request.user)
        else:
            raise ValidationError(_("未知的操作。"))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("操作已完成。"))
    return redirect("programmes:entry", pk=entry.pk)


@login_required
@require_POST
def entry_score(request, pk: int):
    entry = _entry_for(request, pk)
    criteria = entry.call.criteria.all()
    values = {c.pk: request.POST.get(f"score_{c.pk}", "") for c in criteria}
    comments = {c.pk: request.POST.get(f"comment_{c.pk}", "") for c in criteria}
    try:
        review_services.entry_score(entry=entry, by=request.user, values=values, comments=comments)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("评分已保存。"))
    return redirect("programmes:entry", pk=entry.pk)


def attachment_download(request, pk: int):
    from catalog.models import Attachment

    attachment = get_object_or_404(Attachment, pk=pk, content_type__app_label="programmes")
    entry = get_object_or_404(Entry, pk=attachment.object_id)
    if not access.can_read_entry(request.user, entry):
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
