from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("statistics.xlsx", views.statistics_xlsx, name="statistics_xlsx"),
    path("m/<slug:code>/", views.submarket_detail, name="submarket"),
    path("joint/", views.joint, name="joint"),
    path("review/", views.review, name="review"),
    path("carriers/", views.carrier_list, name="carriers"),
    path("carriers/export.xlsx", views.carriers_xlsx, name="carriers_xlsx"),
    path("carriers/<int:pk>/", views.carrier_detail, name="carrier"),
    path("carriers/<int:pk>/report/", views.report_save, name="report_save"),
    path("carriers/<int:pk>/relocation/", views.relocation_add, name="relocation_add"),
    path("reports/<int:pk>/transition/", views.report_transition, name="report_transition"),
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("agencies/<int:pk>/request/", views.engagement_request, name="engagement_request"),
    path("engagements/<int:pk>/complete/", views.engagement_complete, name="engagement_complete"),
    path("engagements/<int:pk>/rate/", views.engagement_rate, name="engagement_rate"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_edit, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("cases/<int:pk>/transition/", views.case_transition, name="case_transition"),
    path("projects/", views.project_list, name="projects"),
    path("credit/", views.credit_list, name="credit"),
    path("products/", views.product_list, name="products"),
    path("import/", views.import_page, name="import"),
    path("import/<slug:registry>/template.xlsx", views.import_template, name="import_template"),
]
