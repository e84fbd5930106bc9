"""Pages after the contract (issue 16), thin over the services: the payment schedule (add, edit,
mark paid with evidence), co-broker shares and fees (operators), the client's rating of brokers,
and 变更 / 解除 登记 of a registered contract (the registrar). Who may see a deal is decided by
``selectors.deal_for`` (404 for everyone else); who may act, by the services."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.audit import audit
from core.forms import form_service
from core.http import error_text

from .. import access, selectors
from ..brokers import services as broker_services
from ..forms_aftercare import (
    AmendmentForm,
    BrokerTermsForm,
    InstalmentForm,
    InstalmentPaidForm,
    RatingForm,
    TerminationForm,
)
from ..models import ContractAmendment, Instalment
from ..models.contracts import RegStatus
from ..services import payments
from ..services import registration as registration_services


def detail_context(user, deal, contract) -> dict:
    """What the deal page shows of this module: links to the pages the user may use, and the
    contract's 变更 / 解除 records."""
    kinds = access.actor_kinds(user, deal)
    operator = "operator" in kinds
    has_brokers = deal.assignments.exists()
    registered = contract is not None and contract.reg_status == RegStatus.REGISTERED
    return {
        "aftercare": {
            "payments": contract is not None,
            "broker_terms": operator and has_brokers,
            "rate": has_brokers and broker_services.may_rate(user, deal),
            "amend": operator and registered,
            "terminate": operator and registered,
            "amendments": list(contract.amendments.select_related("recorded_by")) if contract else [],
            "termination": getattr(contract, "termination", None) if contract else None,
        }
    }


def _contract(deal):
    contract = getattr(deal, "contract", None)
    if contract is None:
        raise Http404
    return contract


def _render(request, deal, form, title, *, lead="", multipart=False, extra=None):
    context = {"deal": deal, "form": form, "title": title, "lead": lead, "multipart": multipart, **(extra or {})}
    return render(request, "deals/aftercare_form.html", context)


@login_required
def payment_plan(request, pk: int):
    """The instalments of a deal's contract, with a form to add the next one."""
    deal = selectors.deal_for(pk=pk, user=request.user)
    contract = _contract(deal)
    form = InstalmentForm(request.POST or None)
    add = lambda: payments.instalment_add(contract=contract, by=request.user, **form.cleaned_data)  # noqa: E731
    if request.method == "POST" and form.is_valid() and form_service(form, add):
        messages.success(request, _("已添加分期。"))
        return redirect("deals:payments", pk=deal.pk)
    instalments = list(contract.instalments.all())
    return render(
        request,
        "deals/payments.html",
        {
            "deal": deal,
            "contract": contract,
            "form": form,
            "instalments": instalments,
            "planned": sum((i.amount for i in instalments), 0),
            "received": payments.amount_received(contract),
            "today": timezone.localdate(),
        },
    )


def _instalment(request, pk: int, iid: int):
    deal = selectors.deal_for(pk=pk, user=request.user)
    instalment = get_object_or_404(Instalment.objects.select_related("contract__deal"), pk=iid, contract__deal=deal)
    return deal, instalment


@login_required
def instalment_edit(request, pk: int, iid: int):
    deal, instalment = _instalment(request, pk, iid)
    initial = {"due_on": instalment.due_on, "amount": instalment.amount, "milestone": instalment.milestone}
    form = InstalmentForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form_service(
            form, lambda: payments.instalment_update(instalment=instalment, by=request.user, **form.cleaned_data)
        )
    ):
        messages.success(request, _("第%(n)s期已修改。") % {"n": instalment.seq})
        return redirect("deals:payments", pk=deal.pk)
    title = _("修改第%(n)s期付款") % {"n": instalment.seq}
    return _render(request, deal, form, title, extra={"back": "payments"})


@login_required
def instalment_paid(request, pk: int, iid: int):
    deal, instalment = _instalment(request, pk, iid)
    form = InstalmentPaidForm(
        request.POST or None,
        request.FILES or None,
        has_evidence=bool(instalment.evidence),
        initial={"paid_on": timezone.localdate(), "paid_amount": instalment.amount},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        evidence = data.pop("evidence", None)
        if form_service(
            form,
            lambda: payments.instalment_paid(
                instalment=instalment,
                by=request.user,
                evidence=evidence if isinstance(evidence, UploadedFile) else None,
                **data,
            ),
        ):
            messages.success(request, _("第%(n)s期已登记付款。") % {"n": instalment.seq})
            return redirect("deals:payments", pk=deal.pk)
    title = _("登记第%(n)s期付款（应付 %(a)s 万元）") % {"n": instalment.seq, "a": instalment.amount}
    return _render(request, deal, form, title, multipart=True, extra={"back": "payments"})


@login_required
def aftercare_file(request, pk: int, kind: str, fid: int):
    """Download a payment voucher, an amendment agreement or a termination document: the deal's
    parties, brokers and operators only (404 for everyone else), each download audited."""
    deal = selectors.deal_for(pk=pk, user=request.user)
    if kind == "instalment":
        file = get_object_or_404(Instalment, pk=fid, contract__deal=deal).evidence
    elif kind == "amendment":
        file = get_object_or_404(ContractAmendment, pk=fid, contract__deal=deal).agreement
    elif kind == "termination":
        contract = _contract(deal)
        termination = getattr(contract, "termination", None)
        if termination is None or termination.pk != fid:
            raise Http404
        file = termination.evidence
    else:
        raise Http404
    if not file:
        raise Http404
    audit(actor=request.user, action=f"download.deal_{kind}", target=deal, request=request, outcome="success")
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1])


