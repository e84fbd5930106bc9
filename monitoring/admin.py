from django.contrib import admin

from .models import Indicator, LedgerTask, Observation, PlanDocument, RefreshRun, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "source", "metric_code", "owner_department", "is_active"]
    list_filter = ["source", "is_active"]
    inlines = [TargetInline]


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "issuer"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    """Read-only here: values change through the monitoring pages, which keep revisions and audit."""

    list_display = ["indicator", "period_type", "period_label", "value", "source", "updated_at"]
    list_filter = ["source", "period_type", "indicator"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(LedgerTask)
class LedgerTaskAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "owner_department", "deadline", "status"]
    list_filter = ["status", "recurrence", "year"]
    search_fields = ["code", "title"]
    readonly_fields = ["status", "closed_by", "closed_at", "close_note"]


@admin.register(RefreshRun)
class RefreshRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "trigger", "created", "changed", "unchanged"]
