from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("regions", api.RegionViewSet, basename="region")
router.register("industry-chains", api.IndustryChainViewSet, basename="industry-chain")
router.register("parks", api.ParkViewSet, basename="park")

urlpatterns = [path("", include(router.urls))]
