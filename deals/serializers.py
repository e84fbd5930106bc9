"""API serializers of deals. Everything here is only ever shown to a deal's parties, brokers and operators
(the viewsets filter by access.deals_visible_to), except the statistics and broker registry."""

from rest_framework import serializers

from accounts.models import Organisation
from reference.models import IndustryChain

from .models import Broker, Contract, ContractAmendment, ContractTermination, Deal, DealEvent, Message, WorkLog
from .models.deals import Origin
from .services.contracts import CONTRACT_FIELDS


class DealEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = DealEvent
        fields = ["id", "action", "from_stage", "to_stage", "actor", "reason", "created_at"]


class DealSerializer(serializers.ModelSerializer):
    supply_org_name = serializers.CharField(source="supply_org.name", read_only=True)
    demand_org_name = serializers.CharField(source="demand_org.name", read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)
    brokers = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Deal
        fields = [
            "id",
            "title",
            "stage",
            "stage_display",
            "origin",
            "supply_org",
            "supply_org_name",
            "demand_org",
            "demand_org_name",
            "achievement",
            "demand",
            "patent_numbers",
            "note",
            "terminated_reason",
            "brokers",
            "links",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["stage", "terminated_reason", "achievement", "demand"]

    def get_brokers(self, deal) -> list[dict]:
        return [{"id": a.broker_id, "name": str(a.broker)} for a in deal.assignments.select_related("broker__user")]

    def get_links(self, deal) -> list[dict]:
        return [
            {"kind": link.kind, "id": link.record_id, "title": link.title, "url": link.url} for link in deal.links.all()
        ]


class DealOpenSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    supply_org = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.verified())  # verified only
    demand_org = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.verified())
    from_kind = serializers.CharField(required=False, allow_blank=True)
    from_id = serializers.IntegerField(required=False)
    to_kind = serializers.CharField(required=False, allow_blank=True)
    to_id = serializers.IntegerField(required=False)
    origin = serializers.ChoiceField(choices=Origin.choices, required=False)
    patent_numbers = serializers.CharField(required=False, allow_blank=True, max_length=500)
    note = serializers.CharField(required=False, allow_blank=True)


class DealTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["negotiate", "sign", "perform", "complete", "terminate"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500)


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    attachments = serializers.SerializerMethodField()
    read = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "body", "created_at", "attachments", "read"]

    def get_attachments(self, message) -> list[dict]:
        from django.urls import reverse

        return [
            {"name": a.name, "size": a.size, "url": reverse("deals:attachment", args=[a.pk])}
            for a in message.attachments.all()
        ]

    def get_read(self, message) -> bool:
        user = self.context["request"].user
        return message.reads.filter(user=user).exists()


class MessagePostSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False)


class ContractSerializer(serializers.ModelSerializer):
    industry_chain = serializers.SlugRelatedField(
        slug_field="slug", queryset=IndustryChain.objects.all(), required=False, allow_null=True
    )
    supply_role = serializers.CharField(read_only=True)
    demand_role = serializers.CharField(read_only=True)
    signed_scan = serializers.FileField(required=False, write_only=True)
    has_signed_scan = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id",
            *[f for f in CONTRACT_FIELDS if f != "signed_scan"],
            "signed_scan",
            "has_signed_scan",
            "trial_end",
            "trial_decision",
            "trial_decided_on",
            "supply_role",
            "demand_role",
            "registry",
            "registration_number",
            "registered_on",
            "reg_status",
            "approved_tech_amount",
            "approval_note",
            "registrar_note",
            "supply_legal_type",
            "supply_credit_code",
            "demand_legal_type",
            "demand_credit_code",
        ]
        read_only_fields = [
            "reg_status",
            "approved_tech_amount",
            "approval_note",
            "registrar_note",
            "supply_legal_type",
            "supply_credit_code",
            "demand_legal_type",
            "demand_credit_code",
            "trial_end",
            "trial_decision",
            "trial_decided_on",
            "registry",
            "registration_number",
            "registered_on",
        ]

    def get_has_signed_scan(self, contract) -> bool:
        return bool(contract.signed_scan)

    def validate(self, attrs):
        return attrs  # business rules are the service's

    def run_validators(self, value):
        return None


class RegisterSerializer(serializers.Serializer):
    registry = serializers.CharField()
    registered_on = serializers.DateField(required=False)


class AmendmentSerializer(serializers.ModelSerializer):
    """变更登记: the amounts in force from ``effective_on`` (万元), what changed, the signed agreement
    (optional file, write only: downloads go through the deal page's access check)."""

    class Meta:
        model = ContractAmendment
        fields = ["id", "effective_on", "total_amount", "tech_amount", "changes", "agreement", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"agreement": {"required": False, "write_only": True}}


class TerminationSerializer(serializers.ModelSerializer):
    """解除登记: from ``effective_on`` the contract no longer counts; ``basis`` agreement | statutory |
    judgment; the document (optional file, write only)."""

    class Meta:
        model = ContractTermination
        fields = ["id", "effective_on", "basis", "reason", "evidence", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"evidence": {"required": False, "write_only": True}}


class BrokerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default="")
    industry_chains = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Broker
        fields = [
            "id",
            "name",
            "level",
            "level_display",
            "fields_of_work",
            "industry_chains",
            "organisation",
            "organisation_name",
            "certificate_number",
            "active",
        ]


class WorkLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkLog
        fields = [
            "id",
            "kind",
            "happened_on",
            "note",
            "deal",
            "achievement",
            "demand",
            "enterprise",
            "evidence",
            "created_at",
        ]
        read_only_fields = ["created_at"]
