"""REST API for deals, messages, contracts, registration, notifications, statistics and brokers.
The same access rules and services as the pages."""

import datetime as dt

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from catalog.models import Achievement, Demand

from . import selectors, statistics
from .brokers import selectors as broker_selectors
from .brokers import services as broker_services
from .models import Broker, WorkLog
from .serializers import (
    AmendmentSerializer,
    BrokerSerializer,
    ContractSerializer,
    DealEventSerializer,
    DealOpenSerializer,
    DealSerializer,
    DealTransitionSerializer,
    MessagePostSerializer,
    MessageSerializer,
    RegisterSerializer,
    TerminationSerializer,
    WorkLogSerializer,
)
from .services import contracts as contract_services
from .services import deals as deal_services
from .services import messages as message_services
from .services import registration as registration_services
from .views.stats import _jsonable, parse_range


class DealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """技术交易对接：仅对接双方成员、分派的经纪人和平台运营人员可见。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DealSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.deal_list(
            user=self.request.user,
            stage=self.request.query_params.get("stage", ""),
            q=self.request.query_params.get("q", ""),
        )

    @extend_schema(request=DealOpenSerializer, responses=DealSerializer)
    def create(self, request):
        body = DealOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        linked = [
            r
            for r in (
                selectors.resolve_record(kind=data.get("from_kind", ""), pk=data.get("from_id"), user=request.user),
                selectors.resolve_record(kind=data.get("to_kind", ""), pk=data.get("to_id"), user=request.user),
            )
            if r is not None
        ]
        deal = deal_services.deal_open(
            by=request.user,
            supply_org=data["supply_org"],
            demand_org=data["demand_org"],
            title=data["title"],
            origin=selectors.origin_for(data.get("from_kind", ""), data.get("to_kind", ""), data.get("origin", "")),
            achievement=next((r.record for r in linked if isinstance(r.record, Achievement)), None),
            demand=next((r.record for r in linked if isinstance(r.record, Demand)), None),
            links=[
                {"kind": r.kind, "record_id": r.id, "title": r.title, "url": r.url}
                for r in linked
                if not isinstance(r.record, (Achievement, Demand))
            ],
            patent_numbers=data.get("patent_numbers", ""),
            note=data.get("note", ""),
        )
        return Response(DealSerializer(deal, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=DealTransitionSerializer,
        responses=DealSerializer,
        description="negotiate 进入洽谈、sign 确认签约、perform 开始履行、complete 履行完成、terminate 终止（须原因）。登记请用 contract/register。",
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        deal = self.get_object()
        body = DealTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        deal = deal_services.deal_transition(deal=deal, by=request.user, **body.validated_data)
        return Response(DealSerializer(deal, context={"request": request}).data)

    @extend_schema(responses=DealEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        return Response(DealEventSerializer(self.get_object().events.select_related("actor"), many=True).data)

    @extend_schema(methods=["GET"], responses=MessageSerializer(many=True))
    @extend_schema(methods=["POST"], request=MessagePostSerializer, responses=MessageSerializer)
    @action(detail=True, methods=["get", "post"])
    def messages(self, request, pk=None):
        deal = self.get_object()
        if request.method == "POST":
            message = message_services.message_post(
                deal=deal, by=request.user, body=request.data.get("body", ""), files=request.FILES.getlist("files")
            )
            return Response(
                MessageSerializer(message, context={"request": request}).data, status=status.HTTP_201_CREATED
            )
        thread = list(message_services.messages_for(deal=deal, user=request.user))
        data = MessageSerializer(thread, many=True, context={"request": request}).data
        if request.query_params.get("mark_read") in ("1", "true"):
            message_services.mark_thread_read(deal=deal, user=request.user)
        return Response(data)

    @extend_schema(methods=["GET"], responses=ContractSerializer)
    @extend_schema(methods=["PUT", "PATCH"], request=ContractSerializer, responses=ContractSerializer)
    @action(detail=True, methods=["get", "put", "patch"])
    def contract(self, request, pk=None):
        deal = self.get_object()
        contract = getattr(deal, "contract", None)
        if request.method == "GET":
            if contract is None:
                raise Http404
            return Response(ContractSerializer(contract).data)
        body = ContractSerializer(
            contract, data=request.data, partial=request.method == "PATCH" or contract is not None
        )
        body.is_valid(raise_exception=True)
        contract = contract_services.contract_save(deal=deal, by=request.user, **body.validated_data)
        return Response(ContractSerializer(contract).data)

    @extend_schema(request=RegisterSerializer, responses=ContractSerializer, description="认定登记（仅平台运营人员）。")
    @action(detail=True, methods=["post"], url_path="contract/register")
    def register(self, request, pk=None):
        deal = self.get_object()
        contract = getattr(deal, "contract", None)
        if contract is None:
            raise Http404
        body = RegisterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        contract = contract_services.contract_register(
            contract=contract,
            registry=body.validated_data["registry"],
            by=request.user,
            on=body.validated_data.get("registered_on"),
        )
        return Response(ContractSerializer(contract).data)

    def _registrar_record(self, request, action: str, service, serializer_class, file_field: str):
        """The registrar's 变更 / 解除 record of the deal's registered contract (one shape for both).

        ``action`` ("amend" | "terminate") names the registrar check; ``service`` (contract_amend |
        contract_terminate) writes the record from the validated ``serializer_class`` data, with the
        optional upload ``file_field`` ("agreement" | "evidence") set to None when absent. 201 with the record."""
        deal = self.get_object()
        contract = getattr(deal, "contract", None)
        if contract is None:
            raise Http404
        registration_services.registered_record_check(contract=contract, action=action, by=request.user)
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        data[file_field] = data.get(file_field) or None
        record = service(contract=contract, by=request.user, **data)
        return Response(serializer_class(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AmendmentSerializer,
        responses=AmendmentSerializer,
        description=(
            "变更登记（仅登记机构即平台运营人员；仅已登记的合同）。金额单位万元；自 effective_on 起统计按新金额。"
            "错误：未登记或已解除的合同 400 {error: {fields: {reg_status: [...]}}}；非运营人员 403；看不到该对接 404。"
        ),
    )
    @action(detail=True, methods=["post"], url_path="contract/amend")
    def amend(self, request, pk=None):
        return self._registrar_record(
            request, "amend", registration_services.contract_amend, AmendmentSerializer, "agreement"
        )

    @extend_schema(
        request=TerminationSerializer,
        responses=TerminationSerializer,
        description=(
            "解除登记（仅登记机构即平台运营人员；仅已登记的合同），对接随之终止；自 effective_on 起不计入统计。"
            "错误：未登记或已解除的合同 400 {error: {fields: {reg_status: [...]}}}；非运营人员 403；看不到该对接 404。"
        ),
    )
    @action(detail=True, methods=["post"], url_path="contract/terminate")
    def terminate(self, request, pk=None):
        return self._registrar_record(
            request, "terminate", registration_services.contract_terminate, TerminationSerializer, "evidence"
        )


@extend_schema(
    responses=OpenApiTypes.OBJECT,
    description=(
        "已认定登记技术合同的统计（公开汇总）。period=month|quarter|year，start/end=YYYY-MM-DD，"
        "as_of=YYYY-MM-DD（按该日的合同状态计：解除自生效日起不计，变更自生效日起按新金额；默认取 end 与今天中较早者）。"
        "两个口径：total_amount＝合同成交额（合同总额），tech_amount＝技术交易额（技术部分，登记机构核定后的金额）。"
        "金额单位万元。breakdowns：seller_region（输出）、buyer_region（吸纳）、new_city、chain、tech_field、"
        "contract_type、subtype、payment_mode、flow、province、reform。来源：《技术合同认定登记管理办法》、"
        "《全国技术市场统计年度报告》口径。"
    ),
)
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def statistics_api(request):
    period, start, end = parse_range(request.query_params)
    try:
        as_of = (
            dt.date.fromisoformat(request.query_params.get("as_of", "")) if request.query_params.get("as_of") else None
        )
    except ValueError:
        return Response({"error": {"fields": {"as_of": ["日期格式应为 YYYY-MM-DD。"]}}}, status=400)
    summary = statistics.summary(period, start, end, as_of)
    data = _jsonable(summary)
    data["as_of"] = summary["as_of"].isoformat()
    totals = summary["totals"]
    data["totals"] = {
        "count": totals["count"],
        "tech_amount": float(totals["tech_amount"]),
        "total_amount": float(totals["total_amount"]),
    }
    data["unit"] = "万元"
    data["basis"] = (
        "registered contracts only, by registration date, each by its state on as_of "
        "(terminated: out from the termination date; amended: new amounts from the amendment date)"
    )
    return Response(data)


def _row_json(row) -> dict:
    periods = {
        key: {
            "count": v["count"],
            "total_amount": float(v["total_amount"]),
            "tech_amount": float(v["tech_amount"]),
        }
        for key, v in row.values.items()
    }
    changes = {
        name: (float(getattr(row, name)) if getattr(row, name) is not None else None)
        for name in ("mom_total", "mom_tech", "yoy_total", "yoy_tech", "ytd_yoy_total", "ytd_yoy_tech")
    }
    return {"label": row.label, "periods": periods, "changes_percent": changes}


@extend_schema(
    operation_id="deal_monthly_report",
    responses={200: OpenApiTypes.OBJECT},
    description=(
        "技术合同月度统计报告（仅运营人员和领导）。month=YYYY-MM（默认上月）；output=json（默认）| pdf | xlsx。"
        "periods：month 本月、prev_month 上月、last_year_month 上年同月、ytd 本年累计、last_ytd 上年同期累计；"
        "每个期间按期末合同状态计。金额单位万元（targets 为亿元）；changes_percent 为环比/同比（%），基数为零时为 null。"
        "sections：seller_region（输出）、buyer_region（吸纳）、new_city、chain、tech_field、contract_type、subtype、"
        "payment_mode。错误：400 {error: {fields: {month|output: [...]}}}；未登录 401/403，非运营人员/领导 403。"
    ),
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def monthly_report_api(request):
    from . import access, monthly_report
    from .views.stats import MONTHLY_FORMATS, monthly_report_response

    if not access.may_see_monthly_report(request.user):
        raise PermissionDenied("仅运营人员和领导可查看月度统计报告。")
    output = request.query_params.get("output", "json")
    if output != "json" and output not in MONTHLY_FORMATS:
        return Response({"error": {"fields": {"output": ["格式应为 json、pdf 或 xlsx。"]}}}, status=400)
    try:
        month = monthly_report.parse_month(request.query_params.get("month"))
    except ValueError as err:
        return Response({"error": {"fields": {"month": [str(err)]}}}, status=400)
    if output != "json":
        return monthly_report_response(request, month_param=f"{month:%Y-%m}", output=output)
    report = monthly_report.build(month)
    return Response(
        {
            "month": f"{month:%Y-%m}",
            "as_of": report.as_of.isoformat(),
            "unit": "万元",
            "periods": {k: [s.isoformat(), e.isoformat()] for k, (s, e) in report.periods.items()},
            "total": _row_json(report.total),
            "sections": [
                {"code": code, "label": label, "rows": [_row_json(r) for r in rows]}
                for code, label, rows in report.sections
            ],
            "targets": [
                {
                    "indicator": t.indicator,
                    "measure": t.measure,
                    "year": t.year,
                    "comparator": t.comparator,
                    "value_yi": float(t.value),
                    "ytd_yi": float(t.ytd),
                    "percent": float(t.percent) if t.percent is not None else None,
                    "source": t.source,
                }
                for t in report.targets
            ],
        }
    )


class BrokerViewSet(viewsets.ReadOnlyModelViewSet):
    """技术经纪人名册、业绩排名与工作记录。"""

    serializer_class = BrokerSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filter_backends: list = []
    queryset = (
        Broker.objects.filter(active=True).select_related("user", "organisation").prefetch_related("industry_chains")
    )

    @action(detail=False, methods=["get"])
    def ranking(self, request):
        """Ranking with each broker's measures. Brokers, operators and leaders only (403 otherwise).
        deals_landed is credited by share (co-brokered deals split), turnover in 万元 (技术交易额 ×
        share), response_hours in working hours (Chinese working days, 09:00–12:00 and 13:30–17:30)."""
        from . import access
        from .views.brokers import _period_from

        if not access.may_see_broker_ranking(request.user):
            raise PermissionDenied("经纪人业绩排名仅对技术经纪人、平台运营人员和领导开放。")
        period, start, end, weights = _period_from(request)
        rows = broker_selectors.ranking(start, end, weights)
        return Response(
            {
                "start": start,
                "end": end,
                "period": period.pk if period else None,
                "weights": weights or broker_selectors.DEFAULT_WEIGHTS,
                "rows": [
                    {
                        "rank": r.rank,
                        "broker": r.broker.pk,
                        "name": str(r.broker),
                        "deals_landed": r.deals_landed,
                        "turnover": float(r.turnover),
                        "enterprises": r.enterprises,
                        "achievements": r.achievements,
                        "response_hours": r.response_hours,
                        "fees": float(r.fees),
                        "rating": r.rating,
                        "score": r.score,
                    }
                    for r in rows
                ],
            }
        )

    @extend_schema(methods=["POST"], request=WorkLogSerializer, responses=WorkLogSerializer)
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[permissions.IsAuthenticated],
        parser_classes=[JSONParser, MultiPartParser, FormParser],
    )
    def worklogs(self, request, pk=None):
        broker = self.get_object()
        if request.user.pk != broker.user_id and not request.user.has_role("operator"):
            raise PermissionDenied("只有经纪人本人和平台运营人员可以查看或填写工作记录。")
        if request.method == "POST":
            body = WorkLogSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            log = broker_services.worklog_add(broker=broker, by=request.user, **body.validated_data)
            return Response(WorkLogSerializer(log).data, status=status.HTTP_201_CREATED)
        return Response(WorkLogSerializer(WorkLog.objects.filter(broker=broker)[:200], many=True).data)
