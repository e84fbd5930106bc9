"""Broker pages: the registry, a broker's performance, the ranking, the work log, periods and weights."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import apply_validation_error

from .. import access
from ..brokers import selectors as broker_selectors
from ..brokers import services as broker_services
from ..forms import BrokerForm, PeriodForm, WorkLogForm
from ..models import AssessmentPeriod, Broker, WorkLog


def _period_from(request):
    """The assessment period picked (?period=id), or ?start=&end=, or the current year."""
    period = None
    if request.GET.get("period", "").isdigit():
        period = AssessmentPeriod.objects.filter(pk=request.GET["period"]).first()
    if period is None and not request.GET.get("start"):
        today = timezone.localdate()
        period = AssessmentPeriod.objects.filter(start__lte=today, end__gte=today).first()
    if period is not None:
        return period, period.start, period.end, period.weights()
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = dt.date(today.year, 1, 1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = dt.date(today.year, 12, 31)
    return None, start, end, None


def broker_list(request):
    period, start, end, weights = _period_from(request)
    may_rank = access.may_see_broker_ranking(request.user)
    rows = broker_selectors.ranking(start, end, weights) if may_rank else []
    roster = [] if may_rank else Broker.objects.filter(active=True).select_related("user", "organisation")
    return render(
        request,
        "deals/brokers.html",
        {
            "rows": rows,
            "may_rank": may_rank,
            "roster": roster,
            "period": period,
            "start": start,
            "end": end,
            "periods": AssessmentPeriod.objects.all(),
            "weights": weights or broker_selectors.DEFAULT_WEIGHTS,
            "levels": Broker.Level.choices,
        },
    )


def broker_detail(request, pk: int):
    broker = get_object_or_404(Broker.objects.select_related("user", "organisation"), pk=pk)
    period, start, end, _weights = _period_from(request)
    perf = broker_selectors.performance_for(broker, start, end) if access.may_see_broker_ranking(request.user) else None
    is_self = request.user.is_authenticated and request.user.pk == broker.user_id
    show_log = is_self or (request.user.is_authenticated and request.user.has_role("operator"))
    logs = broker.work_logs.select_related("deal", "achievement", "demand", "enterprise")[:50] if show_log else []
    counts = {
        k: broker.work_logs.filter(kind=k, happened_on__gte=start, happened_on__lte=end).count()
        for k, _l in WorkLog.Kind.choices
    }
    return render(
        request,
        "deals/broker_detail.html",
        {
            "broker": broker,
            "perf": perf,
            "start": start,
            "end": end,
            "period": period,
            "logs": logs,
            "show_log": show_log,
            "is_self": is_self,
            "counts": [(label, counts[k]) for k, label in WorkLog.Kind.choices],
            "periods": AssessmentPeriod.objects.all(),
        },
    )


@login_required
def broker_edit(request, pk: int | None = None):
    if not request.user.has_role("operator"):
        raise PermissionDenied
    broker = get_object_or_404(Broker, pk=pk) if pk else None
    form = BrokerForm(request.POST or None, instance=broker)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            broker = broker_services.broker_register(by=request.user, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已登记技术经纪人：%(b)s") % {"b": broker})
            return redirect("deals:broker_detail", pk=broker.pk)
    return render(request, "deals/simple_form.html", {"form": form, "title": _("登记技术经纪人"), "multipart": False})


@login_required
def worklog_new(request):
    broker = Broker.objects.filter(user=request.user, active=True).first()
    if broker is None:
        raise PermissionDenied(_("只有在册的技术经纪人可以填写工作记录。"))
    initial = {"happened_on": timezone.localdate()}
    for name in ("deal", "achievement", "demand", "kind"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = WorkLogForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence", None)
        try:
            broker_services.worklog_add(
                broker=broker,
                by=request.user,
                evidence=evidence if isinstance(evidence, UploadedFile) else None,
                **data,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("工作记录已保存。"))
            return redirect("deals:broker_detail", pk=broker.pk)
    return render(request, "deals/simple_form.html", {"form": form, "title": _("填写工作记录"), "multipart": True})


@login_required
def period_edit(request, pk: int | None = None):
    if not request.user.has_role("operator"):
        raise PermissionDenied
    period = get_object_or_404(AssessmentPeriod, pk=pk) if pk else None
    form = PeriodForm(request.POST or None, instance=period)
    if request.method == "POST" and form.is_valid():
        try:
            period = broker_services.period_save(by=request.user, period=period, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("考核期已保存。"))
            return redirect(f"{redirect('deals:brokers').url}?period={period.pk}")
    return render(
        request,
        "deals/simple_form.html",
        {
            "form": form,
            "title": _("考核期与权重"),
            "multipart": False,
            "periods": AssessmentPeriod.objects.all(),
        },
    )
