"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("enterprises/<int:org_pk>/", api.portrait_api, name="enterprise-portrait"),
    path("enterprises/<int:org_pk>/reports/", api.reports_api, name="enterprise-reports"),
    path("enterprises/<int:org_pk>/qualifications/", api.qualifications_api, name="enterprise-qualifications"),
    path("enterprise-reviews/<str:kind>/<int:pk>/", api.review_api, name="enterprise-review"),
    path("points-runs/", api.runs_api, name="points-runs"),
    path("points-runs/score/", api.score_api, name="points-score"),
    path("points-runs/<int:pk>/publish/", api.publish_api, name="points-publish"),
    path("points-runs/<int:pk>/scores/", api.run_scores_api, name="points-scores"),
    path("points-runs/<int:pk>/distribution/", api.distribution_api, name="points-distribution"),
    path("pool-tiers/", api.tiers_api, name="pool-tiers"),
    path("pool-tiers/<slug:code>/rules/", api.tier_rules_api, name="pool-tier-rules"),
    path("pool-proposals/", api.proposals_api, name="pool-proposals"),
    path("pool-proposals/propose/", api.propose_api, name="pool-propose"),
    path("pool-proposals/<int:pk>/decide/", api.decide_api, name="pool-decide"),
    path("demonstrations/", api.demonstrations_api, name="enterprise-demonstrations"),
]
