from django.urls import path

from . import views

app_name = "patents"

urlpatterns = [
    path("", views.pool_list, name="pool_list"),
    path("pools/new/", views.pool_edit, name="pool_create"),
    path("pools/reassign/", views.pool_reassign, name="pool_reassign"),
    path("pools/<slug:slug>/", views.pool_detail, name="pool_detail"),
    path("pools/<slug:slug>/edit/", views.pool_edit, name="pool_edit"),
    path("pools/<slug:slug>/overrides/", views.pool_override, name="pool_override"),
    path("pools/<slug:slug>/overrides/<str:number>/remove/", views.pool_override_remove, name="pool_override_remove"),
    path("list/", views.patent_list, name="list"),
    path("ipc/", views.ipc_index, name="ipc_index"),
    path("ipc/<str:code>/", views.ipc_detail, name="ipc_detail"),
    path("p/<str:number>/", views.patent_detail, name="detail"),
]
