from django.urls import path

from .views import calls, entries, news

app_name = "programmes"

urlpatterns = [
    path("", calls.call_list, name="list"),
    path("new/", calls.call_new, name="new"),
    path("<int:pk>/", calls.call_detail, name="detail"),
    path("<int:pk>/transition/", calls.call_transition, name="transition"),
    path("<int:pk>/draw/", calls.draw, name="draw"),
    path("<int:pk>/export/", calls.export, name="export"),
    path("<int:pk>/enter/", entries.entry_new, name="entry_new"),
    path("entries/<int:pk>/", entries.entry_detail, name="entry"),
    path("entries/<int:pk>/action/", entries.entry_action, name="entry_action"),
    path("entries/<int:pk>/score/", entries.entry_score, name="entry_score"),
    path("attachments/<int:pk>/", entries.attachment_download, name="attachment"),
    path("reviews/", calls.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/answer/", calls.assignment_answer, name="assignment_answer"),
    path("news/", news.news_list, name="news"),
    path("news/new/", news.article_new, name="article_new"),
    path("news/<int:pk>/", news.article_detail, name="article"),
    path("events/new/", news.event_new, name="event_new"),
    path("events/<int:pk>/", news.event_detail, name="event"),
    path("events/<int:pk>/register/", news.event_register, name="event_register"),
    path("events/<int:pk>/calendar.ics", news.event_ics, name="event_ics"),
    path("registrations/<int:pk>/", news.registration_action, name="registration_action"),
]
