from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("queue/", views.queue, name="queue"),
    path("queue/import/", views.import_figures, name="import_figures"),
    path("queue/names/", views.propose_names, name="propose_names"),
    path("queue/<str:kind>/<int:pk>/", views.review, name="review"),
    path("points/", views.points_page, name="points"),
    path("points/score/", views.points_score, name="points_score"),
    path("points/<int:pk>/publish/", views.points_publish, name="points_publish"),
    path("points/<int:pk>/export.xlsx", views.points_export, name="points_export"),
    path("pools/", views.pools_page, name="pools"),
    path("pools/propose/", views.pools_propose, name="pools_propose"),
    path("pools/proposals/<int:pk>/decide/", views.pools_decide, name="pools_decide"),
    path("pools/export.xlsx", views.pools_export, name="pools_export"),
    path("demonstrations/", views.demonstrations, name="demonstrations"),
    path("<int:org_pk>/", views.portrait, name="portrait"),
    path("<int:org_pk>/edit/", views.edit, name="edit"),
    path("<int:org_pk>/designate/", views.designate, name="designate"),
    path("<int:org_pk>/consents/<int:pk>/revoke/", views.consent_revoke, name="consent_revoke"),
]
