"""The public statistics page (registered contracts only) and the pay-after-use pilots page."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.access import is_owner
from catalog.models import Achievement
from core.fields import contains_choice

from .. import access, statistics
from ..forms import OfferForm
from ..models import Contract, PayAfterUseOffer
from ..models.contracts import PaymentMode

BREAKDOWN_LABELS = {
    "seller_region": gettext_lazy("技术输出（按卖方所在地区）"),
    "buyer_region": gettext_lazy("技术吸纳（按买方所在地区）"),
    "new_city": gettext_lazy("按新城（需求方所在）"),
    "chain": gettext_lazy("按产业链"),
    "tech_field": gettext_lazy("按技术领域"),
    "contract_type": gettext_lazy("按合同类型"),
    "subtype": gettext_lazy("按合同子类"),
    "payment_mode": gettext_lazy("按支付方式"),
    "flow": gettext_lazy("按技术流向"),
    "province": gettext_lazy("省内 / 省外（需求方所在）"),
    "reform": gettext_lazy("三项改革"),
}


def parse_range(params) -> tuple[str, dt.date | None, dt.date | None]:
    period = params.get("period", "month")
    if period not in statistics.PERIODS:
        period = "month"

    def parse(name):
        try:
            return dt.date.fromisoformat(params.get(name, ""))
        except ValueError:
            return None

    return period, parse("start"), parse("end")


def _jsonable(summary: dict) -> dict:
    return {
        "series": [
            {
                "period": r["period"],
                "count": r["count"],
                "tech_amount": float(r["tech_amount"]),
                "total_amount": float(r["total_amount"]),
            }
            for r in summary["series"]
        ],
        "breakdowns": {
            by: [
                {
                    "label": label,
                    "count": v["count"],
                    "tech_amount": float(v["tech_amount"]),
                    "total_amount": float(v["total_amount"]),
                }
                for label, v in rows.items()
            ]
            for by, rows in summary["breakdowns"].items()
        },
    }


def monthly_report_default() -> str:
    from .. import monthly_report

    return f"{monthly_report.parse_month(None):%Y-%m}"


def statistics_page(request):
    period, start, end = parse_range(request.GET)
    summary = statistics.summary(period, start, end)
    return render(
        request,
        "deals/statistics.html",
        {
            "period": period,
            "start": start,
            "end": end,
            "summary": summary,
            "chart_data": _jsonable(summary),
            "breakdown_labels": BREAKDOWN_LABELS,
            "periods": [("month", _("按月")), ("quarter", _("按季度")), ("year", _("按年"))],
            "may_see_monthly_report": access.may_see_monthly_report(request.user),
            "report_month": monthly_report_default(),
        },
    )


MONTHLY_FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def monthly_report_response(request, *, month_param: str | None, output: str):
    """The monthly report file (``output`` "pdf" or "xlsx") for ``month_param`` ('YYYY-MM'; empty:
    the previous month), audited as an export. Raises ValueError with a Chinese message for a bad
    month or format. Callers check ``access.may_see_monthly_report`` first."""
    from django.http import HttpResponse

    from core.audit import audit_export

    from .. import monthly_report

    if output not in MONTHLY_FORMATS:
        raise ValueError(_("格式应为 pdf 或 xlsx。"))
    month = monthly_report.parse_month(month_param)
    report = monthly_report.build(month)
    if output == "pdf":
        content = monthly_report.pdf_bytes(report, request=request)
    else:
        content = monthly_report.xlsx_bytes(report)
    audit_export(
        request=request,
        name="deals.monthly_report",
        rows=report.total["month"]["count"],
        confidential=False,
        params={"month": f"{month:%Y-%m}"},
        fmt=output,
    )
    content_type, extension = MONTHLY_FORMATS[output]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tech-contracts-monthly-{month:%Y%m}.{extension}"'
    return response


@login_required
def monthly_report(request):
    """Operators and leaders: the monthly statistics report. ?month=YYYY-MM&format=pdf|xlsx."""
    if not access.may_see_monthly_report(request.user):
        raise PermissionDenied
    try:
        return monthly_report_response(
            request, month_param=request.GET.get("month"), output=request.GET.get("format", "pdf")
        )
    except ValueError as err:
        messages.error(request, str(err))
        return redirect("deals:statistics")


def pay_after_use(request):
    """Achievements offered as 先使用后付费 with their trial terms, and (for those involved) the trials."""
    offered = (
        Achievement.objects.visible_to(request.user)
        .filter(**contains_choice("cooperation_modes", "pay_after_use"))
        .select_related("owner_org", "pay_after_use_offer")
        .order_by("-published_at", "-id")
    )
    trials = Contract.objects.none()
    if request.user.is_authenticated:
        trials = (
            Contract.objects.filter(
                payment_mode=PaymentMode.PAY_AFTER_USE, deal__in=access.deals_visible_to(request.user)
            )
            .select_related("deal__supply_org", "deal__demand_org")
            .order_by("trial_end")
        )
    return render(request, "deals/pay_after_use.html", {"offered": offered, "trials": trials, "today": dt.date.today()})


@login_required
def offer_edit(request, pk: int):
    achievement = get_object_or_404(Achievement.objects.visible_to(request.user), pk=pk)
    if not (is_owner(request.user, achievement) or request.user.has_role("operator")):
        raise PermissionDenied
    offer = PayAfterUseOffer.objects.filter(achievement=achievement).first()
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        offer = form.save(commit=False)
        offer.achievement = achievement
        offer.created_by = offer.created_by or request.user
        offer.save()
        messages.success(request, _("试用条件已保存。"))
        return redirect("deals:pay_after_use")
    return render(request, "deals/offer_form.html", {"form": form, "achievement": achievement})
