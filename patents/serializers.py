from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.models import User

from . import scoring
from .models import IpcEntry, Patent, PatentPool
from .rules import parse_ipc_rules


class PatentSerializer(serializers.ModelSerializer):
    ipc_codes = serializers.ListField(source="ipc_code_list", child=serializers.CharField(), read_only=True)
    ipc_subclasses = serializers.ListField(source="ipc_subclass_list", child=serializers.CharField(), read_only=True)
    pools = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Patent
        fields = [
            "id",
            "publication_number",
            "application_number",
            "patent_type",
            "title",
            "abstract",
            "claims_count",
            "ipc_codes",
            "ipc_subclasses",
            "applicants",
            "inventors",
            "application_date",
            "publication_date",
            "grant_date",
            "legal_status",
            "family_size",
            "overseas_family",
            "cited_by_count",
            "years_maintained",
            "pledge_amount",
            "award",
            "value_score",
            "high_value",
            "pools",
            "url",
        ]
        read_only_fields = fields

    def get_pools(self, patent) -> list[str]:
        return [m.pool.slug for m in patent.pool_memberships.all() if m.pool.is_active]


class PatentDetailSerializer(PatentSerializer):
    score_breakdown = serializers.SerializerMethodField()

    def get_score_breakdown(self, patent) -> dict:
        return scoring.describe(patent.score_breakdown, statutory_term=patent.statutory_term)

    class Meta(PatentSerializer.Meta):
        fields = PatentSerializer.Meta.fields + ["score_breakdown"]
        read_only_fields = fields


class PatentPoolSerializer(serializers.ModelSerializer):
    chain = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    patent_count = serializers.IntegerField(read_only=True)
    high_value_count = serializers.IntegerField(read_only=True)
    brokers = serializers.PrimaryKeyRelatedField(many=True, queryset=User.objects.all(), required=False)

    class Meta:
        model = PatentPool
        fields = [
            "id",
            "slug",
            "name",
            "name_en",
            "chain",
            "description",
            "description_en",
            "ipc_rules",
            "keyword_rules",
            "exclude_keywords",
            "strategic_emerging",
            "high_value_threshold",
            "brokers",
            "is_active",
            "patent_count",
            "high_value_count",
        ]
        read_only_fields = ["id", "slug", "chain", "patent_count", "high_value_count"]

    def validate_ipc_rules(self, value):
        try:
            parse_ipc_rules(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["ipc_rules"]) from None
        return value


class IpcEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = IpcEntry
        fields = ["code", "level", "parent", "title", "title_full", "repair_note", "in_current_edition"]
