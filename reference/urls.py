from django.urls import path

from . import views

app_name = "reference"

urlpatterns = [
    path("counties/", views.county_options, name="county_options"),
]
