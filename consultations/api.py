"""REST API of consultations (咨询/留言); every endpoint needs a signed-in user.

GET  /api/v1/consultations/?side=asked|received[&moderation=1]  my threads (operators: every one with moderation=1)
POST /api/v1/consultations/ {"record": "catalog.expert:12", "body": "…"}  201 thread; 400 {"record"|"body"|"detail"}; 429 over the rate
GET  /api/v1/consultations/{id}/                                 thread with messages (marks it read for my side)
POST /api/v1/consultations/{id}/reply/ {"body": "…"}              201 message; 403 not a side; 400 closed/empty; 429 (asker) over the rate
POST /api/v1/consultations/{id}/close/                            200 thread
GET  /api/v1/consultations/unread-count/                          {"unread": n} threads with unread messages (件)
A thread the caller may not read answers 404, exactly like one that does not exist.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import records
from core.audit import audit

from . import access, selectors, services, throttles
from .models import Thread
from .serializers import (
    ConsultationMessageSerializer,
    ConsultationOpenSerializer,
    ConsultationReplySerializer,
    ConsultationThreadDetailSerializer,
    ConsultationThreadSerializer,
)


def _drf_error(exc: ValidationError):
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"detail": exc.messages})


@extend_schema(
    parameters=[
        OpenApiParameter(
            "side", OpenApiTypes.STR, enum=["asked", "received"], description="asked: I asked; received: I answer"
        ),
        OpenApiParameter("moderation", OpenApiTypes.BOOL, description="operators: every thread"),
    ]
)
class ThreadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ConsultationThreadSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Thread.objects.none()
        p = self.request.query_params
        side = p.get("side", "")
        return selectors.threads_for(
            self.request.user,
            side=side if side in ("asked", "received") else "",
            moderation=p.get("moderation") in ("1", "true"),
        )

    def get_object(self):
        thread = Thread.objects.select_related("owner_org", "owner_user", "asker").filter(pk=self.kwargs["pk"]).first()
        if thread is None or not access.can_read(self.request.user, thread):
            raise exceptions.NotFound()
        return thread

    def get_serializer_class(self):
        return ConsultationThreadDetailSerializer if self.action == "retrieve" else ConsultationThreadSerializer

    def retrieve(self, request, *args, **kwargs):
        thread = self.get_object()
        services.mark_read(thread=thread, user=request.user)
        if access.is_moderating(request.user, thread):
            audit(actor=request.user, action="consultations.moderation_read", target=thread, request=request)
        return Response(ConsultationThreadDetailSerializer(thread).data)

    def _throttle(self, request):
        if not throttles.allow(request):
            raise exceptions.Throttled()

    @extend_schema(request=ConsultationOpenSerializer, responses={201: ConsultationThreadDetailSerializer})
    def create(self, request):
        """Open a consultation about a record; the answering side is notified."""
        body = ConsultationOpenSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = records.resolve(body.validated_data["record"], request.user)
        if record is None:
            raise exceptions.ValidationError({"record": ["not found or not visible"]})
        self._throttle(request)
        try:
            thread = services.consultation_open(user=request.user, record=record, body=body.validated_data["body"])
        except ValidationError as exc:
            raise _drf_error(exc) from None
        return Response(ConsultationThreadDetailSerializer(thread).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsultationReplySerializer, responses={201: ConsultationMessageSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """Write in the thread (asker: follow-up, rate-limited; answering side: answer)."""
        thread = self.get_object()
        body = ConsultationReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if access.is_asker(request.user, thread):
            self._throttle(request)
        try:
            message = services.consultation_reply(thread=thread, user=request.user, body=body.validated_data["body"])
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        except ValidationError as exc:
            raise _drf_error(exc) from None
        return Response(ConsultationMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ConsultationThreadSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """End the thread (either side)."""
        thread = self.get_object()
        try:
            services.consultation_close(thread=thread, user=request.user)
        except DjangoPermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from None
        return Response(ConsultationThreadSerializer(thread).data)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        """{"unread": n}: my threads with a message my side has not read."""
        return Response({"unread": selectors.unread_count(request.user)})
