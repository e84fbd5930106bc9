"""REST endpoints of the talent cloud, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("talent/people", api.TalentViewSet, basename="talent-person")
router.register("talent/demands", api.TalentDemandViewSet, basename="talent-demand")
router.register("talent/services", api.ServiceRequestViewSet, basename="talent-service")

urlpatterns = [
    path("talent/contacts/", api.contact_create_api, name="talent-contact-create"),
    path("talent/contacts/<int:pk>/placement/", api.placement_api, name="talent-placement"),
    path("talent/contacts/<int:pk>/<slug:answer>/", api.contact_answer_api, name="talent-contact-answer"),
    path("talent/map/", api.map_api, name="talent-map"),
    path("", include(router.urls)),
]
