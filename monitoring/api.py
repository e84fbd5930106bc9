"""REST endpoints for indicators, observations and ledger tasks: leaders and operators read,
operators write, reviewers close tasks. Writes go through the same services as the pages."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .access import IsLeader, LedgerAccess
from .models import Indicator, LedgerTask, Observation, Target
from .serializers import (
    IndicatorSerializer,
    LedgerTaskSerializer,
    NoteSerializer,
    ObservationReviseSerializer,
    ObservationSerializer,
    ProgressSerializer,
    ReasonSerializer,
)


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """Indicators with their plan targets and latest value."""

    permission_classes = [IsLeader]
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    filterset_fields = ["source"]
    queryset = Indicator.objects.filter(is_active=True).prefetch_related(
        Prefetch("targets", queryset=Target.objects.select_related("plan")), "observations"
    )


class ObservationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Observed values; operators report values of reported indicators (a second value for the same
    period is a revision and needs ``reason``)."""

    permission_classes = [IsLeader]
    serializer_class = ObservationSerializer
    filterset_fields = {
        "indicator__code": ["exact"],
        "period_type": ["exact"],
        "source": ["exact"],
        "period_end": ["gte", "lte"],
    }

    def get_queryset(self):
        return Observation.objects.select_related("indicator", "reporter").prefetch_related("revisions__changed_by")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        observation = services.observation_report(
            indicator=data["indicator"],
            by=request.user,
            period_type=data["period_type"],
            period_start=data["period_start"],
            period_end=data.get("period_end"),
            value=data["value"],
            evidence=data.get("evidence", ""),
            reason=data.get("reason", ""),
        )
        return Response(
            self.get_serializer(self.get_queryset().get(pk=observation.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ObservationReviseSerializer, responses=ObservationSerializer)
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        payload = ObservationReviseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        observation = services.observation_revise(
            observation=self.get_object(), by=request.user, **payload.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=observation.pk)).data)


class LedgerTaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Ledger tasks; filter with ?status=open|in_progress|pending|closed|overdue|due_soon, ?department=, ?year=.
    Close-out is two-person: ``close`` proposes (status ``pending``), ``confirm`` by someone else closes."""

    permission_classes = [LedgerAccess]
    serializer_class = LedgerTaskSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.ledger_tasks(params=self.request.query_params)

    @extend_schema(request=ProgressSerializer, responses=ProgressSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        payload = ProgressSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        entry = services.ledger_progress_add(task=self.get_object(), by=request.user, **payload.validated_data)
        return Response(ProgressSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=NoteSerializer, responses=LedgerTaskSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.ledger_close(task=self.get_object(), by=request.user, note=payload.validated_data["note"])
        return Response(self.get_serializer(LedgerTask.objects.get(pk=task.pk)).data)

    @extend_schema(request=NoteSerializer, responses=LedgerTaskSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """Second person's confirmation of a proposed close-out (销号复核, seed 001 四（三）"销号制落实").
        400 ``{"error": {"fields": {"task": ...}}}`` when the task is not pending or the confirmer
        proposed it; 403 for users who are not reviewers or operators."""
        note = str(request.data.get("note", "")) if hasattr(request.data, "get") else ""
        task = services.ledger_confirm(task=self.get_object(), by=request.user, note=note)
        return Response(self.get_serializer(LedgerTask.objects.get(pk=task.pk)).data)

    @extend_schema(request=ReasonSerializer, responses=LedgerTaskSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        task = services.ledger_reopen(task=self.get_object(), by=request.user, reason=payload.validated_data["reason"])
        return Response(self.get_serializer(LedgerTask.objects.get(pk=task.pk)).data)
