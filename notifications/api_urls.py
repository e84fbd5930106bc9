from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.register("notifications", api.NotificationViewSet, basename="notification")

urlpatterns = router.urls
