"""REST API of the hub's network (mounted under /api/v1/network/): the same rules and services
as the pages. Errors follow the platform format {"error": {"code", "message", "fields"}} (core.api).
Sources: seed 000 (一总多区), 001 三(六)2① (西安—咸阳共享库), 三(七)2② (载体), 三(一)1④ (典型案例)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from . import access, selectors, services
from .models import SubMarket
from .serializers import (
    CarrierReportSerializer,
    CarrierSerializer,
    CaseSerializer,
    JointRecordSerializer,
    ProductSerializer,
    ProjectSerializer,
    ReportTransitionSerializer,
    ServiceAgencySerializer,
    SubMarketSerializer,
    SubMarketStatsSerializer,
)


class SubMarketViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The sub-markets of the general window (一总多区): one per city, with its region."""

    serializer_class = SubMarketSerializer
    lookup_field = "code"
    queryset = SubMarket.objects.filter(active=True).select_related("region")


@extend_schema(responses=SubMarketStatsSerializer(many=True))
@api_view(["GET"])
def statistics_api(request):
    """Statistics by sub-market: published records per library (件) homed in each sub-market's
    region (the record's region, else its owner's), carriers (家), agencies (家), cases (项);
    pending counts only for the general window and the sub-market's own operators."""
    return Response(SubMarketStatsSerializer(selectors.statistics(user=request.user), many=True).data)


@extend_schema(
    parameters=[OpenApiParameter("lib", str, enum=list(selectors.JOINT_LIBRARIES)), OpenApiParameter("m", str)],
    responses=JointRecordSerializer(many=True),
)
@api_view(["GET"])
def joint_api(request):
    """The joint Xi'an–Xianyang library (001 三(六)2①): published achievements or demands of both
    sub-markets, each record kept once in its own sub-market (``submarket``). 100 newest.
    400 when ``lib`` is not achievements or demands."""
    from rest_framework.exceptions import ValidationError

    library = request.query_params.get("lib", "demands")
    if library not in selectors.JOINT_LIBRARIES:
        raise ValidationError({"lib": ["只能是 achievements 或 demands。"]})
    markets = selectors.joint_markets()
    chosen = next((m for m in markets if m.code == request.query_params.get("m")), None)
    records = list(selectors.joint_records(user=request.user, library=library, submarket=chosen)[:100])
    for record in records:
        record.home_market = selectors.home_submarket(record, markets)
    return Response(JointRecordSerializer(records, many=True).data)


class CarrierViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Carriers registry (incubators … 飞地). Filters: ``kind``, ``level``, ``region`` (code).
    ``reports``: accepted yearly reports (all of them for the carrier's members and reviewers);
    POST ``reports`` files (or updates) a draft; ``report_transition`` submits / accepts / returns."""

    serializer_class = CarrierSerializer

    def get_queryset(self):
        return selectors.carrier_list(self.request.query_params)

    @extend_schema(request=CarrierReportSerializer, responses=CarrierReportSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
    def reports(self, request, pk=None):
        carrier = self.get_object()
        if request.method == "POST":
            body = CarrierReportSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            report = services.report_save(carrier=carrier, by=request.user, **body.validated_data)
            return Response(CarrierReportSerializer(report).data, status=201)
        qs = carrier.reports.all()
        if not (access.can_file_report(request.user, carrier) or access.can_review_carrier(request.user, carrier)):
            qs = qs.filter(status="accepted")
        return Response(CarrierReportSerializer(qs, many=True).data)

    @extend_schema(
        request=ReportTransitionSerializer,
        responses=CarrierReportSerializer,
        parameters=[OpenApiParameter("report", int, required=True)],
    )
    @action(
        detail=True, methods=["post"], url_path="report-transition", permission_classes=[permissions.IsAuthenticated]
    )
    def report_transition(self, request, pk=None):
        carrier = self.get_object()
        report = get_object_or_404(carrier.reports, pk=request.query_params.get("report") or request.data.get("report"))
        if not (access.can_file_report(request.user, carrier) or access.can_review_carrier(request.user, carrier)):
            raise PermissionDenied("您无权处理该载体的年度报告。")
        body = ReportTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = services.report_transition(report=report, by=request.user, **body.validated_data)
        return Response(CarrierReportSerializer(report).data)


class AgencyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Service agencies directory with their service catalogue and clients' average rating.
    Filters: ``kind``, ``legal=1`` (public legal service)."""

    serializer_class = ServiceAgencySerializer

    def get_queryset(self):
        return selectors.agency_list(self.request.query_params).prefetch_related("services")


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published typical cases. Filters: ``mechanism``, ``year``."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        return selectors.published_cases(self.request.query_params)


class ProjectViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The project library (项目库, 002 7.1): plan projects with applicant, programme, budget (万元),
    dates and acceptance result. Filter: ``acceptance``. Research-credit records are not in the
    API (operators and the recorded organisation only, on the page)."""

    serializer_class = ProjectSerializer

    def get_queryset(self):
        from .models import Project

        qs = Project.objects.select_related("applicant")
        if self.request.query_params.get("acceptance"):
            qs = qs.filter(acceptance=self.request.query_params["acceptance"])
        return qs


class ProductViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The product library (产品库): new technology products and 首台（套） equipment with the
    recognition and the subsidy claimed (万元, 001 三(三)4⑤), the enterprise and its patents
    (publication numbers). Filter: ``kind``."""

    serializer_class = ProductSerializer

    def get_queryset(self):
        from .models import Product

        qs = Product.objects.select_related("enterprise").prefetch_related("patents")
        if self.request.query_params.get("kind"):
            qs = qs.filter(kind=self.request.query_params["kind"])
        return qs
