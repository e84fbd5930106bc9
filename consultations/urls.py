from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/close/", views.thread_close, name="close"),
]
