from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from accounts import views as accounts_views
from core.health import HealthView

admin.site.site_header = "秦创原科技大市场 运营后台"
admin.site.site_title = "秦创原科技大市场"

api_patterns = [
    path("", include("accounts.api_urls")),
    path("", include("catalog.api_urls")),
    path("", include("reference.api_urls")),
    path("", include("patents.api_urls")),
    path("", include("matching.api_urls")),
    path("", include("deals.api_urls")),
    path("", include("monitoring.api_urls")),
    path("", include("jobs.api_urls")),
    path("", include("sharing.api_urls")),
    path("", include("enterprises.api_urls")),
    path("", include("talent.api_urls")),
    path("", include("programmes.api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("fulfilment.api_urls")),
    path("", include("finance.api_urls")),
    path("", include("network.api_urls")),
    path("", include("consultations.api_urls")),
    path("", include("bookmarks.api_urls")),
]

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    # Django's set_language, also remembered on a signed-in user's account (notification e-mails)
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("reference/", include("reference.urls")),
    path("patents/", include("patents.urls")),
    path("matching/", include("matching.urls")),
    path("deals/", include("deals.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("jobs/", include("jobs.urls")),
    path("sharing/", include("sharing.urls")),
    path("listings/", include("listings.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("talent/", include("talent.urls")),
    path("programmes/", include("programmes.urls")),
    path("notifications/", include("notifications.urls")),
    path("fulfilment/", include("fulfilment.urls")),
    path("financing/", include("finance.urls")),
    path("network/", include("network.urls")),
    path("consultations/", include("consultations.urls")),
    path("bookmarks/", include("bookmarks.urls")),
    path("subscriptions/", include("subscriptions.urls")),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy forbids inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("", include("catalog.urls")),
    path("", include("core.urls")),
]
