from django.urls import path

from . import views

app_name = "fulfilment"

urlpatterns = [
    path("", views.clauses, name="clauses"),
    path("clauses/<int:clause_pk>/", views.clause_detail, name="clause"),
    path("clauses/<int:clause_pk>/edit/", views.clause_edit, name="clause_edit"),
    path("clauses/<int:clause_pk>/run/", views.run_propose, name="run_propose"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/decide/", views.run_decide, name="run_decide"),
    path("calculator/", views.calculator, name="calculator"),
    path("calculator/<int:org_pk>/", views.calculator_org, name="calculator_org"),
    path("calculator/<int:org_pk>/apply/<int:clause_pk>/", views.apply, name="apply"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/act/", views.application_act, name="application_act"),
    path("grants/", views.grants, name="grants"),
    path("grants/export.xlsx", views.grants_export, name="grants_export"),
    path("grants/<int:pk>/paid/", views.grant_paid, name="grant_paid"),
]
