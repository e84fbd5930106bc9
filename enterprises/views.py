"""Pages: portrait, the enterprise's own entry, the operators' queue, points, pools, demonstration library.

Views parse, check permission, call a service or selector and render (STYLE.md)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error
from core.http import error_text, post_action

from . import access, exporting, panels, points, pools, selectors, services
from .activity import applicant_name_review
from .forms import ConsentForm, DemonstrationForm, ProfileForm, QualificationForm, ReportForm, ReviewForm
from .models import AnnualReport, ApplicantName, PointsRun, PoolProposal, Qualification

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request, default=None) -> int:
    try:
        return int(request.GET.get("year") or request.POST.get("year") or default or timezone.localdate().year - 1)
    except ValueError:
        return timezone.localdate().year - 1


def _operator(user) -> None:
    access.require(user.is_authenticated and user.is_operator)


def _leader(user) -> None:
    access.require(access.can_view_aggregates(user))


@login_required
def mine(request):
    profile = selectors.my_profile(request.user)
    if profile is None:
        messages.info(request, _("您尚未加入企业类机构。"))
        return redirect("accounts:profile")
    return redirect("enterprises:portrait", org_pk=profile.organisation_id)


def portrait(request, org_pk: int):
    profile = selectors.profile_for_view(org_pk=org_pk, user=request.user)
    context = selectors.portrait(profile=profile, user=request.user)
    # Chart labels in the reader's language, for the static portrait.js (no inline script: CSP).
    context["chart_labels"] = {
        "unit": _("万元"),
        "revenue": _("营业收入"),
        "rd_expenditure": _("研发费用"),
        "net_profit": _("净利润"),
        "points": _("得分"),
    }
    context["panels"] = panels.portrait_panels(request, profile)
    if request.user.is_authenticated and request.user.is_operator:
        context["demonstration_form"] = DemonstrationForm(initial={"designated_on": timezone.localdate()})
    return render(request, "enterprises/portrait.html", context)


@login_required
def edit(request, org_pk: int):
    """The enterprise's admins: profile, a qualification, a year's figures (each its own form)."""
    profile = selectors.profile_for_view(org_pk=org_pk, user=request.user)
    access.require(access.can_edit(request.user, profile))
    which = request.POST.get("form") if request.method == "POST" else None
    forms = {
        "profile": ProfileForm(request.POST if which == "profile" else None, instance=profile, prefix="p"),
        "qualification": QualificationForm(
            request.POST if which == "qualification" else None, request.FILES or None, prefix="q"
        ),
        "report": ReportForm(request.POST if which == "report" else None, prefix="r"),
        "consent": ConsentForm(request.POST if which == "consent" else None, prefix="c"),
    }
    if which in forms and forms[which].is_valid():
        data = forms[which].cleaned_data
        try:
            if which == "profile":
                services.profile_update(profile=profile, by=request.user, data=data)
            elif which == "qualification":
                services.qualification_submit(profile=profile, by=request.user, data=data)
            elif which == "consent":
                services.consent_grant(profile=profile, by=request.user, bank=data["bank"], purpose=data["purpose"])
            else:
                year = data.pop("year")
                services.report_submit(profile=profile, by=request.user, year=year, data=data)
        except ValidationError as exc:
            apply_validation_error(forms[which], exc)
        else:
            messages.success(request, _("已保存，等待平台运营人员核验。"))
            return redirect("enterprises:edit", org_pk=org_pk)
    return render(
        request,
        "enterprises/edit.html",
        {
            "profile": profile,
            "forms": forms,
            "reports": profile.reports.all(),
            "qualifications": profile.qualifications.all(),
            "consents": profile.consents.select_related("bank").order_by("-granted_at"),
        },
    )


@login_required
@require_POST
def consent_revoke(request, org_pk: int, pk: int):
    profile = selectors.profile_for_view(org_pk=org_pk, user=request.user)
    access.require(access.can_edit(request.user, profile))
    services.consent_revoke(
        consent=get_object_or_404(profile.consents, pk=pk, revoked_at__isnull=True), by=request.user
    )
    messages.success(request, _("已撤销授权。"))
    return redirect("enterprises:edit", org_pk=org_pk)


@login_required
def queue(request):
    _operator(request.user)
    return render(request, "enterprises/queue.html", {**selectors.verification_queue(), "form": ReviewForm()})


@login_required
@require_POST
def propose_names(request):
    """Operators: scan the patent pool for applicant strings resembling enterprises' names."""
    from .activity import propose_applicant_names

    _operator(request.user)
    messages.success(request, _("新增 %(n)s 个待确认的申请人名称。") % {"n": len(propose_applicant_names())})
    return redirect("enterprises:queue")


@login_required
@require_POST
def import_figures(request):
    """Operators upload a statistics file of annual figures (all rows or none)."""
    from core.tabular import ImportFileError

    from .importing import import_reports

    _operator(request.user)
    upload = request.FILES.get("file")
    context = {**selectors.verification_queue(), "form": ReviewForm()}
    if upload is None:
        messages.error(request, _("请选择文件。"))
        return redirect("enterprises:queue")
    try:
        report = import_reports(filename=upload.name, content=upload.read(), by=request.user)
    except ImportFileError as exc:
        messages.error(request, str(exc))
        return redirect("enterprises:queue")
    if report.ok:
        messages.success(request, _("已导入 %(n)s 条年报（统计文件导入，视为已核验）。") % {"n": report.created})
        return redirect("enterprises:queue")
    context["import_errors"] = report.errors
    return render(request, "enterprises/queue.html", context, status=400)


