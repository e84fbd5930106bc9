from rest_framework import serializers

from .models import BODY_MAX, Message, Thread


class ConsultationMessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.__str__", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "author", "from_owner", "body", "created_at"]


class ConsultationThreadSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    asker = serializers.CharField(source="asker.__str__", read_only=True)
    unread = serializers.BooleanField(read_only=True, default=False)

    class Meta:
        model = Thread
        fields = [
            "id",
            "record_title",
            "record_url",
            "asker",
            "owner",
            "status",
            "created_at",
            "last_message_at",
            "answered_at",
            "unread",
        ]

    def get_owner(self, thread) -> str:
        if thread.owner_org_id:
            return thread.owner_org.name
        if thread.owner_user_id:
            return str(thread.owner_user)
        return "platform"


class ConsultationThreadDetailSerializer(ConsultationThreadSerializer):
    messages = ConsultationMessageSerializer(many=True, read_only=True)

    class Meta(ConsultationThreadSerializer.Meta):
        fields = ConsultationThreadSerializer.Meta.fields + ["messages"]


class ConsultationOpenSerializer(serializers.Serializer):
    record = serializers.CharField(
        max_length=80, help_text='the record\'s address "app_label.model:pk", e.g. "catalog.expert:12"'
    )
    body = serializers.CharField(max_length=BODY_MAX)


class ConsultationReplySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=BODY_MAX)
