"""Pages of the hub's network: sub-markets and their statistics, the joint Xi'an–Xianyang
libraries, carriers and their yearly reports, service agencies, typical cases, imports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from catalog.libraries import LIBRARIES
from core.forms import apply_validation_error
from core.http import form_errors_text, post_action
from core.pagination import CappedPaginator

from . import access, exporting, selectors, services
from .forms import CaseForm, EngagementForm, RatingForm, RelocationForm, ReportForm, TransitionForm
from .models import AgencyService, Carrier, CarrierReport, Case, Engagement, Level, ServiceAgency, SubMarket


def _page(request, qs, per_page=20):
    return CappedPaginator(qs, per_page).get_page(request.GET.get("page"))


# ---- sub-markets ---------------------------------------------------------------------------


def home(request):
    rows = selectors.statistics(user=request.user)
    return render(
        request,
        "network/home.html",
        {
            "rows": rows,
            "libraries": [LIBRARIES[s] for s in selectors.STAT_LIBRARIES],
            "can_review": access.can_review_any(request.user),
        },
    )


def statistics_xlsx(request):
    rows = selectors.statistics(user=request.user)
    return exporting.xlsx_response(exporting.statistics_sheet(rows), "submarket-statistics.xlsx")


def submarket_detail(request, code: str):
    market = get_object_or_404(SubMarket.objects.select_related("region"), code=code, active=True)
    lists = [
        (LIBRARIES[slug], list(selectors.joint_records(user=request.user, library=slug, submarket=market)[:8]))
        for slug in selectors.JOINT_LIBRARIES
    ]
    carriers = selectors.carrier_list({"region": market.region_id})[:20]
    return render(
        request,
        "network/submarket.html",
        {
            "market": market,
            "lists": lists,
            "carriers": carriers,
            "operators": market.operators.all() if access.is_general_operator(request.user) else None,
        },
    )


def joint(request):
    library = request.GET.get("lib", "demands")
    if library not in selectors.JOINT_LIBRARIES:
        library = "demands"
    markets = selectors.joint_markets()
    chosen = next((m for m in markets if m.code == request.GET.get("m")), None)
    page = _page(request, selectors.joint_records(user=request.user, library=library, submarket=chosen))
    for record in page.object_list:
        record.home_market = selectors.home_submarket(record, markets)
    return render(
        request,
        "network/joint.html",
        {
            "markets": markets,
            "chosen": chosen,
            "library": LIBRARIES[library],
            "libraries": [LIBRARIES[s] for s in selectors.JOINT_LIBRARIES],
            "page": page,
            "challenges": list(selectors.joint_challenges(user=request.user)[:20]),
        },
    )


@login_required
def review(request):
    """A sub-market's (or the general window's) queue of yearly reports and cases; the catalog's
    review queue already shows the library records limited the same way."""
    if not access.can_review_any(request.user):
        raise PermissionDenied
    return render(
        request,
        "network/review.html",
        {
            "reports": selectors.report_queue(user=request.user),
            "cases": selectors.case_queue(user=request.user),
            "markets": SubMarket.objects.filter(operators=request.user),
        },
    )


# ---- carriers ------------------------------------------------------------------------------


def carrier_list(request):
    qs = selectors.carrier_list(request.GET)
    return render(
        request,
        "network/carriers.html",
        {
            "page": _page(request, qs),
            "kinds": Carrier.Kind.choices,
            "levels": Level.choices,
            "params": request.GET,
            "counts": selectors.carrier_counts(),
            "can_import": access.can_manage_registry(request.user),
        },
    )


def carriers_xlsx(request):
    return exporting.xlsx_response(exporting.carriers_sheet(selectors.carrier_list(request.GET)), "carriers.xlsx")


def carrier_detail(request, pk: int):
    carrier = get_object_or_404(
        Carrier.objects.select_related("organisation", "prefecture", "county", "partner_city"), pk=pk
    )
    member = access.can_file_report(request.user, carrier)
    reviewer = access.can_review_carrier(request.user, carrier)
    reports = carrier.reports.select_related("reviewed_by")
    if not (member or reviewer):
        reports = reports.filter(status="accepted")  # drafts and returned reports are the carrier's own
    rows = [(r, services.report_actions(request.user, r)) for r in reports]
    return render(
        request,
        "network/carrier.html",
        {
            "carrier": carrier,
            "reports": rows,
            "member": member,
            "report_form": ReportForm() if member else None,
            "relocation_form": RelocationForm() if member and carrier.kind == Carrier.Kind.ENCLAVE else None,
            "relocations": carrier.relocations.select_related("destination"),
        },
    )


@login_required
@require_POST
def report_save(request, pk: int):
    carrier = get_object_or_404(Carrier, pk=pk)
    submit = bool(request.POST.get("submit"))

    def save(**data):
        report = services.report_save(carrier=carrier, by=request.user, **data)
        if submit:
            services.report_transition(report=report, action="submit", by=request.user)

    return post_action(
        request,
        save,
        form=ReportForm(request.POST),
        to=reverse("network:carrier", args=[pk]),
        invalid=lambda form: _("请检查年度报告：") + form_errors_text(form),
        success=_("年度报告已提交审核。") if submit else _("年度报告已保存。"),
    )


@login_required
@require_POST
def report_transition(request, pk: int):
    report = get_object_or_404(CarrierReport, pk=pk)
    return post_action(
        request,
        lambda **data: services.report_transition(report=report, by=request.user, **data),
        form=TransitionForm(request.POST),
        success=_("操作成功。"),
        to="network:review"
        if request.POST.get("next") == "review"
        else reverse("network:carrier", args=[report.carrier_id]),
    )


@login_required
@require_POST
def relocation_add(request, pk: int):
    carrier = get_object_or_404(Carrier, pk=pk)
    return post_action(
        request,
        lambda **data: services.relocation_add(carrier=carrier, by=request.user, **data),
        form=RelocationForm(request.POST),
        invalid=_("请检查回迁记录。"),
        success=_("已记录回迁企业。"),
        to=reverse("network:carrier", args=[pk]),
    )


# ---- agencies ------------------------------------------------------------------------------


def agency_list(request):
    return render(
        request,
        "network/agencies.html",
        {
            "page": _page(request, selectors.agency_list(request.GET)),
            "kinds": ServiceAgency.Kind.choices,
            "params": request.GET,
        },
    )


def agency_detail(request, pk: int):
    agency = get_object_or_404(
        ServiceAgency.objects.select_related("organisation", "prefecture").prefetch_related(
            Prefetch("services", queryset=AgencyService.objects.filter(active=True))
        ),
        pk=pk,
        listed=True,
    )
    user = request.user
    member = access.is_agency_member(user, agency)
    engagements = Engagement.objects.none()
    form = None
    if user.is_authenticated:
        mine = user.organisation_ids()
        engagements = agency.engagements.select_related("client", "service")
        if not (member or access.is_general_operator(user)):
            engagements = engagements.filter(client_id__in=mine)
        orgs = Organisation.objects.filter(pk__in=mine).exclude(pk=agency.organisation_id)
        if orgs and not member:
            form = EngagementForm(services=agency.services.filter(active=True), organisations=orgs)
    ratings = agency.engagements.exclude(score=None).order_by("-rated_at")[:20]
    return render(
        request,
        "network/agency.html",
        {
            "agency": agency,
            "member": member,
            "engagements": engagements,
            "form": form,
            "rating_form": RatingForm(),
            "ratings": ratings,
            "evaluation": selectors.agency_evaluation(agency),
            "mine": user.organisation_ids() if user.is_authenticated else set(),
        },
    )


@login_required
@require_POST
def engagement_request(request, pk: int):
    agency = get_object_or_404(ServiceAgency, pk=pk, listed=True)
    orgs = Organisation.objects.filter(pk__in=request.user.organisation_ids())
    form = EngagementForm(request.POST, services=agency.services.filter(active=True), organisations=orgs)
    return post_action(
        request,
        lambda **data: services.engagement_request(agency=agency, by=request.user, **data),
        form=form,
        invalid=_("请选择委托机构。"),
        success=_("已提交服务申请。"),
        to=reverse("network:agency", args=[pk]),
    )


@login_required
@require_POST
def engagement_complete(request, pk: int):
    engagement = get_object_or_404(Engagement, pk=pk)
    return post_action(
        request,
        lambda: services.engagement_complete(engagement=engagement, by=request.user),
        success=_("已确认服务完成。"),
        to=reverse("network:agency", args=[engagement.agency_id]),
    )


@login_required
@require_POST
def engagement_rate(request, pk: int):
    engagement = get_object_or_404(Engagement, pk=pk)
    return post_action(
        request,
        lambda **data: services.engagement_rate(engagement=engagement, by=request.user, **data),
        form=RatingForm(request.POST),
        invalid=_("评分须为 1 至 5 的整数。"),
        success=_("感谢评价。"),
        to=reverse("network:agency", args=[engagement.agency_id]),
    )


# ---- cases ---------------------------------------------------------------------------------


def case_list(request):
    mine = Case.objects.none()
    if request.user.is_authenticated:
        mine = Case.objects.filter(created_by=request.user).exclude(status="accepted")
    return render(
        request,
        "network/cases.html",
        {
            "page": _page(request, selectors.published_cases(request.GET)),
            "mechanisms": Case.Mechanism.choices,
            "params": request.GET,
            "mine": mine,
        },
    )


def case_detail(request, pk: int):
    case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
    return render(
        request,
        "network/case.html",
        {
            "case": case,
            "actions": services.case_actions(request.user, case),
            "can_edit": request.user.is_authenticated
            and case.created_by_id == request.user.pk
            and case.status in ("draft", "returned"),
        },
    )


@login_required
def case_edit(request, pk: int | None = None):
    case = get_object_or_404(Case, pk=pk, created_by=request.user) if pk else None
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_save(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("已保存为草稿。确认无误后请提交审核。"))
            return redirect("network:case", pk=case.pk)
    return render(request, "network/case_form.html", {"form": form, "case": case})


@login_required
@require_POST
def case_transition(request, pk: int):
    case = get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)
    return post_action(
        request,
        lambda **data: services.case_transition(case=case, by=request.user, **data),
        form=TransitionForm(request.POST),
        success=_("操作成功。"),
        to="network:review" if request.POST.get("next") == "review" else reverse("network:case", args=[pk]),
    )


# ---- import --------------------------------------------------------------------------------


@login_required
def import_page(request):
    """Operators import the carriers or agencies registry from a spreadsheet (all rows or none)."""
    from core.tabular import ImportFileError

    from . import importing

    if not access.can_manage_registry(request.user):
        raise PermissionDenied
    errors, registry = None, request.POST.get("registry", "carriers")
    if request.method == "POST":
        upload = request.FILES.get("file")
        importer = importing.IMPORTERS.get(registry)
        if upload is None or importer is None:
            messages.error(request, _("请选择文件。"))
        else:
            try:
                report = importer(filename=upload.name, content=upload.read(), by=request.user)
            except ImportFileError as exc:
                messages.error(request, str(exc))
            else:
                if report.ok:
                    messages.success(request, _("已导入 %(n)s 条。") % {"n": report.created})
                    return redirect(
                        {
                            "carriers": "network:carriers",
                            "agencies": "network:agencies",
                            "products": "network:products",
                        }.get(registry, "network:projects")
                    )
                errors = report.errors
    return render(
        request,
        "network/import.html",
        {"errors": errors, "registry": registry, "columns": importing.COLUMN_HELP},
        status=400 if errors else 200,
    )


def import_template(request, registry: str):
    from . import importing

    if registry not in importing.IMPORTERS:
        raise Http404
    return exporting.xlsx_response(importing.template_sheet(registry), f"{registry}-template.xlsx")


# ---- project library and research credit ---------------------------------------------------


def project_list(request):
    from .models import Project

    qs = Project.objects.select_related("applicant", "prefecture")
    if request.GET.get("acceptance") in Project.Acceptance.values:
        qs = qs.filter(acceptance=request.GET["acceptance"])
    if request.GET.get("q"):
        qs = qs.filter(title__icontains=request.GET["q"][:50])
    return render(
        request,
        "network/projects.html",
        {
            "page": _page(request, qs),
            "acceptances": Project.Acceptance.choices,
            "params": request.GET,
            "can_import": access.can_manage_registry(request.user),
        },
    )


@login_required
def credit_list(request):
    """Research-credit records: operators see and add all; an organisation's members see their own."""
    from . import credit
    from .forms import CreditForm

    form = CreditForm(request.POST or None) if access.is_general_operator(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                credit.credit_record_add(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("已录入科研诚信记录。"))
                return redirect("network:credit")
    return render(request, "network/credit.html", {"records": credit.visible_to(request.user)[:500], "form": form})


def product_list(request):
    from .models import Product

    qs = Product.objects.select_related("enterprise").prefetch_related("patents")
    if request.GET.get("kind") in Product.Kind.values:
        qs = qs.filter(kind=request.GET["kind"])
    return render(
        request,
        "network/products.html",
        {
            "page": _page(request, qs),
            "kinds": Product.Kind.choices,
            "params": request.GET,
            "can_import": access.can_manage_registry(request.user),
        },
    )
