"""Pages for leaders and operators: dashboard, wall screen, indicator detail, ledger, parks, exports."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import apply_validation_error, bootstrapify
from jobs.services import job_start
from reference.models import Park

from . import exports, selectors, services
from .access import leader_required, ledger_access_required
from .forms import AssignForm, CloseForm, LandAreaForm, ObservationForm, ParkYearForm, ProgressForm, ReopenForm
from .models import Indicator, LedgerTask, ParkYear, PeriodType, Source
from .services.ledger import achieved

VIEWS = [PeriodType.WEEK, PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request) -> str:
    value = request.GET.get("period", PeriodType.YEAR)
    return value if value in VIEWS else PeriodType.YEAR


def _chart_data(rows) -> dict:
    """Trend and breakdown series for ECharts, keyed by indicator code."""
    data = {}
    for row in rows:
        data[row.indicator.code] = {
            "name": row.indicator.name,
            "unit": row.indicator.unit,
            "labels": [o.period_label for o in row.trend],
            "values": [float(o.value) for o in row.trend],
            "breakdown": row.breakdown,
        }
    return data


@leader_required
def dashboard(request):
    period = _period(request)
    rows = selectors.cached_indicator_rows(period_type=period)
    context = {
        "rows": rows,
        "period": period,
        "views": [(v, PeriodType(v).label) for v in VIEWS],
        "planned": [r for r in rows if r.targets],
        "platform": [r for r in rows if not r.targets],
        "chart_data": _chart_data(rows),
        "refresh": selectors.last_refresh(),
        "ledger": selectors.ledger_summary(),
        # The cards and chart series are the same for every leader: the template caches them
        # per period, language and version of the figures.
        "rows_version": selectors.rows_version(),
        "rows_ttl": selectors.ROWS_TTL_S,
    }
    return render(request, "monitoring/dashboard.html", context)


@leader_required
def wall(request):
    period = _period(request)
    rows = selectors.cached_indicator_rows(period_type=period)
    parks = selectors.park_rows(year=timezone.localdate().year - 1)
    ranked = [r for r in parks if r.rank]
    context = {
        "rows": rows,
        "planned": [r for r in rows if r.targets],
        "platform": [r for r in rows if not r.targets],
        "period": period,
        "period_label": PeriodType(period).label,
        "chart_data": _chart_data(rows),
        "ledger": selectors.ledger_summary(),
        "departments": selectors.ledger_by_department()[:8],
        "overdue": selectors.ledger_tasks(params={"status": "overdue"}).order_by("deadline", "code")[:14],
        "parks": parks,
        "park_series": json.dumps(
            {
                "labels": [r.park.name.replace("西咸新区·", "") for r in ranked],
                "values": [float(r.per_mu["tax"]) for r in ranked],
            },
            ensure_ascii=False,
        ),
        "now": timezone.localtime(),
        "refresh": selectors.last_refresh(),
    }
    return render(request, "monitoring/wall.html", context)


@leader_required
@require_POST
def refresh(request):
    if not request.user.is_operator:
        raise PermissionDenied
    # The request only enqueues (a refresh takes many seconds); the job page follows it.
    job = job_start(name="monitoring.refresh", by=request.user)
    return redirect("jobs:detail", pk=job.pk)


def _audit_export(request, fmt: str) -> None:
    """The dashboard export: indicators with their figures and targets (aggregates, no
    confidential columns); one row per indicator."""
    from core.audit import audit_export

    from .models import Indicator

    rows = Indicator.objects.count()
    audit_export(
        request=request, name="monitoring.dashboard", params=request.GET.dict(), rows=rows, confidential=False, fmt=fmt
    )


@leader_required
def export_xlsx(request):
    response = HttpResponse(exports.workbook_bytes(period_type=_period(request)), content_type=XLSX)
    _audit_export(request, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="monitoring-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@leader_required
def export_pdf(request):
    response = HttpResponse(
        exports.pdf_bytes(period_type=_period(request), request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="monitoring-{timezone.localdate():%Y%m%d}.pdf"'
    _audit_export(request, "pdf")
    return response


@leader_required
def indicator_detail(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    period = _period(request)
    row = selectors.indicator_rows(period_type=period, indicators=Indicator.objects.filter(pk=indicator.pk))[0]
    observations = indicator.observations.select_related("reporter").prefetch_related("revisions__changed_by")
    if indicator.source == Source.COMPUTED:
        observations = observations.filter(period_type=period)
    form = None
    if indicator.source == Source.REPORTED and request.user.is_operator:
        form = ObservationForm(initial={"period_start": timezone.localdate().replace(month=1, day=1)})
        bootstrapify(form)
    context = {
        "indicator": indicator,
        "row": row,
        "observations": observations[:60],
        "period": period,
        "views": [(v, PeriodType(v).label) for v in VIEWS],
        "form": form,
        "chart_data": _chart_data([row]),
    }
    return render(request, "monitoring/indicator.html", context)


@leader_required
@require_POST
def observation_report(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    form = ObservationForm(request.POST, request.FILES)
    bootstrapify(form)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.observation_report(
                indicator=indicator,
                by=request.user,
                period_type=data["period_type"],
                period_start=data["period_start"],
                period_end=data.get("period_end"),
                value=data["value"],
                evidence=data.get("evidence", ""),
                evidence_file=data.get("evidence_file"),
                reason=data.get("reason", ""),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("monitoring:indicator", code=code)
    messages.error(request, _("未保存：") + "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("monitoring:indicator", code=code)


# Ledger -------------------------------------------------------------------------------------------


@ledger_access_required
def ledger_list(request):
    from django.core.paginator import Paginator

    page = Paginator(selectors.ledger_tasks(params=request.GET), 40).get_page(request.GET.get("page"))
    for task in page.object_list:
        task.achieved = achieved(task)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "tasks": page.object_list,
        "page": page,
        "querystring": querystring.urlencode(),
        "params": request.GET,
        "summary": selectors.ledger_summary(),
        "departments": selectors.ledger_by_department(),
        "statuses": LedgerTask.Status.choices,
        "years": [2024, 2025, 2026],
    }
    return render(request, "monitoring/ledger.html", context)


def _task_context(request, task, **forms):
    task.achieved = achieved(task)
    context = {"task": task, "platform_value": selectors.task_indicator_value(task)}
    if request.user.is_operator and task.status != LedgerTask.Status.CLOSED:
        context["progress_form"] = forms.get("progress_form") or ProgressForm(initial={"date": timezone.localdate()})
        if forms.get("assign_form"):  # the free-text form's errors (the page now assigns units: unit_form)
            context["assign_form"] = forms["assign_form"]
    if request.user.is_operator and task.status not in (LedgerTask.Status.CLOSED, LedgerTask.Status.PENDING):
        from .forms_governance import UnitAssignForm

        context["unit_form"] = UnitAssignForm(
            initial={
                "lead_unit": task.lead_unit_id,
                "co_units": [u.pk for u in task.co_units.all()],
                "assignee": task.assignee_id,
                "report_due": task.report_due,
                "deadline": task.deadline,
            }
        )
    if request.user.can_review:
        from .forms_governance import ConfirmForm

        context["confirm_form"] = ConfirmForm()
        context["close_form"] = forms.get("close_form") or CloseForm()
        context["reopen_form"] = forms.get("reopen_form") or ReopenForm()
    for key in ("progress_form", "assign_form", "close_form", "reopen_form", "unit_form", "confirm_form"):
        if key in context:
            bootstrapify(context[key])
    return context


@ledger_access_required
def ledger_detail(request, pk: int):
    task = get_object_or_404(
        LedgerTask.objects.select_related("plan", "indicator", "closed_by", "lead_unit", "assignee", "proposed_by"),
        pk=pk,
    )
    return render(request, "monitoring/ledger_task.html", _task_context(request, task))


def _task_action(request, pk, form_class, form_key, call):
    task = get_object_or_404(LedgerTask, pk=pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(task, form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("monitoring:ledger_task", pk=pk)
    task.refresh_from_db()
    return render(request, "monitoring/ledger_task.html", _task_context(request, task, **{form_key: form}), status=400)


@ledger_access_required
@require_POST
def ledger_progress(request, pk: int):
    return _task_action(
        request,
        pk,
        ProgressForm,
        "progress_form",
        lambda task, d: services.ledger_progress_add(
            task=task,
            by=request.user,
            note=d["note"],
            amount=d.get("amount"),
            evidence=d.get("evidence", ""),
            evidence_file=d.get("evidence_file"),
            date=d.get("date"),
        ),
    )


@ledger_access_required
@require_POST
def ledger_close(request, pk: int):
    return _task_action(
        request,
        pk,
        CloseForm,
        "close_form",
        lambda task, d: services.ledger_close(task=task, by=request.user, note=d["note"]),
    )


@ledger_access_required
@require_POST
def ledger_reopen(request, pk: int):
    return _task_action(
        request,
        pk,
        ReopenForm,
        "reopen_form",
        lambda task, d: services.ledger_reopen(task=task, by=request.user, reason=d["reason"]),
    )


@ledger_access_required
@require_POST
def ledger_assign(request, pk: int):
    return _task_action(
        request,
        pk,
        AssignForm,
        "assign_form",
        lambda task, d: services.ledger_task_assign(
            task=task, by=request.user, owner_department=d.get("owner_department", ""), deadline=d.get("deadline")
        ),
    )


# Parks --------------------------------------------------------------------------------------------


@leader_required
def parks(request):
    default_year = timezone.localdate().year - 1
    try:
        year = int(request.GET.get("year", default_year))
    except ValueError:
        year = default_year
    rank_by = request.GET.get("rank_by", "tax")
    rows = selectors.park_rows(year=year, rank_by=rank_by)
    years = sorted(set(ParkYear.objects.values_list("year", flat=True)) | {default_year}, reverse=True)
    context = {"rows": rows, "year": year, "years": years, "rank_by": rank_by, "metrics": selectors.PARK_METRICS}
    return render(request, "monitoring/parks.html", context)


@leader_required
def park_edit(request, pk: int):
    if not request.user.is_operator:
        raise PermissionDenied
    park = get_object_or_404(Park, pk=pk)
    year = timezone.localdate().year - 1
    existing = ParkYear.objects.filter(park=park).order_by("-year")
    land_form = LandAreaForm(initial={"land_area_mu": park.land_area_mu, "source": park.source})
    year_form = ParkYearForm(initial={"year": year})
    if request.method == "POST":
        kind = request.POST.get("form")
        try:
            if kind == "land":
                land_form = LandAreaForm(request.POST)
                if land_form.is_valid():
                    services.park_land_area_set(park=park, by=request.user, **land_form.cleaned_data)
                    messages.success(request, _("用地面积已保存。"))
                    return redirect("monitoring:park_edit", pk=pk)
            else:
                year_form = ParkYearForm(request.POST)
                if year_form.is_valid():
                    services.park_year_save(
                        park=park,
                        by=request.user,
                        year=year_form.cleaned_data["year"],
                        evidence=year_form.cleaned_data["evidence"],
                        **year_form.figures(),
                    )
                    messages.success(request, _("年度数据已保存。"))
                    return redirect("monitoring:park_edit", pk=pk)
        except ValidationError as exc:
            apply_validation_error(land_form if kind == "land" else year_form, exc)
    bootstrapify(land_form)
    bootstrapify(year_form)
    return render(
        request,
        "monitoring/park_edit.html",
        {"park": park, "land_form": land_form, "year_form": year_form, "existing": existing},
    )
