"""Pages of the governance rhythm: responsible units, task assignment and two-person close-out,
meetings (周监测、月调度、季度考核、年底总评) with their exports, the new city × chain analysis and
the per-mu grades."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit_export
from core.forms import apply_validation_error, bootstrapify
from jobs.services import job_start
from reference.models import NewCity, ProvincialChain

from . import exports_governance as exports
from . import selectors, services
from .access import leader_required, ledger_access_required
from .forms_governance import ActionForm, AnalysisForm, ConfirmForm, DoneForm, MemberForm, MinutesForm, UnitAssignForm
from .metrics import metrics
from .models import ActionItem, LedgerTask, Meeting, ParkEvaluation, ResponsibleUnit
from .services import permu, rhythm
from .services.units import unit_member_add

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _redirect_task(pk):
    return redirect("monitoring:ledger_task", pk=pk)


@ledger_access_required
@require_POST
def ledger_units(request, pk: int):
    task = get_object_or_404(LedgerTask, pk=pk)
    form = UnitAssignForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.ledger_task_assign(
                task=task,
                by=request.user,
                lead_unit=d["lead_unit"],
                co_units=d["co_units"],
                assignee=d.get("assignee"),
                report_due=d.get("report_due"),
                deadline=d.get("deadline"),
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            messages.error(request, "；".join(sum(exc.message_dict.values(), [])))
        else:
            messages.success(request, _("已交办并提醒责任人。"))
    else:
        messages.error(request, _("请检查交办信息。"))
    return _redirect_task(pk)


@ledger_access_required
@require_POST
def ledger_confirm(request, pk: int):
    task = get_object_or_404(LedgerTask, pk=pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.ledger_confirm(task=task, by=request.user, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(sum(exc.message_dict.values(), [])))
    else:
        messages.success(request, _("已复核确认销号。"))
    return _redirect_task(pk)


# Units --------------------------------------------------------------------------------------------


@ledger_access_required
def units(request):
    return render(request, "monitoring/units.html", {"units": selectors.unit_rows()})


@ledger_access_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(ResponsibleUnit, pk=pk)
    form = MemberForm()
    if request.method == "POST":
        form = MemberForm(request.POST)
        if form.is_valid():
            user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if user is None:
                form.add_error("email", _("没有该邮箱的平台账号。"))
            else:
                try:
                    unit_member_add(
                        unit=unit,
                        user=user,
                        by=request.user,
                        is_head=form.cleaned_data["is_head"],
                        title=form.cleaned_data["title"],
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    return redirect("monitoring:unit", pk=pk)
    bootstrapify(form)
    today = timezone.localdate()
    card = rhythm.unit_scorecard(
        unit,
        start=dt.date(today.year, 1, 1),
        end=dt.date(today.year, 12, 31),
        as_of=today,
        rows=selectors.indicator_rows(indicators=unit.led_indicators.filter(is_active=True)),
    )
    context = {
        "unit": unit,
        "members": unit.memberships.select_related("user"),
        "tasks": unit.led_tasks.select_related("assignee").order_by("deadline", "code"),
        "co_tasks": unit.co_tasks.order_by("deadline", "code"),
        "form": form,
        "card": card,
        "scores": unit.scores.select_related("meeting").order_by("-meeting__period_start"),
    }
    return render(request, "monitoring/unit.html", context)


# Rhythm -------------------------------------------------------------------------------------------


@ledger_access_required
def rhythm_index(request):
    meetings = Meeting.objects.all()[:60]
    return render(
        request,
        "monitoring/rhythm.html",
        {
            "meetings": meetings,
            "kinds": Meeting.Kind.choices,
            "method": rhythm._method(),
            "method_text": rhythm.method_text(),
        },
    )


@ledger_access_required
@require_POST
def rhythm_start(request):
    kind = request.POST.get("kind")
    try:
        if kind == Meeting.Kind.WEEKLY:
            if not request.user.is_operator:
                raise PermissionDenied
            job = job_start(name="monitoring.weekly", by=request.user)  # refresh takes many seconds
            return redirect("jobs:detail", pk=job.pk)
        if kind == Meeting.Kind.MONTHLY:
            meeting = rhythm.dispatch_prepare(by=request.user)
        else:
            meeting = rhythm.assessment_run(by=request.user, kind=kind)
    except ValidationError as exc:
        messages.error(request, "；".join(sum(exc.message_dict.values(), [])))
        return redirect("monitoring:rhythm")
    return redirect("monitoring:meeting", pk=meeting.pk)


@ledger_access_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(Meeting, pk=pk)
    minutes_form = MinutesForm(initial={"held_on": timezone.localdate(), "minutes": meeting.minutes})
    action_form = ActionForm(initial={"due": timezone.localdate() + dt.timedelta(days=30)})
    if request.method == "POST" and request.user.is_operator:
        kind = request.POST.get("form")
        form = MinutesForm(request.POST) if kind == "minutes" else ActionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if kind == "minutes":
                    rhythm.meeting_record(meeting=meeting, by=request.user, minutes=d["minutes"], held_on=d["held_on"])
                else:
                    task = LedgerTask.objects.filter(pk=d.get("task")).first() if d.get("task") else None
                    rhythm.action_item_add(
                        meeting=meeting, by=request.user, text=d["text"], due=d["due"], unit=d["unit"], task=task
                    )
                return redirect("monitoring:meeting", pk=pk)
            except ValidationError as exc:
                apply_validation_error(form, exc)
        if kind == "minutes":
            minutes_form = form
        else:
            action_form = form
    bootstrapify(minutes_form)
    bootstrapify(action_form)
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda,
        "actions": meeting.actions.select_related("unit", "assignee", "task"),
        "scores": meeting.scores.select_related("unit"),
        "minutes_form": minutes_form,
        "action_form": action_form,
        "done_form": DoneForm(),
        "method": rhythm._method(),
        "method_text": rhythm.method_text(),
    }
    return render(request, "monitoring/meeting.html", context)


@ledger_access_required
@require_POST
def action_done(request, pk: int):
    item = get_object_or_404(ActionItem, pk=pk)
    form = DoneForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError({"note": _("请填写办结说明。")})
        rhythm.action_item_done(item=item, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, "；".join(sum(exc.message_dict.values(), [])))
    return redirect("monitoring:meeting", pk=item.meeting_id)


@ledger_access_required
def meeting_export(request, pk: int, fmt: str):
    meeting = get_object_or_404(Meeting, pk=pk)
    name = f"{meeting.get_kind_display()}-{meeting.period_label}"
    audit_export(
        request=request,
        name="monitoring.meeting",
        rows=meeting.scores.count() + len(meeting.agenda.get("overdue", [])),
        confidential=False,
        fmt=fmt,
    )
    if fmt == "pdf":
        body, mime, ext = exports.meeting_pdf(meeting, request), "application/pdf", "pdf"
    else:
        body, mime, ext = exports.meeting_xlsx(meeting), XLSX, "xlsx"
    response = HttpResponse(body, content_type=mime)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{ext}"
    return response


# Analysis -----------------------------------------------------------------------------------------


@leader_required
def analysis(request):
    today = timezone.localdate()
    form = AnalysisForm(request.GET or None, initial={"year": today.year})
    params = form.cleaned_data if form.is_valid() else {}
    year = params.get("year") or today.year
    quarter = params.get("quarter")
    if quarter:
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1)
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = selectors.crosstab(
        start=start,
        end=min(end, today),
        new_city=params.get("new_city") or "",
        chain=params.get("chain"),
        park=params.get("park"),
    )
    bootstrapify(form)
    context = {
        "form": form,
        "table": table,
        "start": start,
        "end": end,
        "provincial": ProvincialChain.objects.prefetch_related("hub_chains"),
        "provincial_declared": [
            (_("省级"), 24, _("行动方案三（一）5③：全省 24条产业链")),
            (_("省级"), 23, _("十四五科技创新规划 4.2：全省 23 条")),
            (_("市级"), 19, _("十四五科技创新规划 4.2：全市 19 条")),
        ],
        "risks": rhythm.at_risk_targets(today),
        "new_cities": NewCity.choices,
    }
    return render(request, "monitoring/analysis.html", context)


# Parks --------------------------------------------------------------------------------------------


def _year(request) -> int:
    default = timezone.localdate().year - 1
    try:
        return int(request.GET.get("year", default))
    except ValueError:
        return default


@leader_required
def per_mu(request):
    year = _year(request)
    if request.method == "POST":
        if not request.user.is_operator:
            raise PermissionDenied
        permu.park_evaluation_run(year=year, by=request.user)
        messages.success(request, _("%(year)s年亩均评价已发布。") % {"year": year})
        return redirect(f"{request.path}?year={year}")
    rows = permu.evaluate(year)
    history = {}
    for ev in ParkEvaluation.objects.select_related("park").order_by("year"):
        history.setdefault(ev.park.name, []).append(ev)
    context = {
        "year": year,
        "rows": rows,
        "parts": permu.PARTS,
        "method": permu.method(),
        "weights": [(permu.PARTS[k][0], w) for k, w in permu.method()["weights"].items() if k in permu.PARTS],
        "allocation": permu.allocation(year),
        "history": sorted(history.items()),
        "published": ParkEvaluation.objects.filter(year=year).exists(),
    }
    return render(request, "monitoring/per_mu.html", context)


@leader_required
def per_mu_export(request):
    year = _year(request)
    rows = permu.evaluate(year)
    audit_export(request=request, name="monitoring.per_mu", rows=len(rows), confidential=False, params=request.GET)
    response = HttpResponse(exports.per_mu_xlsx(year, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="per-mu-{year}.xlsx"'
    return response


def metric_choices():
    return [(code, m.label) for code, m in metrics().items() if m.crosstab]
