"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("monitoring/indicators", api.IndicatorViewSet, basename="monitoring-indicator")
router.register("monitoring/observations", api.ObservationViewSet, basename="monitoring-observation")
router.register("monitoring/ledger-tasks", api.LedgerTaskViewSet, basename="monitoring-ledger-task")

urlpatterns = [path("", include(router.urls))]
