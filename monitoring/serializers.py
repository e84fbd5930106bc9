from rest_framework import serializers

from .models import Indicator, LedgerProgress, LedgerTask, Observation, ObservationRevision, PeriodType, Target


class TargetSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.title")

    class Meta:
        model = Target
        fields = ["plan", "section", "year", "value", "comparator", "baseline_value", "baseline_year", "quote"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    latest = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "definition",
            "direction",
            "aggregation",
            "owner_department",
            "source",
            "metric_code",
            "targets",
            "latest",
        ]

    def get_latest(self, obj) -> dict | None:
        latest = max(obj.observations.all(), key=lambda o: o.period_end, default=None)
        if latest is None:
            return None
        return {"period_type": latest.period_type, "period_label": latest.period_label, "value": str(latest.value)}


class RevisionSerializer(serializers.ModelSerializer):
    changed_by = serializers.StringRelatedField()

    class Meta:
        model = ObservationRevision
        fields = ["previous_value", "new_value", "reason", "changed_by", "changed_at"]


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    reporter = serializers.StringRelatedField(read_only=True)
    revisions = RevisionSerializer(many=True, read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)
    period_type = serializers.ChoiceField(choices=PeriodType.choices)

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "period_type",
            "period_start",
            "period_end",
            "period_label",
            "value",
            "source",
            "breakdown",
            "evidence",
            "reporter",
            "revisions",
            "reason",
            "updated_at",
        ]
        read_only_fields = ["period_label", "source", "breakdown", "reporter", "revisions", "updated_at"]
        extra_kwargs = {"period_end": {"required": False}}
        validators = []  # the service decides whether a second value for a period is a revision


class ObservationReviseSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=18, decimal_places=4)
    reason = serializers.CharField()
    evidence = serializers.CharField(required=False, allow_blank=True)


class ProgressSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = LedgerProgress
        fields = ["id", "date", "amount", "note", "evidence", "by", "created_at"]
        read_only_fields = ["by", "created_at"]
        extra_kwargs = {"date": {"required": False}}


class LedgerTaskSerializer(serializers.ModelSerializer):
    plan = serializers.CharField(source="plan.title")
    progress = ProgressSerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    closed_by = serializers.StringRelatedField()
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    co_units = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    assignee = serializers.StringRelatedField()
    proposed_by = serializers.StringRelatedField()

    class Meta:
        model = LedgerTask
        fields = [
            "id",
            "code",
            "title",
            "plan",
            "section",
            "quote",
            "owner_department",
            "recurrence",
            "year",
            "deadline",
            "goal_value",
            "goal_unit",
            "indicator",
            "status",
            "is_overdue",
            "closed_by",
            "closed_at",
            "close_note",
            "lead_unit",
            "co_units",
            "unit_source",
            "assignee",
            "report_due",
            "metric_code",
            "metric_value",
            "proposed_by",
            "proposed_by_platform",
            "proposed_at",
            "progress",
        ]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()
