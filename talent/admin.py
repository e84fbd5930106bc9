from django.contrib import admin

from .models import DoctoralBoard, Placement, ServiceRequest, TalentDemand, TalentPointsModel, TalentProfile, Team

admin.site.register(TalentPointsModel)
admin.site.register(DoctoralBoard)
admin.site.register(Team)


@admin.register(TalentProfile)
class TalentProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "level", "status"]
    list_filter = ["status", "category", "level"]
    search_fields = ["name"]
    raw_id_fields = ["user", "expert", "organisation"]
    filter_horizontal = []
    exclude = ["patents"]


@admin.register(TalentDemand)
class TalentDemandAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "owner_org", "status"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["owner_org", "created_by"]


admin.site.register(Placement)
admin.site.register(ServiceRequest)
