"""REST API of the programme engine, on the same access rules and services as the pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import access, selectors
from .models import Assignment, Entry, Event
from .serializers import (
    AnswerSerializer,
    CallSerializer,
    EntryCreateSerializer,
    EntrySerializer,
    EntryUpdateSerializer,
    EventRegisterSerializer,
    EventSerializer,
    ProgrammeTransitionSerializer,
    ScoreInputSerializer,
    StatisticsSerializer,
)
from .services import calls as call_services
from .services import entries as entry_services
from .services import events as event_services
from .services import reviews as review_services


class CallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """项目征集（揭榜挂帅、路演、首发应用场景评选、项目资助、机会清单、场景清单）。草稿仅运营人员可见。"""

    serializer_class = CallSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.call_list(
            self.request.user, kind=self.request.query_params.get("kind") or None
        ).prefetch_related("criteria", "items", "milestones")

    @extend_schema(request=ProgrammeTransitionSerializer, responses=CallSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def transition(self, request, pk=None):
        """Move the call along its stages (publish, close_entries, publicise, publish_results, start_race, finish, cancel)."""
        body = ProgrammeTransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call = call_services.call_transition(call=self.get_object(), by=request.user, **body.validated_data)
        return Response(CallSerializer(call, context={"request": request}).data)

    @extend_schema(responses=StatisticsSerializer)
    @action(detail=True, methods=["get"])
    def statistics(self, request, pk=None):
        """Public participation counts (joined, submitted, fields); 404 when the call does not publish them."""
        stats = selectors.call_statistics(self.get_object())
        if stats is None:
            raise Http404
        return Response({**stats, "fields": [[str(name), n] for name, n in stats["fields"]]})

    @extend_schema(responses=EntrySerializer(many=True))
    @action(detail=True, methods=["get"])
    def entries(self, request, pk=None):
        """Entries the caller may read; ordered by result only once results are visible to the caller."""
        call = self.get_object()
        qs = selectors.results(call, request.user)
        return Response(EntrySerializer(qs, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses={201: None})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def draw(self, request, pk=None):
        """Draw reviewers under avoidance (managers); returns the seed and the drawn expert ids."""
        result = review_services.draw_reviewers(call=self.get_object(), by=request.user)
        return Response({"draw": result.pk, "seed": result.seed, "drawn": result.drawn}, status=status.HTTP_201_CREATED)


class EntryViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """申报：申报机构成员、项目管理人和已接受邀请的评审专家可见；结果公布后入选项目公开。"""

    serializer_class = EntrySerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return Entry.objects.select_related("call", "entrant_org")

    def get_object(self):
        entry = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not access.can_read_entry(self.request.user, entry):
            raise Http404
        return entry

    @extend_schema(request=EntryCreateSerializer, responses={201: EntrySerializer})
    def create(self, request):
        body = EntryCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        call = data.pop("call")
        if not access.calls_visible_to(request.user).filter(pk=call.pk).exists():
            raise Http404
        submit = data.pop("submit", False)
        entry = entry_services.entry_start(call=call, by=request.user, submit=submit, **data)
        return Response(EntrySerializer(entry, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EntryUpdateSerializer, responses=EntrySerializer)
    def partial_update(self, request, pk=None):
        """Edit a draft or submitted entry until the deadline (entrant's members only); all or nothing."""
        body = EntryUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        entry = entry_services.entry_update(entry=self.get_object(), by=request.user, **body.validated_data)
        return Response(EntrySerializer(entry, context={"request": request}).data)

    @extend_schema(request=None, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        entry = entry_services.entry_submit(entry=self.get_object(), by=request.user)
        return Response(EntrySerializer(entry, context={"request": request}).data)

    @extend_schema(request=None, responses=EntrySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        entry = entry_services.entry_withdraw(entry=self.get_object(), by=request.user)
        return Response(EntrySerializer(entry, context={"request": request}).data)

    @extend_schema(request=ScoreInputSerializer, responses={200: None})
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        """A reviewer's scores on the whole rubric (all or nothing)."""
        body = ScoreInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        saved = review_services.entry_score(entry=self.get_object(), by=request.user, **body.validated_data)
        return Response({"saved": len(saved)})


class AssignmentViewSet(viewsets.GenericViewSet):
    """The caller's review invitations: accept or decline (a decline draws a replacement)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = AnswerSerializer
    queryset = Assignment.objects.none()  # for the schema; get_queryset narrows to the caller's own
    filter_backends: list = []

    def get_queryset(self):
        return Assignment.objects.filter(expert__user=self.request.user)

    @extend_schema(responses={200: None})
    def list(self, request):
        rows = self.get_queryset().select_related("call")
        return Response([{"id": a.pk, "call": a.call_id, "call_title": a.call.title, "status": a.status} for a in rows])

    @extend_schema(request=AnswerSerializer, responses={200: None})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        assignment = review_services.assignment_answer(
            assignment=get_object_or_404(self.get_queryset(), pk=pk),
            by=request.user,
            accept=body.validated_data["accept"],
        )
        return Response({"id": assignment.pk, "status": assignment.status})


class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Published events; registration enforces capacity, then a waiting list."""

    serializer_class = EventSerializer
    queryset = Event.objects.filter(published=True).order_by("-starts_at")
    filter_backends: list = []

    @extend_schema(request=EventRegisterSerializer, responses={201: None})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def register(self, request, pk=None):
        body = EventRegisterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        registration = event_services.event_register(event=self.get_object(), by=request.user, **body.validated_data)
        return Response({"id": registration.pk, "status": registration.status}, status=status.HTTP_201_CREATED)
