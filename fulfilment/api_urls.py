"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("fulfilment/facts/", api.facts_api, name="fulfilment-facts"),
    path("fulfilment/clauses/", api.clauses_api, name="fulfilment-clauses"),
    path("fulfilment/clauses/<int:clause_pk>/rules/", api.rules_api, name="fulfilment-rules"),
    path("fulfilment/clauses/<int:clause_pk>/runs/", api.run_propose_api, name="fulfilment-run-propose"),
    path("fulfilment/runs/<int:pk>/decide/", api.run_decide_api, name="fulfilment-run-decide"),
    path("fulfilment/evaluation/<int:org_pk>/", api.evaluation_api, name="fulfilment-evaluation"),
    path("fulfilment/applications/", api.applications_api, name="fulfilment-applications"),
    path("fulfilment/applications/<int:pk>/act/", api.application_act_api, name="fulfilment-application-act"),
    path("fulfilment/grants/", api.grants_api, name="fulfilment-grants"),
    path("fulfilment/share/", api.share_api, name="fulfilment-share"),
]
