"""Booking pages: the instrument's week calendar (htmx), requesting, the booking and its steps."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from catalog.models import Instrument
from core.forms import apply_validation_error
from core.http import error_text

from .. import access, selectors
from ..forms import BookingForm, UseForm
from ..models import BookingStatus
from ..services import bookings as services
from ..services import vouchers as voucher_services


def _instrument(request, pk):
    instrument = get_object_or_404(
        Instrument.objects.visible_to(request.user).select_related("sharing", "owner_org"), pk=pk
    )
    if not hasattr(instrument, "sharing"):
        raise Http404
    return instrument


def _monday(request) -> dt.date:
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


def instrument_calendar(request, pk):
    """The week's calendar; htmx requests get the grid alone (week navigation)."""
    instrument = _instrument(request, pk)
    monday = _monday(request)
    context = {
        "instrument": instrument,
        "profile": instrument.sharing,
        "monday": monday,
        "prev": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "days": selectors.week_calendar(instrument, request.user, monday),
    }
    if request.htmx:
        return render(request, "sharing/_calendar.html", context)
    if request.user.is_authenticated:
        orgs = Organisation.objects.filter(pk__in=request.user.organisation_ids())
        context["form"] = BookingForm(organisations=orgs, initial={"day": monday + dt.timedelta(days=7)})
    return render(request, "sharing/calendar.html", context)


@login_required
@require_POST
def booking_new(request, pk):
    instrument = _instrument(request, pk)
    orgs = Organisation.objects.filter(pk__in=request.user.organisation_ids())
    form = BookingForm(request.POST, organisations=orgs)
    if form.is_valid():
        start, end = form.span()
        try:
            booking = services.booking_request(
                instrument=instrument,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                start=start,
                end=end,
                purpose=form.cleaned_data["purpose"],
                samples_planned=form.cleaned_data["samples_planned"] or 0,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("预约已提交，等待仪器管理方审批。"))
            return redirect(booking)
    day = form.cleaned_data.get("day") or timezone.localdate()
    monday = day - dt.timedelta(days=day.weekday())
    context = {
        "instrument": instrument,
        "profile": instrument.sharing,
        "monday": monday,
        "form": form,
        "prev": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "days": selectors.week_calendar(instrument, request.user, monday),
    }
    return render(request, "sharing/calendar.html", context, status=400)


@login_required
def booking_list(request):
    qs = access.bookings_visible_to(request.user).order_by("-start")
    orgs = request.user.organisation_ids()
    mine = [b for b in qs[:200] if b.organisation_id in orgs or b.user_id == request.user.pk]
    to_decide = [
        b for b in qs.filter(status=BookingStatus.REQUESTED)[:200] if "owner" in access.booking_sides(request.user, b)
    ]
    operated = [] if not access.is_operator(request.user) else list(qs[:50])
    return render(request, "sharing/bookings.html", {"mine": mine, "to_decide": to_decide, "operated": operated})


@login_required
def booking_detail(request, pk):
    booking = get_object_or_404(access.bookings_visible_to(request.user), pk=pk)
    sides = access.booking_sides(request.user, booking)
    vouchers = []
    if booking.status == BookingStatus.CONFIRMED and "user" in sides:
        vouchers = selectors.payable_vouchers(request.user, holder=booking.organisation, booking=booking)
    return render(
        request,
        "sharing/booking.html",
        {
            "booking": booking,
            "sides": sides,
            "events": booking.events.select_related("actor"),
            "use_form": UseForm() if "owner" in sides or "operator" in sides else None,
            "redemptions": booking.redemptions.select_related("voucher"),
            "vouchers": vouchers,
        },
    )


@login_required
@require_POST
def booking_action(request, pk, action):
    booking = get_object_or_404(access.bookings_visible_to(request.user), pk=pk)
    try:
        if action in ("approve", "refuse"):
            services.booking_decide(
                booking=booking, by=request.user, approve=action == "approve", reason=request.POST.get("reason", "")
            )
        elif action == "cancel":
            services.booking_cancel(booking=booking, by=request.user, reason=request.POST.get("reason", ""))
        elif action == "use":
            form = UseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请填写有效的用量。"))
            services.booking_record_use(
                booking=booking,
                by=request.user,
                hours=form.cleaned_data["hours"],
                samples=form.cleaned_data["samples"],
                days=form.cleaned_data["days"],
            )
        elif action == "confirm":
            services.booking_confirm(booking=booking, by=request.user)
        elif action == "redeem":
            voucher = get_object_or_404(access.vouchers_visible_to(request.user), pk=request.POST.get("voucher") or 0)
            redemption = voucher_services.voucher_redeem(
                voucher=voucher, by=request.user, booking=booking, amount=request.POST.get("amount") or None
            )
            messages.success(request, _("已用创新券抵扣 %(a)s 元。") % {"a": redemption.amount})
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect(booking)
