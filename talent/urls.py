from django.urls import path

from . import views

app_name = "talent"

urlpatterns = [
    path("", views.home, name="home"),
    path("me/", views.my_profile, name="me"),
    path("people/<int:pk>/", views.profile_detail, name="profile"),
    path("people/<int:pk>/submit/", views.profile_submit, name="submit"),
    path("people/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("people/<int:pk>/contact/", views.contact_new, name="contact_new"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/", views.verify, name="verify"),
    path("demands/", views.demand_list, name="demands"),
    path("demands/new/", views.demand_new, name="demand_new"),
    path("demands/<int:pk>/", views.demand_detail, name="demand"),
    path("demands/<int:pk>/<slug:action>/", views.demand_action, name="demand_action"),
    path("boards/", views.boards, name="boards"),
    path("boards/<int:pk>/", views.board_detail, name="board"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/<int:pk>/<slug:action>/", views.contact_action, name="contact_action"),
    path("teams/", views.teams, name="teams"),
    path("map/", views.talent_map, name="map"),
    path("services/", views.services_page, name="services"),
    path("services/<int:pk>/", views.service_detail, name="service"),
    path("export.xlsx", views.export_xlsx, name="export"),
]
