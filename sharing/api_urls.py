"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import api

router = DefaultRouter()
router.include_root_view = False
router.register("sharing/instruments", api.SharingProfileViewSet, basename="sharing-instrument")
router.register("sharing/bookings", api.BookingViewSet, basename="sharing-booking")
router.register("sharing/vouchers", api.VoucherViewSet, basename="sharing-voucher")
router.register("sharing/orders", api.ServiceOrderViewSet, basename="sharing-order")

urlpatterns = [
    path("sharing/batches/<int:pk>/reconciliation/", api.batch_reconciliation_api, name="sharing-reconciliation"),
    path("sharing/utilisation/", api.utilisation_api, name="sharing-utilisation"),
    path("", include(router.urls)),
]
