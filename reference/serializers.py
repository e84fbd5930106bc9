from rest_framework import serializers

from .models import IndustryChain, Park, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent"]


class IndustryChainSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndustryChain
        fields = ["slug", "name", "name_en", "description", "source", "order"]


class ParkSerializer(serializers.ModelSerializer):
    new_city_display = serializers.CharField(source="get_new_city_display", read_only=True)
    industry_chains = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Park
        fields = ["id", "name", "new_city", "new_city_display", "focus", "industry_chains", "land_area_mu", "source"]
