from rest_framework import serializers

from .models import Organisation, User


class OrganisationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    new_city_display = serializers.CharField(source="get_new_city_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "kind",
            "kind_display",
            "name",
            "credit_code",
            "prefecture",
            "county",
            "new_city",
            "new_city_display",
            "industry_chains",
            "address",
            "website",
            "description",
            "verification_status",
            "verified_at",
        ]
        read_only_fields = ["verification_status", "verified_at"]
        extra_kwargs = {"credit_code": {"max_length": 40, "validators": []}}

    def validate_credit_code(self, value):
        """Full width, spaces and hyphens are normalised before the GB 32100 check (the model's)."""
        from .validators import normalise_credit_code, validate_credit_code

        code = normalise_credit_code(value)
        if code:
            validate_credit_code(code)
        return code or None


class UserSerializer(serializers.ModelSerializer):
    organisations = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name", "email", "mobile", "roles", "organisations"]

    def get_organisations(self, user) -> list[dict]:
        return [
            {"id": m.organisation_id, "name": m.organisation.name, "role": m.role}
            for m in user.memberships.select_related("organisation")
        ]
