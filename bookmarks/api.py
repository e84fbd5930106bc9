"""REST API of bookmarks (我的收藏); a signed-in user's own only.

GET    /api/v1/bookmarks/                       my bookmarks, newest first
POST   /api/v1/bookmarks/ {"record": "catalog.instrument:3"}  201 (200 when already bookmarked); 400 {"record"}
DELETE /api/v1/bookmarks/{id}/                  204; another user's id answers 404
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.response import Response

from core import records

from . import services
from .models import Bookmark
from .serializers import BookmarkCreateSerializer, BookmarkSerializer


class BookmarkViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BookmarkSerializer
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Bookmark.objects.none()
        return Bookmark.objects.filter(user=self.request.user).select_related("content_type")

    @extend_schema(request=BookmarkCreateSerializer, responses={201: BookmarkSerializer, 200: BookmarkSerializer})
    def create(self, request):
        """Bookmark a record I may open."""
        body = BookmarkCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = records.resolve(body.validated_data["record"], request.user)
        if record is None:
            raise exceptions.ValidationError({"record": ["not found or not visible"]})
        existed = services.is_bookmarked(request.user, record)
        try:
            bookmark = services.bookmark_add(user=request.user, record=record)
        except ValidationError as exc:
            raise exceptions.ValidationError({"record": exc.messages}) from None
        return Response(
            BookmarkSerializer(bookmark).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )
