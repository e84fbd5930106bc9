"""REST endpoints of the governance rhythm (mounted under /api/v1/monitoring/): responsible units,
meetings with their unit scores, and the per-mu evaluation. Read-only; writes go through the pages'
services. Leaders and operators read everything, reviewers the units and meetings."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .access import IsLeader, LedgerAccess
from .models import Meeting, ResponsibleUnit, UnitScore
from .services import permu


class UnitSerializer(serializers.ModelSerializer):
    members = serializers.SerializerMethodField()

    class Meta:
        model = ResponsibleUnit
        fields = ["id", "code", "name", "kind", "new_city", "source", "members"]

    def get_members(self, unit) -> list[dict]:
        return [{"name": str(m.user), "title": m.title, "is_head": m.is_head} for m in unit.memberships.all()]


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Responsible units (新区部门、新城) with their people; ``source`` cites the plan passage."""

    permission_classes = [LedgerAccess]
    serializer_class = UnitSerializer
    queryset = ResponsibleUnit.objects.filter(is_active=True).prefetch_related("memberships__user")
    lookup_field = "code"


class UnitScoreSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = UnitScore
        fields = ["unit", "score", "grade", "detail"]


class MeetingSerializer(serializers.ModelSerializer):
    scores = UnitScoreSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "period_label",
            "period_start",
            "period_end",
            "status",
            "held_on",
            "minutes",
            "agenda",
            "scores",
            "actions",
        ]

    def get_actions(self, meeting) -> list[dict]:
        return [
            {"text": a.text, "unit": str(a.unit or ""), "due": a.due, "status": a.status, "done_note": a.done_note}
            for a in meeting.actions.all()
        ]


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Rhythm records: ``kind`` weekly | monthly | quarterly | annual. ``agenda`` holds the overdue
    tasks, targets at risk (projected, in the indicator's unit), pending close-outs and open action
    items; ``scores`` the unit scorecards (0–100) with every part in ``detail``."""

    permission_classes = [LedgerAccess]
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.prefetch_related("scores__unit", "actions__unit")

    def get_queryset(self):
        kind = self.request.query_params.get("kind")
        return self.queryset.filter(kind=kind) if kind else self.queryset


class PerMuView(APIView):
    """Per-mu evaluation of one year (seed 002 4.4): ``?year=2025``. Each park: per-mu values
    (万元/亩; energy intensity 吨标准煤/万元 of industrial value added), part scores 0–100, composite,
    grade A–D, rank; ``method`` gives the weights, thresholds and their source. 400 on a bad year."""

    permission_classes = [IsLeader]

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=dict)
    def get(self, request):
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            return Response({"error": {"fields": {"year": ["请给出年度，如 ?year=2025"]}}}, status=400)
        rows = permu.evaluate(year)
        return Response(
            {
                "year": year,
                "method": permu.method(),
                "parks": [
                    {
                        "park": r.park.name,
                        "rank": r.rank,
                        "composite": str(r.composite),
                        "grade": r.grade,
                        "values": {k: str(v) if v is not None else None for k, v in r.values.items()},
                        "scores": {k: str(v) for k, v in r.scores.items()},
                        "missing": r.missing,
                    }
                    for r in rows
                ],
            }
        )
