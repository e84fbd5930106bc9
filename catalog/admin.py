"""Operators' bulk work in the Django admin. Status changes go through the workflow, so every
approval or archive made here writes its review event like one made on the site."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import workflow
from .models import (
    Achievement,
    Attachment,
    Demand,
    Expert,
    FinancialProduct,
    Instrument,
    Policy,
    PolicyClause,
    ReviewEvent,
    Scenario,
)


class AttachmentInline(GenericTabularInline):
    model = Attachment
    extra = 0
    fields = ["name", "file", "size", "uploaded_by", "created_at"]
    readonly_fields = ["size", "uploaded_by", "created_at"]


def _run(modeladmin, request, queryset, action: str):
    done, failed = 0, []
    for record in queryset:
        try:
            workflow.transition(record=record, action=action, by=request.user)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            failed.append(f"{record.title}：{'；'.join(getattr(exc, 'messages', [str(exc)]))}")
    if done:
        modeladmin.message_user(request, _("已处理 %(n)s 条。") % {"n": done}, messages.SUCCESS)
    for line in failed[:20]:
        modeladmin.message_user(request, line, messages.WARNING)


@admin.action(description=_("审核通过并发布所选记录"))
def approve_selected(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "approve")


@admin.action(description=_("归档所选记录"))
def archive_selected(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "archive")


@admin.action(description=_("续期所选记录"))
def renew_selected(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "renew")


class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "owner_org", "status", "visibility", "published_at", "expires_at", "view_count"]
    list_filter = ["status", "visibility", "industry_chains", "new_city", "prefecture"]
    search_fields = ["title", "summary", "owner_org__name"]
    date_hierarchy = "created_at"
    # Status and dates change only through the workflow (actions above), never by hand.
    readonly_fields = [
        "status",
        "return_reason",
        "published_at",
        "expires_at",
        "view_count",
        "created_by",
        "created_at",
        "updated_at",
    ]
    autocomplete_fields = ["owner_org", "prefecture", "county"]
    filter_horizontal = ["industry_chains"]
    list_select_related = ["owner_org"]
    inlines = [AttachmentInline]
    actions = [approve_selected, archive_selected, renew_selected]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Achievement)
class AchievementAdmin(ResourceAdmin):
    list_filter = [*ResourceAdmin.list_filter, "stage", "is_service_invention"]
    search_fields = [*ResourceAdmin.search_fields, "field", "keywords", "team_name"]
    filter_horizontal = ["industry_chains", "team"]


@admin.register(Demand)
class DemandAdmin(ResourceAdmin):
    list_filter = [*ResourceAdmin.list_filter, "is_bottleneck"]
    search_fields = [*ResourceAdmin.search_fields, "problem"]


@admin.register(Instrument)
class InstrumentAdmin(ResourceAdmin):
    list_filter = [*ResourceAdmin.list_filter, "state"]
    search_fields = [*ResourceAdmin.search_fields, "model_number", "manufacturer", "category"]


class PolicyClauseInline(admin.TabularInline):
    model = PolicyClause
    extra = 0


@admin.register(Policy)
class PolicyAdmin(ResourceAdmin):
    list_display = ["title", "issuer", "document_number", "level", "status", "published_at"]
    list_filter = [*ResourceAdmin.list_filter, "level"]
    search_fields = [*ResourceAdmin.search_fields, "issuer", "document_number"]
    inlines = [PolicyClauseInline, AttachmentInline]


@admin.register(Expert)
class ExpertAdmin(ResourceAdmin):
    search_fields = [*ResourceAdmin.search_fields, "organisation_name", "fields_of_work"]


@admin.register(FinancialProduct)
class FinancialProductAdmin(ResourceAdmin):
    list_filter = [*ResourceAdmin.list_filter, "product_type"]
    search_fields = [*ResourceAdmin.search_fields, "institution_name"]


@admin.register(Scenario)
class ScenarioAdmin(ResourceAdmin):
    list_filter = [*ResourceAdmin.list_filter, "kind"]
    search_fields = [*ResourceAdmin.search_fields, "place"]


@admin.register(ReviewEvent)
class ReviewEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "content_type", "object_id", "action", "from_status", "to_status", "actor", "reason"]
    list_filter = ["action", "to_status", "content_type"]
    search_fields = ["reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["name", "content_type", "object_id", "size", "uploaded_by", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["name"]
