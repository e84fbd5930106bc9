from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("panel/<str:kind>/<int:pk>/", views.panel, name="panel"),
    path("feedback/<str:kind>/<int:pk>/", views.feedback, name="feedback"),
    path("status/", views.status, name="status"),
    path("status/jobs/", views.start_job, name="start_job"),
]
