from rest_framework import serializers

from .kinds import label_for
from .models import Channel, Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind_label = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
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

    def get_title(self, obj) -> str:
        """The title in the request's language (the reader's), not the sender's."""
        return obj.shown_title

    def get_body(self, obj) -> str:
        """The body in the request's language (user-written text, such as a reason, as it was written)."""
        return obj.shown_body

    def get_object_type(self, obj) -> str:
        """ "app_label.model" of the record the notice is about, or "" when none."""
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}" if ct else ""


class ReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="omit to mark all read")


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=60)
    channel = serializers.ChoiceField(choices=Channel.choices)
