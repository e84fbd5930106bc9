"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api, api_governance

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("monitoring/indicators", api.IndicatorViewSet, basename="monitoring-indicator")
router.register("monitoring/observations", api.ObservationViewSet, basename="monitoring-observation")
router.register("monitoring/ledger-tasks", api.LedgerTaskViewSet, basename="monitoring-ledger-task")
router.register("monitoring/units", api_governance.UnitViewSet, basename="monitoring-unit")
router.register("monitoring/meetings", api_governance.MeetingViewSet, basename="monitoring-meeting")

urlpatterns = [
    path("", include(router.urls)),
    path("monitoring/per-mu/", api_governance.PerMuView.as_view(), name="monitoring-per-mu"),
]
