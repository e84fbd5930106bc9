"""API serializers of the libraries. Confidential fields are dropped for readers who may not see them."""

from rest_framework import serializers

from reference.models import CooperationMode, IndustryChain

from .access import confidential_mask
from .forms import FORM_FIELDS
from .models import (
    Achievement,
    Demand,
    Expert,
    FinancialProduct,
    Instrument,
    Policy,
    PolicyClause,
    ReviewEvent,
    Scenario,
)

READ_ONLY = [
    "id",
    "status",
    "published_at",
    "expires_at",
    "view_count",
    "created_at",
    "updated_at",
    "return_reason",
    "owner_org",
]


class ChoiceListSerializerField(serializers.MultipleChoiceField):
    def to_internal_value(self, data):
        return sorted(super().to_internal_value(data))

    def to_representation(self, value):
        return list(value or [])


class ResourceSerializer(serializers.ModelSerializer):
    industry_chains = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=IndustryChain.objects.all(), required=False
    )
    owner_org_name = serializers.CharField(source="owner_org.name", read_only=True, default="")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None:
            for name in confidential_mask(user, instance):
                data.pop(name, None)
        return data

    def validate(self, attrs):
        # Run the model's own clean() (cross-field rules) on a copy, so errors come back per field.
        model = self.Meta.model
        instance = self.instance or model()
        plain = {k: v for k, v in attrs.items() if k != "industry_chains"}
        probe = model(**{**{f.attname: getattr(instance, f.attname) for f in model._meta.concrete_fields}, **plain})
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            probe.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return attrs


def _serializer_for(model, extra: dict | None = None):
    fields = [
        "id",
        *FORM_FIELDS[model],
        "owner_org",
        "owner_org_name",
        "status",
        "status_display",
        "return_reason",
        "published_at",
        "expires_at",
        "view_count",
        "created_at",
        "updated_at",
        "url",
    ]
    attrs = {"Meta": type("Meta", (), {"model": model, "fields": fields, "read_only_fields": READ_ONLY})}
    if "cooperation_modes" in FORM_FIELDS[model]:
        attrs["cooperation_modes"] = ChoiceListSerializerField(choices=CooperationMode.choices, required=False)
    attrs.update(extra or {})
    return type(f"{model.__name__}Serializer", (ResourceSerializer,), attrs)


class PolicyClauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PolicyClause
        fields = ["id", "order", "title", "benefit", "subject_kind"]


AchievementSerializer = _serializer_for(Achievement)
DemandSerializer = _serializer_for(Demand)
InstrumentSerializer = _serializer_for(Instrument)
PolicySerializer = _serializer_for(Policy, {"clauses": PolicyClauseSerializer(many=True, read_only=True)})
PolicySerializer.Meta.fields = [*PolicySerializer.Meta.fields, "clauses"]
ExpertSerializer = _serializer_for(Expert)
FinancialProductSerializer = _serializer_for(FinancialProduct)
ScenarioSerializer = _serializer_for(Scenario)

SERIALIZERS = {
    "achievements": AchievementSerializer,
    "demands": DemandSerializer,
    "instruments": InstrumentSerializer,
    "policies": PolicySerializer,
    "experts": ExpertSerializer,
    "finance": FinancialProductSerializer,
    "scenarios": ScenarioSerializer,
}


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "approve", "return", "withdraw", "archive", "reopen", "renew"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.__str__", default=None, read_only=True)

    class Meta:
        model = ReviewEvent
        fields = ["action", "from_status", "to_status", "actor", "reason", "created_at"]
