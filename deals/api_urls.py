"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("deals", api.DealViewSet, basename="deal")
router.register("brokers", api.BrokerViewSet, basename="broker")

urlpatterns = [
    path("deal-statistics/", api.statistics_api, name="deal-statistics"),
    path("deal-statistics/monthly-report/", api.monthly_report_api, name="deal-monthly-report"),
    path("", include(router.urls)),
]
