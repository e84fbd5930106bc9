"""Service order pages: list, request, the order with its steps (quote, answer, deliver, rate)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from catalog.models import Instrument
from core.forms import apply_validation_error
from core.http import error_text

from .. import access, selectors
from ..forms import OrderForm
from ..models import OrderStatus
from ..services import orders as services
from ..services import vouchers as voucher_services

PROVIDER_KINDS = ("university", "institute", "service_agency", "hospital", "state_owned", "enterprise")


@login_required
def order_list(request):
    return render(request, "sharing/orders.html", {"orders": access.orders_visible_to(request.user)[:200]})


@login_required
def order_new(request):
    orgs = Organisation.objects.filter(pk__in=request.user.organisation_ids())
    providers = (
        Organisation.objects.verified().filter(kind__in=PROVIDER_KINDS).exclude(pk__in=request.user.organisation_ids())
    )
    instrument = None
    if request.GET.get("instrument"):
        instrument = Instrument.objects.visible_to(request.user).filter(pk=request.GET["instrument"]).first()
    initial = {"provider": instrument.owner_org_id} if instrument else {}
    form = OrderForm(request.POST or None, organisations=orgs, providers=providers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_request(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                provider=form.cleaned_data["provider"],
                title=form.cleaned_data["title"],
                samples=form.cleaned_data["samples"],
                requirements=form.cleaned_data["requirements"],
                sample_count=form.cleaned_data["sample_count"],
                instrument=instrument
                if instrument and instrument.owner_org_id == form.cleaned_data["provider"].pk
                else None,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("委托已提交，等待服务机构报价。"))
            return redirect(order)
    return render(
        request,
        "sharing/order_form.html",
        {"form": form, "instrument": instrument},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def order_detail(request, pk):
    order = get_object_or_404(access.orders_visible_to(request.user), pk=pk)
    sides = access.order_sides(request.user, order)
    vouchers = []
    if order.fee is not None and "user" in sides:
        vouchers = selectors.payable_vouchers(request.user, holder=order.organisation, service_order=order)
    return render(
        request,
        "sharing/order.html",
        {
            "order": order,
            "sides": sides,
            "reports": order.attachments.all(),
            "vouchers": vouchers,
            "redemptions": order.redemptions.select_related("voucher"),
            "statuses": OrderStatus,
        },
    )


@login_required
@require_POST
def order_action(request, pk, action):
    order = get_object_or_404(access.orders_visible_to(request.user), pk=pk)
    post, user = request.POST, request.user
    try:
        if action == "quote":
            services.order_quote(
                order=order,
                by=user,
                amount=post.get("amount", ""),
                due_on=post.get("due_on") or None,
                note=post.get("note", ""),
            )
        elif action in ("accept", "refuse"):
            services.order_answer(order=order, by=user, accept=action == "accept", reason=post.get("reason", ""))
        elif action == "decline":
            services.order_decline(order=order, by=user, reason=post.get("reason", ""))
        elif action == "deliver":
            services.order_deliver(order=order, by=user, report=request.FILES.get("report"))
        elif action == "rate":
            services.order_rate(order=order, by=user, rating=post.get("rating"), comment=post.get("comment", ""))
        elif action == "redeem":
            voucher = get_object_or_404(access.vouchers_visible_to(user), pk=post.get("voucher") or 0)
            voucher_services.voucher_redeem(voucher=voucher, by=user, order=order, amount=post.get("amount") or None)
        else:
            raise Http404
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect(order)


@login_required
def order_report(request, pk, attachment_pk):
    order = get_object_or_404(access.orders_visible_to(request.user), pk=pk)
    attachment = get_object_or_404(order.attachments.all(), pk=attachment_pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
