from django.contrib import admin

from .models import Message, Thread


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    readonly_fields = ["author", "from_owner", "body", "created_at"]
    can_delete = False


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    """Operators' moderation: read, close; the text itself is not edited."""

    list_display = ["record_title", "asker", "owner_org", "status", "last_message_at"]
    list_filter = ["status"]
    search_fields = ["record_title"]
    readonly_fields = [
        "content_type",
        "object_id",
        "record_title",
        "record_url",
        "asker",
        "owner_org",
        "owner_user",
        "created_at",
        "last_message_at",
        "answered_at",
        "asker_read_at",
        "owner_read_at",
    ]
    inlines = [MessageInline]
