from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("search/", views.save_search, name="save_search"),
    path("chain/", views.follow_chain, name="follow_chain"),
    path("organisations/<int:pk>/", views.follow_organisation, name="follow_organisation"),
    path("<int:pk>/delete/", views.unsubscribe, name="unsubscribe"),
]
