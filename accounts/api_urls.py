from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("me", api.MeViewSet, basename="me")

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("auth/tokens/", api.TokenListView.as_view(), name="api-tokens"),
    path("auth/tokens/<str:key>/", api.TokenDetailView.as_view(), name="api-token-revoke"),
    path("", include(router.urls)),
]
