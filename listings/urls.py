from django.urls import path

from . import views

app_name = "listings"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("new/", views.listing_new, name="new"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/interest/", views.interest_post, name="interest"),
    path("<int:pk>/bid/", views.bid_post, name="bid"),
    path("<int:pk>/deposit/", views.deposit_post, name="deposit"),
    path("<int:pk>/close/", views.auction_close, name="close"),
]
