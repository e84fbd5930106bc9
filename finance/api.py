"""REST API of technology finance (under /api/v1/financing/: /api/v1/finance/ is the catalog library of products), the same services and access rules as
the pages. Amounts in 万元, rates in % a year, terms in months. Errors: 400 with
``{"field": ["message"]}`` for bad input (ValidationError of the services), 403 when the viewer may
not act, 404 when the viewer may not see the record (a bank never learns that a need it was not
given consent for exists). Source of the rules: seed 001 三(五) (科技金融提升行动)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from accounts.models import Organisation

from . import access, fit, selectors, services
from .models import Application, FinancingNeed, NeedType, WhiteListEntry


class NeedInput(serializers.Serializer):
    organisation = serializers.IntegerField(help_text="企业（机构 id），须为其管理员")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="万元")
    term_months = serializers.IntegerField(help_text="月，1–360")
    need_type = serializers.ChoiceField(choices=NeedType.choices)
    purpose = serializers.CharField(max_length=300)
    patents = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="本企业名下专利 id")
    contracts = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="已登记技术合同 id")
    share_with = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="金融机构 id（授权）"
    )


class NeedSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name")

    class Meta:
        model = FinancingNeed
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "amount",
            "term_months",
            "need_type",
            "purpose",
            "status",
            "matched_products",
            "created_at",
        ]


class ApplicationSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="need.organisation.name")
    product_title = serializers.CharField(source="product.title")

    class Meta:
        model = Application
        fields = [
            "id",
            "need",
            "organisation_name",
            "product",
            "product_title",
            "institution",
            "status",
            "reasons",
            "approved_amount",
            "approved_rate",
            "approved_term_months",
            "refuse_reason",
            "created_at",
            "decided_at",
        ]


def _need(request, pk) -> FinancingNeed:
    need = get_object_or_404(FinancingNeed, pk=pk)
    if not access.can_view_need(request.user, need):
        raise Http404
    return need


@extend_schema(request=NeedInput, responses=NeedSerializer, summary="融资需求：列出（本企业 / 授权本机构的）或发布")
@api_view(["GET", "POST"])
@permission_classes([permissions.IsAuthenticated])
def needs_api(request):
    """GET: the enterprise's own needs, plus (institution staff) the open needs shared with their
    institution under consent. POST: an enterprise admin posts a need (NeedInput); the answer
    carries ``matched_products`` (eligible products found)."""
    if request.method == "GET":
        own = selectors.needs_of(request.user.organisation_ids())
        shared = selectors.needs_shared_with(request.user)
        rows = list(own) + [n for n in shared if n.organisation_id not in request.user.organisation_ids()]
        return Response(NeedSerializer(rows[:200], many=True).data)
    data = NeedInput(data=request.data)
    data.is_valid(raise_exception=True)
    v = data.validated_data
    org = Organisation.objects.filter(pk=v["organisation"]).first()
    if org is None:
        raise PermissionDenied
    need = services.need_create(
        organisation=org,
        by=request.user,
        amount=v["amount"],
        purpose=v["purpose"],
        term_months=v["term_months"],
        need_type=v["need_type"],
        patents=v.get("patents", []),
        contracts=v.get("contracts", []),
        share_with=list(Organisation.objects.filter(pk__in=v.get("share_with", []))),
    )
    return Response(NeedSerializer(need).data, status=201)


@extend_schema(responses=OpenApiTypes.OBJECT, summary="融资需求匹配的产品（符合条件的按匹配度排序，附理由）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def need_matches_api(request, pk: int):
    """``{"year": Y, "eligible": [{product, title, institution, product_type, score, reasons}],
    "excluded": [{…, failed}]}``. Institutions see only their own products and no exclusions."""
    need = _need(request, pk)
    own = request.user.is_operator or access.is_enterprise_member(request.user, need.organisation_id)
    eligible, excluded = fit.match_need(need, institution_ids=None if own else access.institution_ids(request.user))
    return Response(
        {
            "year": fit.figures_year(),
            "eligible": [f.as_dict() for f in eligible],
            "excluded": [f.as_dict() for f in excluded] if own else [],
        }
    )


@extend_schema(request=OpenApiTypes.OBJECT, responses=ApplicationSerializer, summary="向一款产品提交申请")
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def need_apply_api(request, pk: int):
    """Body ``{"product": id}``. 400 ``{"product": ["不符合产品准入条件：…"]}`` when a rule fails."""
    from catalog.models import FinancialProduct

    need = _need(request, pk)
    product = get_object_or_404(FinancialProduct.objects.published(), pk=request.data.get("product") or 0)
    application = services.application_submit(need=need, product=product, by=request.user)
    return Response(ApplicationSerializer(application).data, status=201)


@extend_schema(responses=ApplicationSerializer(many=True), summary="融资申请（机构队列 / 本企业的申请）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def applications_api(request):
    status = request.query_params.get("status", "")
    return Response(
        ApplicationSerializer(selectors.applications_for(request.user, status=status)[:200], many=True).data
    )


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses=ApplicationSerializer,
    summary="处理申请：contact / approve / refuse / withdraw",
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def application_action_api(request, pk: int, action: str):
    """approve: ``{"amount": 万元, "rate": %, "term_months": 月}``; refuse: ``{"reason": "…"}``."""
    application = get_object_or_404(Application, pk=pk)
    if not access.can_view_application(request.user, application):
        raise Http404
    application = services.application_transition(
        application=application,
        by=request.user,
        action=action,
        reason=str(request.data.get("reason", "")),
        amount=request.data.get("amount"),
        rate=request.data.get("rate"),
        term_months=request.data.get("term_months"),
    )
    return Response(ApplicationSerializer(application).data)


@extend_schema(responses=OpenApiTypes.OBJECT, summary="融资白名单（仅金融机构和运营）")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def whitelist_api(request):
    """``[{"organisation", "name", "source", "reasons", "next_review_on"}]`` of listed firms."""
    if not access.can_see_marks(request.user):
        raise PermissionDenied
    rows = WhiteListEntry.objects.filter(status=WhiteListEntry.Status.LISTED).select_related("organisation")
    return Response(
        [
            {
                "organisation": e.organisation_id,
                "name": e.organisation.name,
                "source": e.source,
                "reasons": e.reasons,
                "next_review_on": e.next_review_on,
            }
            for e in rows
        ]
    )


# ---- 先投后股 pilots (finance.invest_first) ------------------------------------------------------


def _pilot_json(pilot) -> dict:
    conversion = getattr(pilot, "conversion", None) if pilot.status == "converted" else None
    return {
        "id": pilot.pk,
        "organisation": pilot.organisation_id,
        "organisation_name": pilot.organisation.name,
        "project": pilot.project,
        "selected_on": pilot.selected_on.isoformat(),
        "status": pilot.status,
        "amount": str(pilot.amount) if pilot.amount is not None else None,
        "invested_on": pilot.invested_on.isoformat() if pilot.invested_on else None,
        "contract": pilot.contract_id,
        "conversion": (
            {
                "converted_on": conversion.converted_on.isoformat(),
                "equity_percent": str(conversion.equity_percent),
                "valuation": str(conversion.valuation),
                "shares": conversion.shares,
            }
            if conversion
            else None
        ),
    }


INVEST_FIRST_DOC = (
    "先投后股试点（运营人员、领导可读；运营人员可写）。GET：各年度专项资金（budget 万元）、试点企业、先投金额（万元）、"
    "投转股（持股比例 %、投后估值 万元、股数）。POST {year, budget, fund?, note?}：设立或修改年度专项资金。"
    "规则：每年遴选 3—5 家企业（第 6 家返回 400），投入合计不超过预算（《秦创原总窗口建设行动计划》三（一）1③）。"
)


@extend_schema(
    methods=["GET"],
    operation_id="finance_invest_first_list",
    responses={200: OpenApiTypes.OBJECT},
    description=INVEST_FIRST_DOC,
)
@extend_schema(
    methods=["POST"],
    operation_id="finance_invest_first_save",
    request=OpenApiTypes.OBJECT,
    responses={200: OpenApiTypes.OBJECT},
    description=INVEST_FIRST_DOC,
)
@api_view(["GET", "POST"])
@permission_classes([permissions.IsAuthenticated])
def invest_first_api(request):
    from . import invest_first
    from .models import Fund, InvestFirstPilot, InvestFirstProgramme

    access.require(access.can_see_invest_first(request.user))
    if request.method == "POST":
        fund_id = str(request.data.get("fund") or "")
        fund = Fund.objects.filter(pk=fund_id).first() if fund_id.isdigit() else None
        if fund_id and fund is None:
            return Response({"fund": ["未找到该基金。"]}, status=400)
        programme = invest_first.programme_save(
            by=request.user,
            year=request.data.get("year"),
            budget=request.data.get("budget"),
            fund=fund,
            note=request.data.get("note", ""),
        )
        return Response({"id": programme.pk, "year": programme.year, "budget": str(programme.budget)}, status=201)
    data = []
    pilots = InvestFirstPilot.objects.select_related("organisation", "conversion").order_by("selected_on", "pk")
    for programme in InvestFirstProgramme.objects.select_related("fund"):
        summary = invest_first.programme_summary(programme)
        data.append(
            {
                "id": programme.pk,
                "year": programme.year,
                "budget": str(programme.budget),
                "fund": programme.fund_id,
                "selected": summary["selected"],
                "invested": str(summary["invested"]),
                "remaining": str(summary["remaining"]),
                "short_of_plan": summary["short_of_plan"],
                "budget_below_plan": summary["budget_below_plan"],
                "pilots": [_pilot_json(p) for p in pilots.filter(programme=programme)],
            }
        )
    return Response({"unit": "万元", "source": invest_first.SOURCE, "programmes": data})


@extend_schema(
    operation_id="finance_invest_first_select",
    request=OpenApiTypes.OBJECT,
    responses={201: OpenApiTypes.OBJECT},
    description="遴选试点企业：{organisation（机构 id）, project, selected_on?}。400：超过每年 5 家、同年重复、非企业。",
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def invest_first_select_api(request, pk: int):
    from . import invest_first
    from .models import InvestFirstProgramme

    access.require(access.can_see_invest_first(request.user))
    programme = get_object_or_404(InvestFirstProgramme, pk=pk)
    org_id = str(request.data.get("organisation") or "")
    organisation = Organisation.objects.filter(pk=org_id).first() if org_id.isdigit() else None
    if organisation is None:
        return Response({"organisation": ["未找到该机构。"]}, status=400)
    pilot = invest_first.pilot_select(
        by=request.user,
        programme=programme,
        organisation=organisation,
        project=request.data.get("project"),
        selected_on=request.data.get("selected_on") or None,
    )
    return Response(_pilot_json(pilot), status=201)


@extend_schema(
    operation_id="finance_invest_first_pilot_action",
    request=OpenApiTypes.OBJECT,
    responses={200: OpenApiTypes.OBJECT},
    description=(
        "试点操作：invest {amount 万元, invested_on?, contract?（先投后股合同 id）}；convert {converted_on, "
        "equity_percent %, valuation 万元, shares?, note?}；withdraw {reason}（仅未投入前）。"
    ),
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def invest_first_pilot_api(request, pk: int, action: str):
    from . import invest_first
    from .models import InvestFirstPilot

    access.require(access.can_see_invest_first(request.user))
    pilot = get_object_or_404(InvestFirstPilot, pk=pk)
    d = request.data
    if action == "invest":
        pilot = invest_first.pilot_invest(
            by=request.user,
            pilot=pilot,
            amount=d.get("amount"),
            invested_on=d.get("invested_on") or None,
            contract=d.get("contract") or None,
        )
    elif action == "convert":
        invest_first.pilot_convert(
            by=request.user,
            pilot=pilot,
            converted_on=d.get("converted_on"),
            equity_percent=d.get("equity_percent"),
            valuation=d.get("valuation"),
            shares=d.get("shares"),
            note=d.get("note", ""),
        )
    elif action == "withdraw":
        invest_first.pilot_withdraw(by=request.user, pilot=pilot, reason=d.get("reason"))
    else:
        raise Http404
    pilot = InvestFirstPilot.objects.select_related("organisation", "conversion").get(pk=pilot.pk)
    return Response(_pilot_json(pilot))
