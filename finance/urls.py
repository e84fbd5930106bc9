from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need"),
    path("needs/<int:pk>/apply/", views.need_apply, name="need_apply"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/pledges/", views.pledge_add, name="pledge_add"),
    path("applications/<int:pk>/<slug:action>/", views.application_action, name="application_action"),
    path("queue/", views.queue, name="queue"),
    path("queue/export.xlsx", views.queue_export, name="queue_export"),
    path("products/<int:product_pk>/terms/", views.terms_edit, name="terms"),
    path("whitelist/", views.whitelist, name="whitelist"),
    path("whitelist/export.xlsx", views.whitelist_export, name="whitelist_export"),
    path("risk-fund/", views.risk_fund, name="risk_fund"),
    path("funds/", views.funds, name="funds"),
    path("invest-first/", views.invest_first_page, name="invest_first"),
]