@login_required
def broker_terms(request, pk: int):
    """Operators: each co-broker's share of the deal's credit and fee."""
    deal = selectors.deal_for(pk=pk, user=request.user)
    if not request.user.has_role("operator"):
        raise PermissionDenied(_("只有平台运营人员可以设置经纪人分成和佣金。"))
    assignments = list(deal.assignments.select_related("broker__user"))
    form = BrokerTermsForm(request.POST or None, assignments=assignments)
    save = lambda: broker_services.deal_broker_terms_set(deal=deal, by=request.user, terms=form.terms())  # noqa: E731
    if request.method == "POST" and form.is_valid() and form_service(form, save):
        messages.success(request, _("经纪人分成和佣金已保存。"))
        return redirect(deal.get_absolute_url())
    lead = _(
        "合作经纪的对接按约定比例计入各经纪人的落地对接数和登记交易额；未填比例的经纪人平分其余比例，合计不超过 100%。"
    )
    if not assignments:
        lead = _("该对接尚未分派经纪人。")
    return _render(request, deal, form, _("经纪人分成与佣金"), lead=lead)


@login_required
def broker_rate(request, pk: int):
    """The client (the deal's demand party) rates the brokers who served the deal, 1–5."""
    deal = selectors.deal_for(pk=pk, user=request.user)
    assignments = list(deal.assignments.select_related("broker__user"))
    if not assignments or not broker_services.may_rate(request.user, deal):
        raise PermissionDenied(_("只有需求方（经纪服务的委托方）在对接签约后可以评价经纪人。"))
    form = RatingForm(request.POST or None, assignments=assignments)
    if request.method == "POST" and form.is_valid():
        assignment = next(a for a in assignments if a.pk == form.cleaned_data["assignment"])
        if form_service(
            form,
            lambda: broker_services.broker_rate(
                assignment=assignment, by=request.user, rating=form.cleaned_data["rating"]
            ),
        ):
            messages.success(request, _("感谢评价。"))
            return redirect(deal.get_absolute_url())
    lead = _("评分计入经纪人的考核（客户评价，1–5 分）；再次评价会替换上次的评分。")
    return _render(request, deal, form, _("评价经纪人"), lead=lead)


@dataclass(frozen=True)
class _RegistrarRecord:
    """One of the registrar's records after registration: its form, the form's file field, the
    service, and the page's words."""

    form: type
    file_field: str
    service: Callable
    title: str
    lead: str
    success: str
    initial: Callable  # contract → the form's initial values


REGISTRAR_RECORDS = {
    "amend": _RegistrarRecord(
        form=AmendmentForm,
        file_field="agreement",
        service=registration_services.contract_amend,
        title=_lazy("变更登记"),
        lead=_lazy("变更自生效日起替换统计中的合同成交额和技术交易额；此前的统计不变。须有双方签署的变更协议。"),
        success=_lazy("已办理变更登记。"),
        initial=lambda contract: {
            "effective_on": timezone.localdate(),
            "total_amount": contract.total_amount,
            "tech_amount": contract.registered_tech_amount,
        },
    ),
    "terminate": _RegistrarRecord(
        form=TerminationForm,
        file_field="evidence",
        service=registration_services.contract_terminate,
        title=_lazy("解除登记"),
        lead=_lazy("解除自生效日起该合同不再计入统计，对接终止。须依据双方解除协议、法定解除事由或判决、裁决文书。"),
        success=_lazy("已办理解除登记，对接已终止。"),
        initial=lambda contract: {"effective_on": timezone.localdate()},
    ),
}


def _registrar_record(request, pk: int, action: str):
    """The 变更登记 / 解除登记 page: the registrar only (403 with the reason for anyone else who
    sees the deal), and only for a registered contract — otherwise back to the deal with the reason."""
    spec = REGISTRAR_RECORDS[action]
    deal = selectors.deal_for(pk=pk, user=request.user)
    contract = _contract(deal)
    try:
        registration_services.registered_record_check(contract=contract, action=action, by=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(deal.get_absolute_url() + "#contract")
    form = spec.form(request.POST or None, request.FILES or None, initial=spec.initial(contract))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop(spec.file_field, None)
        data[spec.file_field] = upload if isinstance(upload, UploadedFile) else None
        if form_service(form, lambda: spec.service(contract=contract, by=request.user, **data)):
            messages.success(request, spec.success)
            return redirect(deal.get_absolute_url() + "#contract")
    return _render(request, deal, form, spec.title, lead=spec.lead, multipart=True, extra={"contract": contract})


@login_required
def contract_amend(request, pk: int):
    """The registrar records a 变更登记 of a registered contract."""
    return _registrar_record(request, pk, "amend")


@login_required
def contract_terminate(request, pk: int):
    """The registrar records a 解除登记 (both parties' agreement, a statutory ground, a judgment)."""
    return _registrar_record(request, pk, "terminate")
