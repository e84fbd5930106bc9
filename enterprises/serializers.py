from rest_framework import serializers

from .models import AnnualReport, Demonstration, Platform, PointsRun, PointsScore, PoolProposal, Qualification


class QualificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Qualification
        fields = [
            "id",
            "kind",
            "kind_label",
            "number",
            "issuer",
            "level",
            "issued_on",
            "expires_on",
            "board",
            "stock_code",
            "status",
            "review_note",
            "reviewed_at",
        ]
        read_only_fields = ["status", "review_note", "reviewed_at"]


class ReportSerializer(serializers.ModelSerializer):
    """Annual figures (年报). Units: staff and rd_staff in 人, money in 万元."""

    class Meta:
        model = AnnualReport
        fields = [
            "id",
            "year",
            "staff",
            "rd_staff",
            "revenue",
            "net_profit",
            "rd_expenditure",
            "tax",
            "exports",
            "financing",
            "source",
            "status",
            "review_note",
            "reviewed_at",
        ]
        read_only_fields = ["source", "status", "review_note", "reviewed_at"]


class ReportInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    staff = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    rd_staff = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    revenue = serializers.DecimalField(14, 2, required=False, allow_null=True)
    net_profit = serializers.DecimalField(14, 2, required=False, allow_null=True)
    rd_expenditure = serializers.DecimalField(14, 2, required=False, allow_null=True)
    tax = serializers.DecimalField(14, 2, required=False, allow_null=True)
    exports = serializers.DecimalField(14, 2, required=False, allow_null=True)
    financing = serializers.DecimalField(14, 2, required=False, allow_null=True)


class ReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class PlatformSerializer(serializers.ModelSerializer):
    class Meta:
        model = Platform
        fields = ["kind", "name", "partners", "built_on"]


class DemonstrationSerializer(serializers.ModelSerializer):
    organisation_id = serializers.IntegerField(source="profile.organisation_id")
    organisation = serializers.CharField(source="profile.organisation.name")
    platforms = PlatformSerializer(source="profile.platforms", many=True)

    class Meta:
        model = Demonstration
        fields = ["organisation_id", "organisation", "designated_on", "reason", "platforms"]


class PointsRunSerializer(serializers.ModelSerializer):
    model = serializers.CharField(source="model.code")

    class Meta:
        model = PointsRun
        fields = ["id", "year", "model", "status", "scored", "created_at", "published_at"]


class ScoreSerializer(serializers.ModelSerializer):
    """One enterprise's points (0-100), rank, percentile (% of scored firms ranked above), grade, breakdown."""

    organisation_id = serializers.IntegerField(source="profile.organisation_id")
    organisation = serializers.CharField(source="profile.organisation.name")
    year = serializers.IntegerField(source="run.year")
    model = serializers.CharField(source="run.model.code")

    class Meta:
        model = PointsScore
        fields = [
            "organisation_id",
            "organisation",
            "year",
            "model",
            "stage",
            "total",
            "rank",
            "percentile",
            "grade",
            "breakdown",
        ]


class ProposalSerializer(serializers.ModelSerializer):
    tier = serializers.CharField(source="tier.code")
    organisation_id = serializers.IntegerField(source="profile.organisation_id")
    organisation = serializers.CharField(source="profile.organisation.name")

    class Meta:
        model = PoolProposal
        fields = [
            "id",
            "tier",
            "organisation_id",
            "organisation",
            "year",
            "action",
            "reasons",
            "status",
            "decision_note",
            "decided_at",
        ]


class DecideSerializer(serializers.Serializer):
    confirm = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)
