"""API shapes of the programme engine. Entry results (score, rank) are filled only for viewers
allowed to see them (access.can_see_result_of); single reviewers' scores are never in these shapes."""

from rest_framework import serializers

from . import access
from .models import Call, Criterion, Entry, Event, ListItem, Milestone


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "order", "name", "description", "weight", "max_score"]


class ListItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ListItem
        fields = ["id", "number", "category", "title", "description"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "order", "title", "due_on", "target"]


class CallSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)
    items = ListItemSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    owner_org_name = serializers.CharField(source="owner_org.name", default="", read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "kind",
            "title",
            "summary",
            "body",
            "stage",
            "year",
            "owner_org_name",
            "opens_at",
            "closes_at",
            "publicity_ends_at",
            "published_at",
            "results_at",
            "eligible_org_kinds",
            "verified_only",
            "max_entries_per_org",
            "entry_form",
            "attachment_required",
            "reviewers_per_call",
            "min_enterprise_reviewer_pct",
            "trim_min_reviewers",
            "disagreement_points",
            "tie_break",
            "places",
            "is_bottleneck",
            "problem",
            "targets",
            "ip_terms",
            "time_limit_months",
            "budget_wan",
            "award_wan",
            "race",
            "event_at",
            "place",
            "online",
            "theme",
            "criteria",
            "items",
            "milestones",
        ]


class EntrySerializer(serializers.ModelSerializer):
    entrant_org_name = serializers.CharField(source="entrant_org.name", read_only=True)
    final_score = serializers.SerializerMethodField()
    rank = serializers.SerializerMethodField()
    award_wan = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = [
            "id",
            "call",
            "entrant_org_name",
            "team_name",
            "item_type",
            "list_item",
            "title",
            "summary",
            "answers",
            "amount_requested_wan",
            "status",
            "submitted_at",
            "final_score",
            "rank",
            "award_wan",
        ]
        read_only_fields = ["status", "submitted_at"]

    def _visible(self, entry) -> bool:
        return access.can_see_result_of(self.context["request"].user, entry)

    def get_final_score(self, entry) -> str | None:
        return str(entry.final_score) if entry.final_score is not None and self._visible(entry) else None

    def get_rank(self, entry) -> int | None:
        return entry.rank if self._visible(entry) else None

    def get_award_wan(self, entry) -> str | None:
        return str(entry.award_wan) if entry.award_wan is not None and self._visible(entry) else None


class EntryCreateSerializer(serializers.Serializer):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all())
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    team_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    item_type = serializers.ChoiceField(choices=Entry._meta.get_field("item_type").choices, required=False)
    list_item = serializers.PrimaryKeyRelatedField(queryset=ListItem.objects.all(), required=False, allow_null=True)
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    amount_requested_wan = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    submit = serializers.BooleanField(required=False, default=False)


class EntryUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    summary = serializers.CharField(required=False)
    team_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    amount_requested_wan = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)


class ProgrammeTransitionSerializer(serializers.Serializer):
    action = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreInputSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=2), help_text="criterion id → score (0..max_score)"
    )
    comments = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class AnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class StatisticsSerializer(serializers.Serializer):
    joined = serializers.IntegerField(help_text="teams that started an entry (件)")
    submitted = serializers.IntegerField(help_text="entries in the call (件)")
    fields = serializers.ListField(child=serializers.ListField(), help_text="[field, n] with small fields merged")


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = Event
        fields = [
            "id",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "online",
            "capacity",
            "registration_closes_at",
            "call",
        ]


class EventRegisterSerializer(serializers.Serializer):
    audience_kind = serializers.ChoiceField(
        choices=["enterprise", "investor", "bank", "research", "other"], default="other"
    )
