"""Operators (and, read-only, institutions): the financing white list, the risk-compensation
ledger, funds and investments."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_export
from core.forms import apply_validation_error
from core.http import error_text

from .. import access, exporting, risk
from .. import whitelist as wl
from ..forms import CriteriaForm, NominateForm, RiskEntryForm
from ..models import Fund, Investment, Loan, RiskFundEntry, WhiteListEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def whitelist(request):
    user = request.user
    access.require(access.can_see_marks(user))
    nominate_form = criteria_form = None
    if user.is_operator:
        criteria = wl.criteria()
        which = request.POST.get("form") if request.method == "POST" else None
        nominate_form = NominateForm(request.POST if which == "nominate" else None)
        criteria_form = CriteriaForm(
            request.POST if which == "criteria" else None,
            initial={"rules": json.dumps(criteria.rules, ensure_ascii=False), "review_months": criteria.review_months},
        )
        try:
            if which == "propose":
                made = wl.propose(by=user)
                messages.success(request, _("按条件新提出 %(n)s 家企业，待审核。") % {"n": len(made)})
                return redirect("finance:whitelist")
            if which == "review":
                entry = get_object_or_404(WhiteListEntry, pk=request.POST.get("entry") or 0)
                wl.review(
                    entry=entry, by=user, approve=request.POST.get("approve") == "1", note=request.POST.get("note", "")
                )
                return redirect("finance:whitelist")
            if which == "nominate" and nominate_form.is_valid():
                wl.nominate(by=user, **nominate_form.cleaned_data)
                return redirect("finance:whitelist")
            if which == "criteria" and criteria_form.is_valid():
                wl.criteria_update(
                    by=user,
                    rules_data=criteria_form.cleaned_data["rules"],
                    review_months=criteria_form.cleaned_data["review_months"],
                )
                return redirect("finance:whitelist")
        except ValidationError as exc:
            if which == "nominate":
                apply_validation_error(nominate_form, exc)
            elif which == "criteria":
                apply_validation_error(criteria_form, exc)
            else:
                messages.error(request, error_text(exc))
    listed = WhiteListEntry.objects.filter(status=WhiteListEntry.Status.LISTED).select_related("organisation")
    proposed = (
        WhiteListEntry.objects.filter(status=WhiteListEntry.Status.PROPOSED).select_related("organisation")
        if user.is_operator
        else WhiteListEntry.objects.none()
    )
    return render(
        request,
        "finance/whitelist.html",
        {
            "listed": listed,
            "proposed": proposed,
            "due": wl.due_for_review() if user.is_operator else [],
            "nominate_form": nominate_form,
            "criteria_form": criteria_form,
        },
    )


@login_required
def whitelist_export(request):
    access.require(access.can_see_marks(request.user))
    rows = list(WhiteListEntry.objects.filter(status=WhiteListEntry.Status.LISTED).select_related("organisation"))
    response = HttpResponse(exporting.whitelist_workbook(rows), content_type=XLSX)
    audit_export(request=request, name="finance.whitelist", params={}, rows=len(rows), confidential=True)
    response["Content-Disposition"] = f'attachment; filename="whitelist-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@login_required
def risk_fund(request):
    if not request.user.is_operator:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("cover"):
        loan = get_object_or_404(Loan, pk=request.POST["cover"] if request.POST["cover"].isdigit() else 0)
        risk.loan_cover(loan=loan, by=request.user)
        messages.success(request, _("已纳入风险补偿。"))
        return redirect("finance:risk_fund")
    form = RiskEntryForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        loan = Loan.objects.filter(pk=data["loan"]).first() if data.get("loan") else None
        try:
            risk.entry_add(
                by=request.user,
                year=data["year"],
                kind=data["kind"],
                amount=data["amount"],
                loan=loan,
                note=data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已记入台账。"))
            return redirect("finance:risk_fund")
    years = sorted(
        set(RiskFundEntry.objects.values_list("year", flat=True)) | {timezone.localdate().year}, reverse=True
    )
    return render(
        request,
        "finance/risk_fund.html",
        {
            "summaries": [risk.year_summary(y) for y in years],
            "entries": RiskFundEntry.objects.select_related("loan__organisation")[:100],
            "loans": Loan.objects.select_related("organisation", "institution").prefetch_related("pledges")[:100],
            "form": form,
        },
    )


@login_required
def funds(request):
    user = request.user
    if not (user.is_leader or access.is_institution_staff(user)):
        raise PermissionDenied
    rows = Fund.objects.prefetch_related("focus_chains").annotate(invested=Sum("investments__amount"))
    return render(
        request,
        "finance/funds.html",
        {
            "funds": rows,
            "total_size": Fund.objects.aggregate(s=Sum("size"))["s"],
            "investments": Investment.objects.select_related("fund", "organisation", "contract")[:100],
        },
    )
