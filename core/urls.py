from django.urls import path

from . import audit_views, site_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_all, name="search"),
    path("healthz/", views.healthz, name="healthz"),
    path("audit/", audit_views.trail, name="audit_trail"),
    path("workbench/", site_views.workbench, name="workbench"),
    path("site/<slug:page>/", site_views.site_page, name="site_page"),
]