@login_required
@require_POST
def review(request, kind: str, pk: int):
    _operator(request.user)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择核验结论。"))
        return redirect("enterprises:queue")
    approve, note = form.cleaned_data["approve"], form.cleaned_data["note"]
    try:
        if kind == "qualification":
            services.qualification_review(
                qualification=get_object_or_404(Qualification, pk=pk), by=request.user, approve=approve, note=note
            )
        elif kind == "report":
            services.report_review(
                report=get_object_or_404(AnnualReport, pk=pk), by=request.user, approve=approve, note=note
            )
        elif kind == "name":
            applicant_name_review(name=get_object_or_404(ApplicantName, pk=pk), by=request.user, confirm=approve)
        else:
            raise PermissionDenied
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("已处理。"))
    return redirect("enterprises:queue")


@login_required
@require_POST
def designate(request, org_pk: int):
    _operator(request.user)
    profile = selectors.profile_for_view(org_pk=org_pk, user=request.user)
    return post_action(
        request,
        lambda reason, designated_on, **_data: services.demonstration_designate(
            profile=profile, by=request.user, reason=reason, on=designated_on
        ),
        form=DemonstrationForm(request.POST),
        invalid=_("请填写认定理由和日期。"),
        success=_("已列入示范企业库。"),
        to=reverse("enterprises:portrait", args=[org_pk]),
    )


@login_required
def points_page(request):
    """Operators: runs, scoring, publishing, each firm's points. Leaders: distributions only."""
    _leader(request.user)
    run_id = request.GET.get("run")
    runs = PointsRun.objects.select_related("model")
    if request.user.is_operator:
        run = runs.filter(pk=run_id).first() if run_id else runs.first()
    else:
        runs = runs.filter(status=PointsRun.Status.PUBLISHED)
        run = runs.filter(pk=run_id).first() if run_id else runs.first()
    context = {"runs": runs, "run": run, "year": _year(request)}
    if run:
        context["by_city"] = selectors.distribution(run, "new_city")
        context["by_chain"] = selectors.distribution(run, "chain")
        if request.user.is_operator:
            context["scores"] = selectors.run_scores(run)[:500]
    return render(request, "enterprises/points.html", context)


@login_required
@require_POST
def points_score(request):
    _operator(request.user)
    try:
        run = points.score_year(year=_year(request), by=request.user)
        messages.success(request, _("已完成 %(y)s 年度积分计算：%(n)s 家企业。") % {"y": run.year, "n": run.scored})
        return redirect(f"{reverse('enterprises:points')}?run={run.pk}")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("enterprises:points")


@login_required
@require_POST
def points_publish(request, pk: int):
    _operator(request.user)
    run = get_object_or_404(PointsRun, pk=pk)
    return post_action(
        request, lambda: points.publish_run(run=run, by=request.user), success=_("已发布。"), to="enterprises:points"
    )


@login_required
def points_export(request, pk: int):
    _operator(request.user)
    run = get_object_or_404(PointsRun.objects.select_related("model"), pk=pk)
    response = HttpResponse(exporting.points_workbook(run), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="innovation-points-{run.year}.xlsx"'
    return response


@login_required
def pools_page(request):
    """Tier counts (leaders and operators); proposals with reasons and decisions (operators)."""
    _leader(request.user)
    year = _year(request)
    context = {"year": year, "tiers": selectors.tier_counts(dt.date(year, 12, 31))}
    if request.user.is_operator:
        context["proposals"] = selectors.proposals(year, status=request.GET.get("status", "proposed"))
        context["status"] = request.GET.get("status", "proposed")
        context["statuses"] = PoolProposal.Status.choices
    return render(request, "enterprises/pools.html", context)


@login_required
@require_POST
def pools_propose(request):
    _operator(request.user)
    year = _year(request)
    summary = pools.propose_year(year=year, by=request.user)
    total = sum(c["enter"] + c["exit"] for c in summary.values())
    messages.success(request, _("已生成 %(n)s 条遴选建议。") % {"n": total})
    return redirect(f"{reverse('enterprises:pools')}?year={year}")


@login_required
@require_POST
def pools_decide(request, pk: int):
    _operator(request.user)
    proposal = get_object_or_404(PoolProposal, pk=pk)
    return post_action(
        request,
        lambda: pools.proposal_decide(
            proposal=proposal,
            by=request.user,
            confirm=request.POST.get("confirm") == "1",
            note=request.POST.get("note", ""),
        ),
        success=_("已处理。"),
        to=f"{reverse('enterprises:pools')}?year={proposal.year}",
    )


@login_required
def pools_export(request):
    _operator(request.user)
    year = _year(request)
    response = HttpResponse(exporting.pools_workbook(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cultivation-pools-{year}.xlsx"'
    return response


def demonstrations(request):
    """The 科技成果转移转化示范企业库 (seed 004): public list of designations and their platforms."""
    return render(request, "enterprises/demonstrations.html", {"designations": selectors.demonstrations()})
