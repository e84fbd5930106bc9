"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("programmes", api.CallViewSet, basename="programme")
router.register("programme-entries", api.EntryViewSet, basename="programme-entry")
router.register("review-assignments", api.AssignmentViewSet, basename="review-assignment")
router.register("events", api.EventViewSet, basename="event")

urlpatterns = [path("", include(router.urls))]
