"""Institution side: the queue (applications and the shared needs its products match), decisions,
the XLSX export of the queue, and the product terms its staff keep."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit_export
from core.forms import apply_validation_error
from core.http import post_action

from .. import access, exporting, selectors, services
from ..forms import ApproveForm, PledgeForm, RefuseForm, TermsForm
from ..models import Application, ProductTerms

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _institution_required(user):
    if not (access.is_institution_staff(user) or user.is_operator):
        raise PermissionDenied


@login_required
def queue(request):
    _institution_required(request.user)
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    from catalog.models import FinancialProduct

    return render(
        request,
        "finance/queue.html",
        {
            "applications": selectors.queue_for(request.user, status=status)[:200],
            "status": status,
            "statuses": Application.Status.choices,
            "matching": selectors.matching_needs(request.user),
            "products": FinancialProduct.objects.filter(owner_org_id__in=access.institution_ids(request.user)).order_by(
                "title"
            ),
        },
    )


@login_required
def queue_export(request):
    _institution_required(request.user)
    rows = list(selectors.queue_for(request.user))
    response = HttpResponse(exporting.queue_workbook(rows), content_type=XLSX)
    audit_export(request=request, name="finance.queue", params=request.GET.dict(), rows=len(rows), confidential=True)
    response["Content-Disposition"] = f'attachment; filename="finance-queue-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
@require_POST
def application_action(request, pk: int, action: str):
    application = get_object_or_404(Application, pk=pk)
    access.require(access.can_decide(request.user, application))
    kwargs = {}
    if action == "approve":
        form = ApproveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写批准金额、利率和期限。"))
            return redirect("finance:application", pk=pk)
        kwargs = {
            "amount": form.cleaned_data["amount"],
            "rate": form.cleaned_data["rate"],
            "term_months": form.cleaned_data["term_months"],
        }
    elif action == "refuse":
        form = RefuseForm(request.POST)
        kwargs = {"reason": form.data.get("reason", "")}
    elif action != "contact":
        raise PermissionDenied
    return post_action(
        request,
        lambda: services.application_transition(application=application, by=request.user, action=action, **kwargs),
        success=_("已记录。"),
        to=reverse("finance:application", args=[pk]),
    )


@login_required
@require_POST
def pledge_add(request, pk: int):
    """The lending institution records a pledge offered with the need against the loan."""
    from deals.models import Contract
    from patents.models import Patent

    application = get_object_or_404(Application.objects.select_related("loan"), pk=pk)
    access.require(access.can_decide(request.user, application) and hasattr(application, "loan"))
    kind, _sep, ident = request.POST.get("target", "").partition(":")
    patent = Patent.objects.filter(pk=ident).first() if kind == "patent" and ident.isdigit() else None
    contract = Contract.objects.filter(pk=ident).first() if kind == "contract" and ident.isdigit() else None
    form = PledgeForm(request.POST)
    form.fields["target"].choices = [(request.POST.get("target", ""), "")]
    return post_action(
        request,
        lambda value, registered_on, **_data: services.pledge_add(
            loan=application.loan,
            by=request.user,
            patent=patent,
            contract=contract,
            value=value,
            registered_on=registered_on,
        ),
        form=form,
        invalid=_("请填写有效的评估价值和日期。"),
        success=_("质押已记录。"),
        to=reverse("finance:application", args=[pk]),
    )


@login_required
def terms_edit(request, product_pk: int):
    from catalog.models import FinancialProduct

    product = get_object_or_404(FinancialProduct, pk=product_pk)
    access.require(access.can_edit_terms(request.user, product))
    terms = ProductTerms.objects.filter(product=product).first() or ProductTerms(product=product)
    initial = {
        "rules": json.dumps(terms.rules, ensure_ascii=False),
        "need_types": terms.served_needs(),
        "accepts_ip_pledge": terms.accepts_ip_pledge,
        "accepts_contract_pledge": terms.accepts_contract_pledge,
    }
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.terms_update(
                product=product,
                by=request.user,
                rules_data=form.cleaned_data["rules"],
                need_types=form.cleaned_data["need_types"],
                accepts_ip_pledge=form.cleaned_data["accepts_ip_pledge"],
                accepts_contract_pledge=form.cleaned_data["accepts_contract_pledge"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("产品准入条件已保存。"))
            return redirect("finance:terms", product_pk=product.pk)
    from enterprises.facts import ENTERPRISE

    facts = [(f.code, f.label, f.unit or ("是/否" if f.kind == "boolean" else "")) for f in ENTERPRISE.facts.values()]
    return render(request, "finance/terms.html", {"product": product, "form": form, "facts": facts})
