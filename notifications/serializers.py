from rest_framework import serializers

from .kinds import label_for
from .models import Channel, Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    object_type = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "body",
            "url",
            "object_type",
            "object_id",
            "created_at",
            "read_at",
        ]

    def get_kind_label(self, obj) -> str:
        return label_for(obj.kind)

    def get_object_type(self, obj) -> str:
        """ "app_label.model" of the record the notice is about, or "" when none."""
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}" if ct else ""


class ReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="omit to mark all read")


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=60)
    channel = serializers.ChoiceField(choices=Channel.choices)
