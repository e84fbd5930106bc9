"""Vouchers (holders, providers, operators' batches and reconciliation), subsidies, statistics."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from core.http import error_text

from .. import access, selectors
from ..models import SubsidyClaim, SubsidyProgramme, VoucherBatch
from ..services import subsidies
from ..services import vouchers as services


def _operator(request):
    if not access.is_operator(request.user):
        raise PermissionDenied


@login_required
def voucher_list(request):
    context = {
        "vouchers": access.vouchers_visible_to(request.user).filter(holder_id__in=request.user.organisation_ids()),
        "redemptions": access.redemptions_visible_to(request.user)[:200],
        "batches": VoucherBatch.objects.all() if access.is_operator(request.user) else [],
    }
    return render(request, "sharing/vouchers.html", context)


@login_required
def batch_detail(request, pk):
    _operator(request)
    batch = get_object_or_404(VoucherBatch, pk=pk)
    return render(
        request,
        "sharing/batch.html",
        {
            "batch": batch,
            "report": services.batch_reconciliation(batch),
            "vouchers": batch.vouchers.select_related("holder"),
            "settlements": batch.settlements.select_related("provider"),
            "due": Organisation.objects.filter(
                pk__in=batch.vouchers.filter(redemptions__settlement__isnull=True).values("redemptions__provider")
            ),
        },
    )


@login_required
@require_POST
def batch_action(request, pk, action):
    _operator(request)
    batch = get_object_or_404(VoucherBatch, pk=pk)
    try:
        if action == "issue":
            made = services.batch_issue(batch=batch, by=request.user)
            messages.success(request, _("已发放 %(n)s 张创新券。") % {"n": len(made)})
        elif action == "settle":
            provider = get_object_or_404(Organisation, pk=request.POST.get("provider") or 0)
            settlement = services.batch_settle(batch=batch, provider=provider, by=request.user)
            if settlement:
                messages.success(request, _("已兑付 %(a)s 元。") % {"a": settlement.amount})
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("sharing:batch", pk=batch.pk)


@login_required
def subsidy_page(request):
    """Programmes; an enterprise's preview and claims; operators' review queue and ledger."""
    orgs = Organisation.objects.filter(pk__in=request.user.organisation_ids())
    programmes = []
    for programme in SubsidyProgramme.objects.all()[:20]:
        row = {"programme": programme, "previews": [(org, subsidies.claim_preview(programme, org)) for org in orgs]}
        if access.is_operator(request.user):
            row["stats"] = subsidies.programme_statistics(programme)
        programmes.append(row)
    claims = SubsidyClaim.objects.select_related("programme", "organisation")
    if not access.is_operator(request.user):
        claims = claims.filter(organisation__in=orgs)
    return render(
        request,
        "sharing/subsidies.html",
        {"programmes": programmes, "claims": claims[:200], "operator": access.is_operator(request.user)},
    )


@login_required
@require_POST
def subsidy_action(request, action, pk):
    try:
        if action == "claim":
            programme = get_object_or_404(SubsidyProgramme, pk=pk)
            org = get_object_or_404(Organisation, pk=request.POST.get("organisation") or 0)
            claim = subsidies.claim_submit(programme=programme, organisation=org, by=request.user)
            messages.success(request, _("已提交后补助申请，金额 %(a)s 元。") % {"a": claim.amount})
        else:
            claim = get_object_or_404(SubsidyClaim, pk=pk)
            if action == "pay":
                subsidies.claim_pay(claim=claim, by=request.user)
            else:
                subsidies.claim_review(
                    claim=claim, by=request.user, approve=action == "approve", reason=request.POST.get("reason", "")
                )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    return redirect("sharing:subsidies")


def _period(request) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = today.replace(month=1, day=1)
    try:
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return start, max(start, end)


def _rows(request, start, end):
    """The operator's view: every instrument; an owner's: its own instruments only."""
    owner_ids = None if access.is_operator(request.user) else request.user.organisation_ids()
    return selectors.utilisation(start, end, owner_ids=owner_ids)


@login_required
def statistics_page(request):
    start, end = _period(request)
    rows = _rows(request, start, end)
    return render(
        request,
        "sharing/statistics.html",
        {
            "rows": rows,
            "totals": selectors.totals(rows),
            "start": start,
            "end": end,
            "operator": access.is_operator(request.user),
        },
    )


@login_required
def statistics_xlsx(request):
    """The statistics table as XLSX, through the platform's one writer (``core.xlsx``: an
    instrument title typed as ``=…`` stays text; hours, rates and 元 amounts stay numbers)."""
    from core.xlsx import Sheet, workbook_bytes

    start, end = _period(request)
    header = [
        _("仪器"),
        _("所属机构"),
        _("开放机时"),
        _("使用机时"),
        _("利用率（%）"),
        _("服务次数"),
        _("内部用户"),
        _("外部用户"),
        _("收入（元）"),
        _("后补助（元）"),
    ]
    rows = (
        [
            r["instrument"].title,
            str(r["owner"] or ""),
            r["open_hours"],
            r["used_hours"],
            r["rate"],
            r["bookings"],
            r["inside"],
            r["outside"],
            r["income"],
            r["subsidy"],
        ]
        for r in _rows(request, start, end)
    )
    content = workbook_bytes([Sheet(str(_("仪器共享统计")), [str(h) for h in header], rows)])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="sharing-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    return response
