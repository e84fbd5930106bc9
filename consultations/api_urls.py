from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("consultations", api.ThreadViewSet, basename="consultation")

urlpatterns = router.urls
