from django.contrib import admin

from .models import IndustryChain, Park, ProvincialChain, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(IndustryChain)
class IndustryChainAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "source"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(ProvincialChain)
class ProvincialChainAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "source", "order"]
    list_filter = ["level"]
    filter_horizontal = ["hub_chains"]


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["name", "new_city", "land_area_mu"]
    list_filter = ["new_city", "industry_chains"]
    search_fields = ["name", "focus"]
    filter_horizontal = ["industry_chains"]
