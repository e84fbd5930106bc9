"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("financing/needs/", api.needs_api, name="finance-needs"),
    path("financing/needs/<int:pk>/matches/", api.need_matches_api, name="finance-need-matches"),
    path("financing/needs/<int:pk>/apply/", api.need_apply_api, name="finance-need-apply"),
    path("financing/applications/", api.applications_api, name="finance-applications"),
    path(
        "financing/applications/<int:pk>/<slug:action>/", api.application_action_api, name="finance-application-action"
    ),
    path("financing/whitelist/", api.whitelist_api, name="finance-whitelist"),
]
