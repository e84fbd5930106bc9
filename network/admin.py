from django.contrib import admin

from .models import AgencyService, Carrier, CarrierReport, Case, Engagement, Relocation, ServiceAgency, SubMarket


@admin.register(SubMarket)
class SubMarketAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "region", "joint", "active"]
    filter_horizontal = ["operators"]


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "prefecture", "recognised_on", "status"]
    list_filter = ["kind", "level", "status"]
    search_fields = ["name"]


admin.site.register(CarrierReport)
admin.site.register(Relocation)
admin.site.register(ServiceAgency)
admin.site.register(AgencyService)
admin.site.register(Engagement)
admin.site.register(Case)
