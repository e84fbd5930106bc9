from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("bookmarks", api.BookmarkViewSet, basename="bookmark")

urlpatterns = router.urls
