"""Call pages: list by kind, detail with the statistics widget and results, create, stage
transitions, reviewer draws, the reviewer's task list, XLSX export of entries and results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.forms import apply_validation_error

from .. import access, selectors
from ..forms import CallForm
from ..kinds import KINDS, kind_of
from ..models import Article, Assignment, Call, Event, Kind, Stage
from ..services import calls as call_services
from ..services import reviews as review_services
from . import error_text


def call_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in KINDS else ""
    qs = selectors.call_list(request.user, kind=kind or None)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": KINDS.values(),
            "current_kind": KINDS.get(kind),
            "news": Article.objects.filter(published=True)[:5],
            "events": Event.objects.filter(published=True).order_by("-starts_at")[:5],
        },
    )


def call_detail(request, pk: int):
    call = get_object_or_404(access.calls_visible_to(request.user), pk=pk)
    user = request.user
    manager = access.is_manager(user, call)
    assignment = access.accepted_assignment(user, call)
    entries = list(selectors.results(call, user))
    context = {
        "call": call,
        "kind": kind_of(call),
        "manager": manager,
        "assignment": assignment,
        "stats": selectors.call_statistics(call),
        "criteria": call.criteria.all(),
        "items": call.items.all(),
        "milestones": call.milestones.all(),
        "entries": entries,
        "show_results": manager or call.results_public or call.stage == Stage.PUBLICITY,
        "my_entries": [e for e in entries if access.is_entrant(user, e)],
        "actions": kind_of(call).workflow.available(call.stage, access.actor_kinds(user, call)) if manager else [],
        "assignments": call.assignments.select_related("expert__user", "expert__organisation") if manager else [],
        "draws": call.draws.all() if manager else [],
        "events": call.events.filter(published=True),
        "eligible_labels": [
            str(label) for value, label in Organisation.Kind.choices if value in call.eligible_org_kinds
        ],
    }
    return render(request, "programmes/detail.html", context)


@login_required
def call_new(request):
    if not request.user.has_role("operator"):
        raise PermissionDenied
    demand = None
    if request.GET.get("demand") or request.POST.get("demand"):
        from catalog.models import Demand

        demand = get_object_or_404(
            Demand.objects.published(), pk=request.GET.get("demand") or request.POST.get("demand")
        )
    initial = {"kind": Kind.CHALLENGE}
    if demand:
        initial.update(
            title=demand.title,
            summary=demand.summary,
            problem=demand.problem,
            targets=demand.targets,
            is_bottleneck=demand.is_bottleneck,
        )
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "criteria_text"}
        try:
            if demand:
                data.pop("kind")
                call = call_services.challenge_from_demand(
                    demand=demand, by=request.user, criteria=form.cleaned_data["criteria_text"], **data
                )
            else:
                call = call_services.call_create(by=request.user, criteria=form.cleaned_data["criteria_text"], **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已创建草稿，请检查后发布。"))
            return redirect(call)
    return render(request, "programmes/call_form.html", {"form": form, "demand": demand})


@login_required
@require_POST
def call_transition(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    try:
        call_services.call_transition(
            call=call, action=request.POST.get("action", ""), by=request.user, reason=request.POST.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("操作已完成。"))
    return redirect(call)


@login_required
@require_POST
def draw(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    try:
        result = review_services.draw_reviewers(call=call, by=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("已抽取 %(n)s 位专家（随机种子 %(s)s），邀请已发出。") % {"n": len(result.drawn), "s": result.seed},
        )
    return redirect(call)


@login_required
def my_reviews(request):
    return render(
        request,
        "programmes/my_reviews.html",
        {"assignments": selectors.my_assignments(request.user), "entries": selectors.my_entries(request.user)},
    )


@login_required
@require_POST
def assignment_answer(request, pk: int):
    assignment = get_object_or_404(Assignment, pk=pk, expert__user=request.user)
    try:
        review_services.assignment_answer(
            assignment=assignment, by=request.user, accept=request.POST.get("accept") == "1"
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("programmes:my_reviews")


@login_required
def export(request, pk: int):
    """Entries and results as XLSX, for the call's managers only (the list holds unpublished entries)."""
    from core.xlsx import Sheet, workbook_bytes

    call = get_object_or_404(Call, pk=pk)
    if not access.is_manager(request.user, call):
        raise PermissionDenied
    header = [
        _("编号"),
        _("名称"),
        _("申报机构"),
        _("团队"),
        _("状态"),
        _("提交时间"),
        _("综合得分"),
        _("排名"),
        _("评分分歧"),
        _("奖励/资助（万元）"),
    ]
    rows = [
        [
            e.pk,
            e.title,
            e.entrant_org.name,
            e.team_name,
            e.get_status_display(),
            e.submitted_at,
            e.final_score,
            e.rank,
            e.disagreement,
            e.award_wan,
        ]
        for e in selectors.results(call, request.user)
    ]
    response = HttpResponse(
        workbook_bytes([Sheet(str(_("申报与结果")), [str(h) for h in header], rows)]),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="programme-{call.pk}.xlsx"'
    return response
