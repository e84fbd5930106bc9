from django.contrib import admin

from .models import Bookmark


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["record_title", "user", "created_at"]
    raw_id_fields = ["user"]
