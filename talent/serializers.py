from rest_framework import serializers

from .models import ContactRequest, Placement, ServiceRequest, TalentDemand, TalentProfile


class TalentSerializer(serializers.ModelSerializer):
    """A verified talent's summary. ``phone`` and ``email`` are null unless the caller may read them
    (the person, operators, or an accepted contact request)."""

    category_label = serializers.CharField(source="get_category_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    phone = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    points = serializers.SerializerMethodField()
    chains = serializers.SlugRelatedField(source="industry_chains", many=True, read_only=True, slug_field="slug")

    class Meta:
        model = TalentProfile
        fields = [
            "id",
            "name",
            "category",
            "category_label",
            "level",
            "level_label",
            "degree",
            "title_grade",
            "professional_title",
            "fields_of_work",
            "organisation_name",
            "prefecture",
            "county",
            "chains",
            "status",
            "verified_at",
            "phone",
            "email",
            "points",
        ]

    def _readable(self, obj) -> bool:
        return obj.pk in self.context.get("contact_ids", set())

    def get_phone(self, obj) -> str | None:
        return obj.phone if self._readable(obj) else None

    def get_email(self, obj) -> str | None:
        return obj.email if self._readable(obj) else None

    def get_points(self, obj) -> dict | None:
        """{total, breakdown} (0-100 分) for the person and leaders; null for others."""
        if obj.pk not in self.context.get("points_ids", set()):
            return None
        points = getattr(obj, "points", None)
        return {"total": str(points.total), "breakdown": points.breakdown} if points else None


class TalentDemandSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_org.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TalentDemand
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "owner",
            "category",
            "min_level",
            "degree",
            "positions",
            "salary",
            "fields_of_work",
            "description",
            "prefecture",
            "county",
            "deadline",
            "status",
            "published_at",
        ]
        read_only_fields = ["status", "published_at"]


class ContactCreateSerializer(serializers.Serializer):
    profile = serializers.IntegerField()
    demand = serializers.IntegerField(required=False, allow_null=True)
    message = serializers.CharField(max_length=1000)


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactRequest
        fields = ["id", "profile", "demand", "requester_org", "message", "status", "created_at", "answered_at"]


class PlacementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Placement
        fields = ["id", "profile", "organisation", "demand", "kind", "started_on", "category", "level", "prefecture"]


class ServiceRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "kind",
            "detail",
            "responsible_unit",
            "status",
            "reply",
            "rating",
            "rating_comment",
            "created_at",
        ]
        read_only_fields = ["responsible_unit", "status", "reply", "rating", "rating_comment", "created_at"]
