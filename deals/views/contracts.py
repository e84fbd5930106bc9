"""Contract pages: fill in and sign, register (operators), the registration queue, trial decisions."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit
from core.forms import form_service
from core.http import post_action

from .. import selectors
from ..forms import ContractForm, RegisterForm, TrialDecisionForm
from ..models import Contract
from ..models.deals import Stage
from ..services import contracts as contract_services


@login_required
def contract_edit(request, pk: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    contract = getattr(deal, "contract", None)
    initial = {}
    if contract is None:
        initial = {"title": deal.title}
        if deal.achievement_id:
            chain = deal.achievement.industry_chains.first()
            initial["industry_chain"] = chain.pk if chain else None
        elif deal.demand_id:
            chain = deal.demand.industry_chains.first()
            initial["industry_chain"] = chain.pk if chain else None
    form = ContractForm(request.POST or None, request.FILES or None, instance=contract, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        scan = data.pop("signed_scan", None)
        if isinstance(scan, UploadedFile):
            data["signed_scan"] = scan
        if form_service(form, lambda: contract_services.contract_save(deal=deal, by=request.user, **data)):
            messages.success(request, _("合同已保存。"))
            return redirect(deal.get_absolute_url() + "#contract")
    return render(request, "deals/contract_form.html", {"deal": deal, "form": form, "contract": contract})


@login_required
def contract_scan(request, pk: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    contract = getattr(deal, "contract", None)
    if contract is None or not contract.signed_scan:
        raise Http404
    audit(actor=request.user, action="download.contract_scan", target=contract, request=request, outcome="success")
    return FileResponse(
        contract.signed_scan.open("rb"), as_attachment=True, filename=contract.signed_scan.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def contract_register(request, pk: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    contract = getattr(deal, "contract", None)
    if contract is None:
        messages.error(request, _("没有可登记的合同。"))
        return redirect(deal.get_absolute_url())
    return post_action(
        request,
        lambda registry, registered_on: contract_services.contract_register(
            contract=contract, registry=registry, by=request.user, on=registered_on or None
        ),
        form=RegisterForm(request.POST),
        invalid=_("没有可登记的合同。"),
        success=lambda c: _("已登记，登记编号 %(n)s。") % {"n": c.registration_number},
        to="deals:registration_queue" if request.POST.get("next") == "queue" else deal.get_absolute_url(),
        flash_denied=True,
    )


@login_required
@require_POST
def registration_action(request, pk: int):
    """One step of 认定登记 from the deal page: 申请登记 (parties), 受理 / 退回补正 / 不予登记 / 核定 (registrar)."""
    from ..services import registration as registration_services

    deal = selectors.deal_for(pk=pk, user=request.user)
    contract = getattr(deal, "contract", None)
    action = request.POST.get("action", "")
    if contract is None:
        messages.error(request, _("没有合同。"))
        return redirect(deal.get_absolute_url())

    def act():
        if action == "submit":
            return registration_services.registration_submit(contract=contract, by=request.user)
        return registration_services.registrar_act(
            contract=contract,
            action=action,
            by=request.user,
            reason=request.POST.get("reason", ""),
            amount=request.POST.get("amount") or None,
        )

    return post_action(request, act, to=deal.get_absolute_url() + "#contract", success=_("已办理。"), flash_denied=True)


@login_required
def registration_queue(request):
    """Operators: signed contracts waiting for 认定登记 — 登记 is offered only once the parties have
    applied (已申请 / 已受理); drafts and returned applications show what they wait for. On phones
    each row is a card."""
    if not request.user.has_role("operator"):
        raise PermissionDenied
    # Applied-for contracts first (the registrar can act on them); the others wait for the parties.
    waiting = sorted(
        Contract.objects.filter(deal__stage=Stage.SIGNED, registration_number__isnull=True)
        .select_related("deal__supply_org", "deal__demand_org")
        .order_by("signed_on", "id"),
        key=lambda c: not c.ready_to_register,
    )
    recent = (
        Contract.objects.filter(registration_number__isnull=False)
        .select_related("deal")
        .order_by("-registered_on", "-id")[:20]
    )
    return render(
        request,
        "deals/registration_queue.html",
        {
            "waiting": waiting,
            "recent": recent,
            "form": RegisterForm(initial={"registered_on": dt.date.today()}),
        },
    )


@login_required
@require_POST
def trial_decide(request, pk: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    contract = getattr(deal, "contract", None)
    if contract is None:
        messages.error(request, _("请选择付费决定。"))
        return redirect(deal.get_absolute_url())
    return post_action(
        request,
        lambda decision, extend_months: contract_services.trial_decide(
            contract=contract, by=request.user, decision=decision, extend_months=extend_months
        ),
        form=TrialDecisionForm(request.POST),
        invalid=_("请选择付费决定。"),
        success=_("已记录付费决定。"),
        to=deal.get_absolute_url() + "#contract",
        flash_denied=True,
    )


@login_required
def register_export(request):
    """Operators: the month's registered contracts in the registry's column layout, and the monthly
    statistics (both measures), as one XLSX. ?month=YYYY-MM (default: the current month)."""
    from calendar import monthrange

    from django.http import HttpResponse
    from django.utils import timezone

    from ..exports import workbook

    if not request.user.has_role("operator", "leader"):
        raise PermissionDenied
    today = timezone.localdate()
    try:
        year, month = (int(x) for x in request.GET.get("month", f"{today:%Y-%m}").split("-"))
        start = dt.date(year, month, 1)
    except ValueError:
        start = today.replace(day=1)
    end = start.replace(day=monthrange(start.year, start.month)[1])
    content = workbook(start, end, as_of=min(end, today))
    from core.audit import audit_export

    rows = Contract.objects.filter(registration_number__isnull=False, registered_on__gte=start, registered_on__lte=end)
    audit_export(
        request=request, name="deals.contract_register", rows=rows.count(), confidential=True, params=request.GET
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="contract-register-{start:%Y%m}.xlsx"'
    return response
