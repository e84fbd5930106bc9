from django.contrib import admin

from .models import (
    Indicator,
    LedgerTask,
    Meeting,
    Observation,
    ParkEvaluation,
    PlanDocument,
    RefreshRun,
    ResponsibleUnit,
    Target,
    UnitMember,
)


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
    list_display = ["code", "title", "lead_unit", "assignee", "deadline", "status", "metric_code"]
    list_filter = ["status", "recurrence", "year", "lead_unit"]
    search_fields = ["code", "title"]
    # Status, close-out and people change through the ledger pages (two-person close-out, reminders, audit).
    readonly_fields = [
        "status",
        "closed_by",
        "closed_at",
        "close_note",
        "proposed_by",
        "proposed_at",
        "proposal_note",
        "proposed_by_platform",
        "assignee",
        "metric_value",
        "metric_checked_at",
    ]


class UnitMemberInline(admin.TabularInline):
    model = UnitMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ResponsibleUnit)
class ResponsibleUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "new_city", "source", "is_active"]
    list_filter = ["kind", "is_active"]
    inlines = [UnitMemberInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["kind", "period_label", "status", "held_on"]
    list_filter = ["kind", "status"]
    readonly_fields = ["agenda"]


@admin.register(ParkEvaluation)
class ParkEvaluationAdmin(admin.ModelAdmin):
    list_display = ["park", "year", "composite", "grade", "rank"]
    list_filter = ["year", "grade"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RefreshRun)
class RefreshRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "trigger", "created", "changed", "unchanged"]
