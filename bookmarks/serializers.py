from rest_framework import serializers

from .models import Bookmark


class BookmarkSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()

    class Meta:
        model = Bookmark
        fields = ["id", "kind", "record_title", "record_url", "created_at"]

    def get_kind(self, bookmark) -> str:
        return f"{bookmark.content_type.app_label}.{bookmark.content_type.model}"


class BookmarkCreateSerializer(serializers.Serializer):
    record = serializers.CharField(
        max_length=80, help_text='the record\'s address "app_label.model:pk", e.g. "catalog.instrument:3"'
    )
