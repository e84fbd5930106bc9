from rest_framework import serializers

from .models import AgencyService, Carrier, CarrierReport, Case, Product, Project, Relocation, ServiceAgency, SubMarket


class SubMarketSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = SubMarket
        fields = ["code", "name", "kind", "region", "region_name", "joint", "description"]


class SubMarketStatsSerializer(serializers.Serializer):
    code = serializers.CharField(source="submarket.code")
    name = serializers.CharField(source="submarket.name")
    libraries = serializers.DictField(child=serializers.IntegerField(), help_text="已发布记录数（件），按资源库")
    published = serializers.IntegerField(help_text="已发布合计（件）")
    submitted = serializers.SerializerMethodField(help_text="待审核（件）；仅总窗口和本分市场运营人员可见，其余为 null")
    carriers = serializers.IntegerField(help_text="运行中的创新载体（家）")
    agencies = serializers.IntegerField(help_text="目录中的服务机构（家）")
    cases = serializers.IntegerField(help_text="已发布典型案例（项）")

    def get_submitted(self, row) -> int | None:
        return row["submitted"] if row["show_pending"] else None


class JointRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    summary = serializers.CharField()
    owner = serializers.CharField(source="owner_org.name", default="")
    submarket = serializers.CharField(source="home_market.code", default="")
    published_at = serializers.DateTimeField()
    url = serializers.CharField(source="get_absolute_url")


class CarrierReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = CarrierReport
        fields = [
            "id",
            "year",
            "projects_incubated",
            "firms_registered",
            "firms_graduated",
            "achievements_converted",
            "notes",
            "status",
            "return_reason",
            "submitted_at",
            "reviewed_at",
        ]
        read_only_fields = ["status", "return_reason", "submitted_at", "reviewed_at"]


class ReportTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "accept", "return"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RelocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Relocation
        fields = ["firm_name", "moved_on", "destination"]


class CarrierSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", default="", read_only=True)

    class Meta:
        model = Carrier
        fields = [
            "id",
            "name",
            "kind",
            "level",
            "organisation",
            "organisation_name",
            "recognised_on",
            "recognised_by",
            "prefecture",
            "county",
            "partner_city",
            "space_m2",
            "services",
            "status",
        ]


class AgencyServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgencyService
        fields = ["id", "title", "description", "price_note"]


class ServiceAgencySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organisation.name", read_only=True)
    services = AgencyServiceSerializer(many=True, read_only=True)
    rating = serializers.FloatField(read_only=True, allow_null=True, help_text="委托方评分平均值（1–5）")
    ratings = serializers.IntegerField(read_only=True, help_text="评价数")

    class Meta:
        model = ServiceAgency
        fields = [
            "id",
            "name",
            "kind",
            "level",
            "public_legal_service",
            "prefecture",
            "description",
            "services",
            "rating",
            "ratings",
        ]


class CaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            "title",
            "mechanism",
            "parties",
            "summary",
            "figures",
            "amount_wan",
            "evidence",
            "year",
            "prefecture",
            "published_at",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)

    class Meta:
        model = Project
        fields = [
            "code",
            "title",
            "applicant",
            "applicant_name",
            "programme",
            "budget_wan",
            "starts_on",
            "ends_on",
            "milestones",
            "acceptance",
            "accepted_on",
            "prefecture",
        ]


class ProductSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    patents = serializers.SlugRelatedField(many=True, read_only=True, slug_field="publication_number")

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "kind",
            "enterprise",
            "enterprise_name",
            "patents",
            "recognition",
            "recognised_on",
            "subsidy_claimed_wan",
            "description",
        ]
