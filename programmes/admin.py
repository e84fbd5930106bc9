"""Operators' bulk work on programmes: rubrics, list items and milestones inline, the expert pool,
news and events. Stage changes go through the pages or the API (services.calls.call_transition),
never by editing the stage field here."""

from django.contrib import admin

from .models import Article, Call, Criterion, Draw, Event, ListItem, Milestone, PoolExpert


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class ListItemInline(admin.TabularInline):
    model = ListItem
    extra = 0
    raw_id_fields = ["scenario"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "stage", "closes_at", "published_at"]
    list_filter = ["kind", "stage", "year"]
    search_fields = ["title"]
    readonly_fields = ["stage", "published_at", "publicity_ends_at", "results_at", "cancel_reason"]
    raw_id_fields = ["owner_org", "source_demand", "created_by"]
    filter_horizontal = ["managers", "industry_chains"]
    inlines = [CriterionInline, ListItemInline, MilestoneInline]


@admin.register(PoolExpert)
class PoolExpertAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "active"]
    list_filter = ["active"]
    raw_id_fields = ["user", "organisation"]
    filter_horizontal = ["industry_chains", "conflicts"]


@admin.register(Draw)
class DrawAdmin(admin.ModelAdmin):
    list_display = ["call", "seed", "wanted", "created_at", "by"]

    def has_change_permission(self, request, obj=None):
        return False  # the draw log is evidence; it is never edited

    def has_add_permission(self, request):
        return False


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "published", "published_at"]
    list_filter = ["kind", "published"]
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        from .services.events import sanitise

        if not change:
            obj.created_by = request.user
        obj.body_html = sanitise(obj.body_html)  # the page renders it as HTML
        super().save_model(request, obj, form, change)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "capacity", "published"]
    list_filter = ["published"]
    exclude = ["created_by"]
