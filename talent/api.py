"""REST API of the talent cloud (mounted under /api/v1/talent/). Same access rules and services as
the pages; errors in the platform format {"error": {"code", "message", "fields"}} (core.api).

Source of the rules: seed 001 三(四) (talent registration, points, doctoral board, teams, one-click
services); contact details only after acceptance (DESIGN.md §5)."""

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from . import access, selectors, services
from .models import DemandStatus, ProfileStatus, TalentProfile
from .serializers import (
    ContactCreateSerializer,
    ContactSerializer,
    PlacementSerializer,
    ServiceRequestSerializer,
    TalentDemandSerializer,
    TalentSerializer,
)


def _drf(exc: DjangoValidationError):
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})


class TalentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Verified talents (signed-in users; the caller's own profile in any state). ``phone``/``email``
    are null unless the person accepted the caller's contact request; ``points`` (0-100 分 with the
    breakdown) only for the person and leaders."""

    serializer_class = TalentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return (
            access.profiles_visible_to(self.request.user).prefetch_related("industry_chains").select_related("points")
        )

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        user = self.request.user
        qs = self.filter_queryset(self.get_queryset())
        ids = [self.kwargs["pk"]] if "pk" in self.kwargs else list(qs.values_list("pk", flat=True)[:1000])
        ctx["contact_ids"] = access.contact_visible_ids(user, ids)
        ctx["points_ids"] = (
            set(ids)
            if user.is_leader
            else set(TalentProfile.objects.filter(user=user, pk__in=ids).values_list("pk", flat=True))
        )
        ctx["points_ids"] = {int(i) for i in ctx["points_ids"]}
        return ctx

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"])
    def matches(self, request, pk=None):
        """Talent demands and technical demands matching this person, with reasons (the person only)."""
        profile = get_object_or_404(TalentProfile, pk=pk, user=request.user, status=ProfileStatus.VERIFIED)
        from matching.selectors import matches_for

        return Response([m.as_dict() for m in matches_for(kind="talents", pk=profile.pk, user=request.user)])


class TalentDemandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Talent demands: published ones for everybody, drafts for the owning organisation."""

    serializer_class = TalentDemandSerializer

    def get_queryset(self):
        return access.demands_visible_to(self.request.user)

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsAuthenticated])
    def matches(self, request, pk=None):
        """Matching talents with reasons (the owning organisation and operators). No contact detail
        appears in a match."""
        demand = get_object_or_404(self.get_queryset(), pk=pk, status=DemandStatus.PUBLISHED)
        if not access.can_manage_demand(request.user, demand):
            return Response({"error": {"code": "permission_denied", "message": "无权查看"}}, status=403)
        from matching.selectors import matches_for

        return Response([m.as_dict() for m in matches_for(kind="talent_demands", pk=demand.pk, user=request.user)])


@extend_schema(request=ContactCreateSerializer, responses=ContactSerializer, operation_id="talent_contact_create")
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def contact_create_api(request):
    """Ask a verified talent for contact. 400: unknown/unverified profile, empty message, a request
    already pending; 403: the demand is not the caller's organisation's."""
    data = ContactCreateSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    profile = access.profiles_visible_to(request.user).filter(pk=data.validated_data["profile"]).first()
    if profile is None:
        raise ValidationError({"profile": ["人才不存在。"]})
    demand = None
    if data.validated_data.get("demand"):
        demand = access.demands_visible_to(request.user).filter(pk=data.validated_data["demand"]).first()
        if demand is None:
            raise ValidationError({"demand": ["人才需求不存在。"]})
    try:
        contact = services.contact_request(
            by=request.user, profile=profile, demand=demand, message=data.validated_data["message"]
        )
    except DjangoValidationError as exc:
        raise _drf(exc) from exc
    return Response(ContactSerializer(contact).data, status=201)


@extend_schema(
    operation_id="talent_contact_answer",
    request=None,
    responses=ContactSerializer,
    parameters=[OpenApiParameter("answer", str, OpenApiParameter.PATH, enum=["accept", "decline"])],
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def contact_answer_api(request, pk, answer):
    """The person answers a contact request (accept: the requester then reads the contact details)."""
    contact = get_object_or_404(access.contacts_visible_to(request.user), pk=pk)
    if answer not in ("accept", "decline"):
        raise ValidationError({"action": ["accept 或 decline"]})
    try:
        contact = services.contact_answer(by=request.user, contact=contact, accept=answer == "accept")
    except DjangoValidationError as exc:
        raise _drf(exc) from exc
    return Response(ContactSerializer(contact).data)


@extend_schema(
    request=None,
    responses=PlacementSerializer,
    parameters=[OpenApiParameter("started_on", str, description="到岗日期 YYYY-MM-DD")],
)
@api_view(["POST"])
@permission_classes([permissions.IsAuthenticated])
def placement_api(request, pk):
    """The employer records the placement after an accepted contact (counted per year)."""
    contact = get_object_or_404(access.contacts_visible_to(request.user), pk=pk)
    try:
        started = dt.date.fromisoformat(str(request.data.get("started_on", "")))
    except ValueError as exc:
        raise ValidationError({"started_on": ["日期格式应为 YYYY-MM-DD。"]}) from exc
    try:
        placement = services.placement_record(by=request.user, contact=contact, started_on=started)
    except DjangoValidationError as exc:
        raise _drf(exc) from exc
    return Response(PlacementSerializer(placement).data, status=201)


@extend_schema(responses=None)
@api_view(["GET"])
def map_api(request):
    """Verified talents and placements per Shaanxi prefecture and county (counts, 名). Filters:
    ``chain`` (industry-chain slug), ``category``, ``level``. Aggregates only."""
    data = selectors.map_data(
        chain=request.GET.get("chain", ""), category=request.GET.get("category", ""), level=request.GET.get("level", "")
    )
    return Response(data)


class ServiceRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """One-click talent services: the caller's own requests (operators: all). POST creates one
    (``kind``, ``detail``); the responsible unit is set from the kind."""

    serializer_class = ServiceRequestSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return access.services_visible_to(self.request.user)

    def perform_create(self, serializer):
        try:
            serializer.instance = services.service_request(
                by=self.request.user, kind=serializer.validated_data["kind"], detail=serializer.validated_data["detail"]
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
