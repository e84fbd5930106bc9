"""REST API for instrument sharing: the same access rules and services as the pages.

Errors follow the platform format {"error": {"code", "message", "fields"}} (core.api)."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import Organisation
from catalog.models import Instrument

from . import access, selectors
from .models import SharingProfile, VoucherBatch
from .serializers import (
    BookingActionSerializer,
    BookingCreateSerializer,
    BookingSerializer,
    BusySlotSerializer,
    OrderActionSerializer,
    RedeemSerializer,
    RedemptionSerializer,
    ServiceOrderSerializer,
    SharingProfileSerializer,
    UtilisationRowSerializer,
    VoucherSerializer,
)
from .services import bookings as booking_services
from .services import orders as order_services
from .services import vouchers as voucher_services
from .views.money import _period


class SharingProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """可预约仪器：收费标准（元）、开放时段与预约规则。按仪器编号查询。"""

    serializer_class = SharingProfileSerializer
    lookup_field = "instrument"
    filter_backends: list = []

    def get_queryset(self):
        visible = Instrument.objects.visible_to(self.request.user).values("pk")
        return (
            SharingProfile.objects.filter(instrument__in=visible, bookable=True)
            .select_related("instrument")
            .prefetch_related("prices", "hours")
            .order_by("pk")  # stable pages
        )

    @extend_schema(
        parameters=[OpenApiParameter("week", str, description="该周任一日期 YYYY-MM-DD，默认本周")],
        responses=BusySlotSerializer(many=True),
    )
    @action(detail=True)
    def busy(self, request, instrument=None):
        """The week's occupied spans, without who booked them (visible to anyone who may see the instrument)."""
        profile = self.get_object()
        try:
            day = dt.date.fromisoformat(request.query_params.get("week", ""))
        except ValueError:
            day = timezone.localdate()
        monday = day - dt.timedelta(days=day.weekday())
        slots = [s for d in selectors.week_calendar(profile.instrument, request.user, monday) for s in d["slots"]]
        return Response(BusySlotSerializer(slots, many=True).data)


class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """仪器预约：仅预约单位、仪器所属机构及审批人员、平台运营人员可见。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BookingSerializer
    filter_backends: list = []

    def get_queryset(self):
        return access.bookings_visible_to(self.request.user).order_by("-start")

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request):
        body = BookingCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        instrument = get_object_or_404(Instrument.objects.visible_to(request.user), pk=data["instrument"])
        organisation = Organisation.objects.filter(pk=data["organisation"]).first()
        if organisation is None:
            raise ValidationError({"organisation": ["机构不存在。"]})
        booking = booking_services.booking_request(
            instrument=instrument,
            by=request.user,
            organisation=organisation,
            start=data["start"],
            end=data["end"],
            purpose=data["purpose"],
            samples_planned=data["samples_planned"],
        )
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="sharing_booking_step",
        request=BookingActionSerializer,
        responses=BookingSerializer,
        parameters=[
            OpenApiParameter("step", str, OpenApiParameter.PATH, enum=["approve", "refuse", "cancel", "use", "confirm"])
        ],
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>approve|refuse|cancel|use|confirm)")
    def step(self, request, pk=None, step=None):
        booking = self.get_object()
        body = BookingActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if step in ("approve", "refuse"):
            booking = booking_services.booking_decide(
                booking=booking, by=request.user, approve=step == "approve", reason=data["reason"]
            )
        elif step == "cancel":
            booking = booking_services.booking_cancel(booking=booking, by=request.user, reason=data["reason"])
        elif step == "use":
            booking = booking_services.booking_record_use(
                booking=booking,
                by=request.user,
                hours=data.get("hours"),
                samples=data.get("samples"),
                days=data.get("days"),
            )
        else:
            booking = booking_services.booking_confirm(booking=booking, by=request.user)
        return Response(BookingSerializer(booking).data)


class VoucherViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """科技创新券：持券企业可见本单位的券；平台运营人员可见全部。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = VoucherSerializer
    filter_backends: list = []

    def get_queryset(self):
        return access.vouchers_visible_to(self.request.user)

    @extend_schema(request=RedeemSerializer, responses={201: RedemptionSerializer})
    @action(detail=True, methods=["post"])
    def redeem(self, request, pk=None):
        """Pay a confirmed fee (a booking or a service order) with this voucher; amount in 元, default the most allowed."""
        voucher = self.get_object()
        body = RedeemSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        booking = order = None
        if data.get("booking"):
            booking = get_object_or_404(access.bookings_visible_to(request.user), pk=data["booking"])
        if data.get("service_order"):
            order = get_object_or_404(access.orders_visible_to(request.user), pk=data["service_order"])
        redemption = voucher_services.voucher_redeem(
            voucher=voucher, by=request.user, booking=booking, order=order, amount=data.get("amount")
        )
        return Response(RedemptionSerializer(redemption).data, status=status.HTTP_201_CREATED)


class ServiceOrderViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """检测与实验外包订单：仅委托单位、服务机构和平台运营人员可见。"""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ServiceOrderSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends: list = []

    def get_queryset(self):
        return access.orders_visible_to(self.request.user)

    @extend_schema(request=ServiceOrderSerializer, responses={201: ServiceOrderSerializer})
    def create(self, request):
        body = ServiceOrderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        order = order_services.order_request(
            by=request.user,
            organisation=data["organisation"],
            provider=data["provider"],
            title=data["title"],
            samples=data["samples"],
            requirements=data["requirements"],
            sample_count=data.get("sample_count", 1),
            instrument=data.get("instrument"),
        )
        return Response(ServiceOrderSerializer(order).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="sharing_order_step",
        request=OrderActionSerializer,
        responses=ServiceOrderSerializer,
        parameters=[
            OpenApiParameter(
                "step", str, OpenApiParameter.PATH, enum=["quote", "accept", "refuse", "decline", "deliver", "rate"]
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>quote|accept|refuse|decline|deliver|rate)")
    def step(self, request, pk=None, step=None):
        order = self.get_object()
        body = OrderActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data, user = body.validated_data, request.user
        if step == "quote":
            if data.get("amount") is None:
                raise ValidationError({"amount": ["请填写报价。"]})
            order = order_services.order_quote(
                order=order, by=user, amount=data["amount"], due_on=data.get("due_on"), note=data["note"]
            )
        elif step in ("accept", "refuse"):
            order = order_services.order_answer(order=order, by=user, accept=step == "accept", reason=data["reason"])
        elif step == "decline":
            order = order_services.order_decline(order=order, by=user, reason=data["reason"])
        elif step == "deliver":
            order = order_services.order_deliver(order=order, by=user, report=data.get("report"))
        else:
            order = order_services.order_rate(order=order, by=user, rating=data.get("rating"), comment=data["comment"])
        return Response(ServiceOrderSerializer(order).data)


@extend_schema(responses={200: {"type": "object"}})
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def batch_reconciliation_api(request, pk: int):
    """A voucher batch's reconciliation in 元 (operators only): issued, redeemed, settled, returned, outstanding."""
    if not access.is_operator(request.user):
        raise PermissionDenied("只有平台运营人员可以查看对账。")
    report = voucher_services.batch_reconciliation(get_object_or_404(VoucherBatch, pk=pk))
    return Response(
        {k: (str(v) if not isinstance(v, (bool, int, list)) else v) for k, v in report.items() if k != "providers"}
        | {"providers": [{k: str(v) for k, v in p.items()} for p in report["providers"]]}
    )


@extend_schema(
    parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
    responses=UtilisationRowSerializer(many=True),
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def utilisation_api(request):
    """Utilisation per instrument: operators see all instruments, others their own organisations' only."""
    start, end = _period(request)
    owner_ids = None if access.is_operator(request.user) else request.user.organisation_ids()
    return Response(UtilisationRowSerializer(selectors.utilisation(start, end, owner_ids=owner_ids), many=True).data)
