"""REST API of the notification centre: a signed-in user's own notices and preferences.

GET  /api/v1/notifications/?unread=1&app=catalog&kind=catalog.approved   paged list, newest first
GET  /api/v1/notifications/unread-count/                                  {"unread": 3}
POST /api/v1/notifications/read/ {"ids": [1, 2]}                          {"marked": 2, "unread": 1} (no ids: all)
GET  /api/v1/notifications/preferences/                                   [{"kind", "label", "channel", "custom"}]
POST /api/v1/notifications/preferences/ {"kind": "catalog.approved", "channel": "site|email|digest"}
Anonymous requests get 401/403; nobody can read or mark another user's notices (ids of others are ignored).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors, services
from .serializers import NotificationSerializer, PreferenceSerializer, ReadSerializer


@extend_schema(
    parameters=[
        OpenApiParameter("unread", OpenApiTypes.BOOL, description="1: unread only"),
        OpenApiParameter("app", OpenApiTypes.STR, description='kinds "APP.…" of this app, e.g. catalog, deals'),
        OpenApiParameter("kind", OpenApiTypes.STR, description="one kind, e.g. catalog.approved"),
    ]
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationSerializer
    filter_backends: list = []

    def get_queryset(self):
        p = self.request.query_params
        return selectors.inbox(
            self.request.user,
            unread=p.get("unread") in ("1", "true"),
            app=p.get("app", "")[:30],
            kind=p.get("kind", "")[:60],
        ).select_related("content_type")

    @extend_schema(request=ReadSerializer, responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["post"])
    def read(self, request):
        """Mark the given ids (or, without ids, every notice) read; returns {"marked", "unread"}."""
        body = ReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data.get("ids")
        count = services.mark_read(user=request.user, ids=ids)
        return Response({"marked": count, "unread": services.unread_count(request.user)})

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        """{"unread": n}: the signed-in user's unread notices."""
        return Response({"unread": services.unread_count(request.user)})

    @extend_schema(request=PreferenceSerializer, responses=PreferenceSerializer(many=True))
    @action(detail=False, methods=["get", "post"])
    def preferences(self, request):
        """The channel per kind (site, email, digest); POST sets one kind's channel."""
        if request.method == "POST":
            body = PreferenceSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            services.preference_set(user=request.user, **body.validated_data)
        return Response(selectors.preferences(request.user))
