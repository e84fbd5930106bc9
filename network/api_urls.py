"""REST endpoints of the network app, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("network/submarkets", api.SubMarketViewSet, basename="network-submarket")
router.register("network/carriers", api.CarrierViewSet, basename="network-carrier")
router.register("network/agencies", api.AgencyViewSet, basename="network-agency")
router.register("network/cases", api.CaseViewSet, basename="network-case")
router.register("network/projects", api.ProjectViewSet, basename="network-project")
router.register("network/products", api.ProductViewSet, basename="network-product")

urlpatterns = [
    path("network/statistics/", api.statistics_api, name="network-statistics"),
    path("network/joint/", api.joint_api, name="network-joint"),
    path("", include(router.urls)),
]
