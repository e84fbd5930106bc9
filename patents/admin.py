from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import IpcEntry, Patent, PatentPool, PoolMembership, PoolOverride
from .services import pools as pool_services


@admin.register(IpcEntry)
class IpcEntryAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title", "in_current_edition", "repair_note"]
    list_filter = ["level", "in_current_edition"]
    search_fields = ["code", "title"]
    raw_id_fields = ["parent"]


@admin.register(Patent)
class PatentAdmin(admin.ModelAdmin):
    list_display = ["publication_number", "title", "patent_type", "legal_status", "value_score", "high_value"]
    list_filter = ["patent_type", "legal_status", "high_value"]
    search_fields = ["publication_number", "application_number", "title"]
    readonly_fields = ["value_score", "high_value", "score_breakdown", "created_at", "updated_at"]
    filter_horizontal = ["applicant_orgs"]
    raw_id_fields = ["inventor_experts"]


class PoolOverrideInline(admin.TabularInline):
    model = PoolOverride
    raw_id_fields = ["patent"]
    readonly_fields = ["created_by", "created_at"]
    extra = 0


@admin.register(PatentPool)
class PatentPoolAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "chain", "is_active", "rules_changed_at", "assigned_at"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["brokers"]
    inlines = [PoolOverrideInline]
    actions = ["reassign"]

    def save_model(self, request, obj, form, change):
        # Rules changed in the admin are applied through the same service as the pool pages.
        pool_services.pool_save(pool=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for formset in formsets:
            if formset.model is PoolOverride and formset.has_changed():
                pool_services.reassign(
                    patent_ids=[o.patent_id for o in form.instance.overrides.all()]
                    + [f.instance.patent_id for f in formset.deleted_forms if f.instance.patent_id]
                )

    @admin.action(description=_("按现行规则重新分配全部专利"))
    def reassign(self, request, queryset):
        changed = pool_services.reassign()
        self.message_user(request, _("%(n)d 件专利的入池情况或得分有变化。") % {"n": len(changed)}, messages.SUCCESS)


@admin.register(PoolMembership)
class PoolMembershipAdmin(admin.ModelAdmin):
    list_display = ["pool", "patent", "via", "reason", "created_at"]
    list_filter = ["pool", "via"]
    raw_id_fields = ["patent"]
