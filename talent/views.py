"""Talent cloud pages. Thin: parse, check access, call a service or selector, render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error
from core.http import error_text, post_action
from reference.models import IndustryChain

from . import access, selectors, services
from .forms import DemandForm, EvidenceForm, ProfileForm, ServiceForm, TeamForm
from .models import (
    Category,
    ContactRequest,
    ContactStatus,
    DemandStatus,
    DoctoralBoard,
    Evidence,
    Level,
    ProfileStatus,
    ServiceStatus,
    TalentProfile,
)


def home(request):
    data = selectors.map_data()
    return render(
        request,
        "talent/home.html",
        {
            "total": data["total"],
            "placements": data["placements"],
            "teams": selectors.teams_progress(),
            "boards": DoctoralBoard.objects.filter(published=True)[:3],
            "demands": access.demands_visible_to(request.user).filter(status=DemandStatus.PUBLISHED)[:6],
            "mine": TalentProfile.objects.filter(user=request.user).first() if request.user.is_authenticated else None,
        },
    )


@login_required
def my_profile(request):
    profile = TalentProfile.objects.filter(user=request.user).first()
    initial = {} if profile else {"name": request.user.name, "email": request.user.email or ""}
    form = ProfileForm(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "industry_chains"}
        try:
            profile = services.profile_save(
                user=request.user, data=data, chains=form.cleaned_data["industry_chains"], profile=profile
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("人才档案已保存。"))
            return redirect("talent:profile", pk=profile.pk)
    return render(request, "talent/profile_form.html", {"form": form, "profile": profile})


def _profile_or_404(user, pk):
    profile = get_object_or_404(TalentProfile.objects.select_related("organisation", "prefecture", "county"), pk=pk)
    if not access.can_see_profile(user, profile):
        raise Http404
    return profile


@login_required
def profile_detail(request, pk):
    profile = _profile_or_404(request.user, pk)
    own = profile.user_id == request.user.pk
    manageable = (
        [
            d
            for d in access.demands_visible_to(request.user).filter(status=DemandStatus.PUBLISHED)
            if access.can_manage_demand(request.user, d)
        ][:20]
        if not own
        else []
    )
    ctx = {
        "profile": profile,
        "own": own,
        "show_contact": access.contact_visible(request.user, profile),
        "show_points": access.can_see_points(request.user, profile),
        "points": getattr(profile, "points", None) if profile.is_verified else None,
        "evidence": profile.evidence.all() if own or request.user.is_operator else [],
        "evidence_form": EvidenceForm() if own else None,
        "pending": ContactRequest.objects.filter(
            profile=profile, requester=request.user, status=ContactStatus.PENDING
        ).exists(),
        "my_demands": manageable,
        "can_contact": not own and profile.is_verified and bool(request.user.organisation_ids()),
    }
    if own and profile.is_verified:
        from matching.selectors import matches_for

        ctx["matches"] = matches_for(kind="talents", pk=profile.pk, user=request.user, limit=10)
    return render(request, "talent/profile.html", ctx)


@login_required
@require_POST
def profile_submit(request, pk):
    profile = get_object_or_404(TalentProfile, pk=pk, user=request.user)
    return post_action(
        request,
        lambda: services.profile_submit(by=request.user, profile=profile),
        success=_("已提交核验。"),
        to=reverse("talent:profile", args=[pk]),
    )


@login_required
@require_POST
def evidence_add(request, pk):
    profile = get_object_or_404(TalentProfile, pk=pk, user=request.user)
    return post_action(
        request,
        lambda title, file=None, **_data: services.evidence_add(
            by=request.user, profile=profile, title=title, file=file
        ),
        form=EvidenceForm(request.POST, request.FILES),
        invalid=_("请填写材料名称。"),
        success=_("证明材料已上传。"),
        to=reverse("talent:profile", args=[pk]),
    )


@login_required
def evidence_file(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("profile"), pk=pk)
    if not (evidence.profile.user_id == request.user.pk or request.user.is_operator) or not evidence.file:
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1])


@login_required
def queue(request):
    if not request.user.is_operator:
        raise PermissionDenied
    profiles = TalentProfile.objects.filter(status=ProfileStatus.SUBMITTED).prefetch_related("evidence")[:200]
    return render(request, "talent/queue.html", {"profiles": profiles})


@login_required
@require_POST
def verify(request, pk):
    profile = get_object_or_404(TalentProfile, pk=pk)
    expert = None
    if request.POST.get("expert"):
        from catalog.models import Expert

        expert = Expert.objects.filter(pk=request.POST["expert"]).first()
        if expert is None:
            messages.error(request, _("专家记录不存在。"))
            return redirect("talent:queue")
    return post_action(
        request,
        lambda: services.profile_verify(
            by=request.user,
            profile=profile,
            approve=request.POST.get("action") == "approve",
            note=request.POST.get("note", ""),
            expert=expert,
        ),
        success=_("已处理：%(n)s") % {"n": profile.name},
        to="talent:queue",
    )


# --- demands -------------------------------------------------------------------------------------


def demand_list(request):
    qs = access.demands_visible_to(request.user).filter(status=DemandStatus.PUBLISHED)
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind=kind)
    mine = (
        access.demands_visible_to(request.user).filter(owner_org__in=request.user.organisation_ids())
        if request.user.is_authenticated
        else []
    )
    from .models import DemandKind

    return render(
        request, "talent/demands.html", {"demands": qs[:200], "mine": mine, "kinds": DemandKind.choices, "kind": kind}
    )


@login_required
def demand_new(request):
    orgs = request.user.memberships.select_related("organisation")
    org = orgs.first().organisation if orgs.exists() else None
    if org is None:
        messages.error(request, _("请先加入一个机构，再以机构名义发布人才需求。"))
        return redirect("talent:demands")
    form = DemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "industry_chains"}
        try:
            demand = services.demand_save(
                by=request.user, org=org, data=data, chains=form.cleaned_data["industry_chains"]
            )
            if request.POST.get("publish"):
                services.demand_publish(by=request.user, demand=demand)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("talent:demand", pk=demand.pk)
    return render(request, "talent/demand_form.html", {"form": form, "org": org})


def demand_detail(request, pk):
    demand = get_object_or_404(access.demands_visible_to(request.user), pk=pk)
    manage = access.can_manage_demand(request.user, demand)
    matches = []
    if manage and demand.status == DemandStatus.PUBLISHED:
        from matching.selectors import matches_for

        matches = matches_for(kind="talent_demands", pk=demand.pk, user=request.user, limit=10)
    return render(
        request,
        "talent/demand.html",
        {"demand": demand, "manage": manage, "matches": matches, "can_apply": access.can_apply(request.user, demand)},
    )


@login_required
@require_POST
def demand_action(request, pk, action):
    demand = get_object_or_404(access.demands_visible_to(request.user), pk=pk)
    try:
        if action == "apply":
            services.demand_apply(by=request.user, demand=demand, message=request.POST.get("message", ""))
            messages.success(request, _("申请已发送，用人单位可查看您的联系方式。"))
        elif action == "publish":
            services.demand_publish(by=request.user, demand=demand)
        elif action == "close":
            services.demand_close(by=request.user, demand=demand)
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("talent:demand", pk=pk)


def boards(request):
    return render(request, "talent/boards.html", {"boards": DoctoralBoard.objects.filter(published=True)})


def board_detail(request, pk):
    board = get_object_or_404(DoctoralBoard, pk=pk, published=True)
    entries = board.entries.select_related("demand", "demand__owner_org", "demand__prefecture")
    return render(request, "talent/board.html", {"board": board, "entries": entries})


# --- contacts and placements ---------------------------------------------------------------------


@login_required
@require_POST
def contact_new(request, pk):
    profile = _profile_or_404(request.user, pk)
    demand = None
    if request.POST.get("demand"):
        demand = access.demands_visible_to(request.user).filter(pk=request.POST["demand"]).first()
    try:
        services.contact_request(
            by=request.user, profile=profile, demand=demand, message=request.POST.get("message", "")
        )
        messages.success(request, _("联系请求已发送，对方接受后可查看联系方式。"))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    nxt = request.POST.get("next", "")
    return redirect(nxt if nxt.startswith("/talent/") else profile.get_absolute_url())


@login_required
def contacts(request):
    qs = access.contacts_visible_to(request.user).select_related("placement")
    received = [c for c in qs if c.profile.user_id == request.user.pk]
    sent = [c for c in qs if c.profile.user_id != request.user.pk]
    return render(request, "talent/contacts.html", {"received": received, "sent": sent, "today": timezone.localdate()})


@login_required
@require_POST
def contact_action(request, pk, action):
    contact = get_object_or_404(access.contacts_visible_to(request.user), pk=pk)
    try:
        if action in ("accept", "decline"):
            services.contact_answer(by=request.user, contact=contact, accept=action == "accept")
            messages.success(request, _("已答复。"))
        elif action == "place":
            try:
                started = dt.date.fromisoformat(request.POST.get("started_on", ""))
            except ValueError as exc:
                raise ValidationError({"started_on": _("请填写有效的到岗日期。")}) from exc
            services.placement_record(by=request.user, contact=contact, started_on=started)
            messages.success(request, _("引进已登记。"))
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("talent:contacts")


# --- teams, map, services, export ----------------------------------------------------------------


def teams(request):
    org = request.user.primary_organisation if request.user.is_authenticated else None
    form = TeamForm(request.POST or None) if org is not None else None
    if request.method == "POST" and form is not None and form.is_valid():
        c = form.cleaned_data
        members = [(p, "scientist") for p in c["scientists"]] + [(p, "engineer") for p in c["engineers"]]
        try:
            services.team_save(
                by=request.user,
                org=org,
                name=c["name"],
                project=c["project"],
                formed_on=c["formed_on"],
                members=members,
                outputs=c["outputs"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("队伍已登记。"))
            return redirect("talent:teams")
    return render(request, "talent/teams.html", {"progress": selectors.teams_progress(), "form": form, "org": org})


def talent_map(request):
    chain, category, level = request.GET.get("chain", ""), request.GET.get("category", ""), request.GET.get("level", "")
    if category not in Category.values:
        category = ""
    if level not in Level.values:
        level = ""
    data = selectors.map_data(chain=chain, category=category, level=level)
    chart = {
        "prefectures": [
            {"name": p["name"], "value": p["talents"], "placements": p["placements"]} for p in data["prefectures"]
        ],
        "counties": [
            {"name": c["name"], "value": c["talents"], "placements": c["placements"]} for c in data["counties"]
        ],
        "labels": {"talents": _("核验人才"), "placements": _("引进登记")},
    }
    return render(
        request,
        "talent/map.html",
        {
            "data": data,
            "chart": chart,
            "chains": IndustryChain.objects.order_by("order"),
            "categories": Category.choices,
            "levels": Level.choices,
            "chain": chain,
            "category": category,
            "level": level,
            "years": selectors.introduced_per_year(),
        },
    )


@login_required
def services_page(request):
    form = ServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            req = services.service_request(
                by=request.user, kind=form.cleaned_data["kind"], detail=form.cleaned_data["detail"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("申请已提交至责任单位。"))
            return redirect(req.get_absolute_url())
    return render(
        request, "talent/services.html", {"form": form, "requests": access.services_visible_to(request.user)[:200]}
    )


@login_required
def service_detail(request, pk):
    req = get_object_or_404(access.services_visible_to(request.user), pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "rate":
                try:
                    rating = int(request.POST.get("rating", ""))
                except ValueError:
                    rating = 0
                services.service_rate(
                    by=request.user, request=req, rating=rating, comment=request.POST.get("comment", "")
                )
            else:
                services.service_transition(
                    by=request.user,
                    request=req,
                    action=request.POST.get("action", ""),
                    reason=request.POST.get("reason", ""),
                )
            messages.success(request, _("已更新。"))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, error_text(exc))
        return redirect(req.get_absolute_url())
    actions = services.SERVICE_FLOW.available(req.status, services.service_actor_kinds(request.user, req))
    return render(
        request,
        "talent/service.html",
        {
            "req": req,
            "actions": actions,
            "can_rate": req.applicant_id == request.user.pk and req.status == ServiceStatus.DONE and req.rating is None,
        },
    )


@login_required
def export_xlsx(request):
    """Verified talents visible to the user; contact columns filled only where the user may read them."""
    from core.audit import audit_export
    from core.xlsx import Sheet, workbook_bytes

    qs = (
        access.profiles_visible_to(request.user)
        .filter(status=ProfileStatus.VERIFIED)
        .select_related("prefecture")[:5000]
    )
    rows_src = list(qs)
    readable = access.contact_visible_ids(request.user, [p.pk for p in rows_src])
    headers = [
        _("姓名"),
        _("人才类别"),
        _("人才层次"),
        _("最高学位"),
        _("研究领域"),
        _("当前单位"),
        _("所在地市"),
        _("联系电话"),
        _("联系邮箱"),
    ]
    rows = [
        [
            p.name,
            p.get_category_display(),
            p.get_level_display(),
            p.get_degree_display(),
            p.fields_of_work,
            p.organisation_name,
            p.prefecture.name if p.prefecture else "",
            p.phone if p.pk in readable else "",
            p.email if p.pk in readable else "",
        ]
        for p in rows_src
    ]
    audit_export(
        request=request, name="talent.profiles", rows=len(rows), confidential=bool(readable), params=request.GET
    )
    content = workbook_bytes([Sheet(str(_("人才库")), [str(h) for h in headers], rows)])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="talents.xlsx"'
    return response
