"""REST endpoints of this app, mounted under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("matching/<str:kind>/<int:pk>/matches/", api.MatchesView.as_view(), name="matching-matches"),
    path("matching/feedback/", api.FeedbackView.as_view(), name="matching-feedback"),
]
