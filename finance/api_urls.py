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
    path("financing/invest-first/", api.invest_first_api, name="finance-invest-first"),
    path("financing/invest-first/<int:pk>/select/", api.invest_first_select_api, name="finance-invest-first-select"),
    path(
        "financing/invest-first/pilots/<int:pk>/<slug:action>/",
        api.invest_first_pilot_api,
        name="finance-invest-first-pilot",
    ),
]
