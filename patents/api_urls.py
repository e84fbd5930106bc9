"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .api import IpcViewSet, PatentPoolViewSet, PatentViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("patents", PatentViewSet, basename="patent")
router.register("patent-pools", PatentPoolViewSet, basename="patent-pool")
router.register("ipc", IpcViewSet, basename="ipc")

urlpatterns = [path("", include(router.urls))]
