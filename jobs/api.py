"""API: ``GET /api/v1/jobs/`` (the caller's jobs) and ``GET /api/v1/jobs/<id>/`` (one of them).

Shape: ``{"id", "name", "label", "status": queued|running|done|failed, "done", "total" (null while
unknown), "percent" (0-100 or null), "message", "result", "error", "created_at", "started_at",
"finished_at", "url"}``. Another user's job answers 404.
"""

from django.urls import reverse
from rest_framework import permissions, serializers, viewsets

from . import selectors
from .models import Job


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Job
        fields = [
            "id", "name", "label", "status", "done", "total", "percent", "message", "result", "error",
            "created_at", "started_at", "finished_at", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, job) -> str:
        return reverse("jobs:detail", args=[job.pk])


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.jobs_of(self.request.user)
