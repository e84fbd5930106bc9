"""先投后股 pilots page (/financing/invest-first/): operators record the year's fund, select firms,
record the money invested and the conversion; leaders read. The rules are in finance.invest_first."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation

from .. import access, invest_first
from ..models import Fund, InvestFirstPilot, InvestFirstProgramme


def _errors(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def find_enterprise(text: str) -> Organisation:
    """An organisation by its 统一社会信用代码 or exact name. Raises ValidationError."""
    text = (text or "").strip()
    org = Organisation.objects.filter(Q(credit_code=text.upper()) | Q(name=text)).first() if text else None
    if org is None:
        raise ValidationError({"organisation": _("未找到该企业（请填写统一社会信用代码或企业全称）。")})
    return org


def _id(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


def _act(request):
    post, by = request.POST, request.user
    action = post.get("action")
    if action == "programme":
        fund = Fund.objects.filter(pk=post.get("fund")).first() if (post.get("fund") or "").isdigit() else None
        programme = invest_first.programme_save(
            by=by, year=post.get("year"), budget=post.get("budget"), fund=fund, note=post.get("note", "")
        )
        return _("%(year)d 年专项资金已保存。") % {"year": programme.year}
    if action == "select":
        programme = get_object_or_404(InvestFirstProgramme, pk=_id(post.get("programme")))
        pilot = invest_first.pilot_select(
            by=by,
            programme=programme,
            organisation=find_enterprise(post.get("organisation")),
            project=post.get("project"),
            selected_on=post.get("selected_on") or None,
        )
        return _("%(org)s 已入选。") % {"org": pilot.organisation.name}
    pilot = get_object_or_404(InvestFirstPilot, pk=_id(post.get("pilot")))
    if action == "invest":
        contract = post.get("contract") or None
        if contract is not None and not contract.isdigit():
            raise ValidationError({"contract": _("合同编号须为数字。")})
        invest_first.pilot_invest(
            by=by,
            pilot=pilot,
            amount=post.get("amount"),
            invested_on=post.get("invested_on") or None,
            contract=contract,
        )
        return _("已记录投入。")
    if action == "convert":
        invest_first.pilot_convert(
            by=by,
            pilot=pilot,
            converted_on=post.get("converted_on"),
            equity_percent=post.get("equity_percent"),
            valuation=post.get("valuation"),
            shares=post.get("shares"),
            note=post.get("note", ""),
        )
        return _("已记录投转股。")
    if action == "withdraw":
        invest_first.pilot_withdraw(by=by, pilot=pilot, reason=post.get("reason"))
        return _("已撤销遴选。")
    raise ValidationError(_("未知操作。"))


@login_required
def invest_first_page(request):
    if not access.can_see_invest_first(request.user):
        raise PermissionDenied
    if request.method == "POST":
        if not request.user.is_operator:
            raise PermissionDenied
        try:
            messages.success(request, _act(request))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("finance:invest_first")
    programmes = InvestFirstProgramme.objects.select_related("fund").prefetch_related(
        Prefetch(
            "pilots",
            queryset=InvestFirstPilot.objects.select_related("organisation", "contract", "conversion").order_by(
                "selected_on", "pk"
            ),
        )
    )
    rows = [(p, invest_first.programme_summary(p)) for p in programmes]
    return render(
        request,
        "finance/invest_first.html",
        {
            "rows": rows,
            "funds": Fund.objects.order_by("name"),
            "can_edit": request.user.is_operator,
            "today": timezone.localdate(),
            "source": invest_first.SOURCE,
            "min_pilots": invest_first.MIN_PILOTS,
            "max_pilots": invest_first.MAX_PILOTS,
            "min_budget": invest_first.MIN_BUDGET,
        },
    )
