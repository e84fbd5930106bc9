from django.urls import path, register_converter

from . import views
from .libraries import LIBRARIES


class LibraryConverter:
    """Only known library slugs match, so these catch-all-looking routes leave other URLs alone."""

    regex = "|".join(LIBRARIES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LibraryConverter, "lib")

app_name = "catalog"

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("import/", views.import_page, name="import"),
    path("import/<lib:library>/template.xlsx", views.import_template, name="import_template"),
    path("<lib:library>/", views.resource_list, name="list"),
    path("<lib:library>/mine/", views.my_records, name="mine"),
    path("<lib:library>/export.xlsx", views.export_list, name="export"),
    path("<lib:library>/new/", views.resource_create, name="create"),
    path("<lib:library>/<int:pk>/", views.resource_detail, name="detail"),
    path("<lib:library>/<int:pk>/edit/", views.resource_edit, name="edit"),
    path("<lib:library>/<int:pk>/transition/", views.resource_transition, name="transition"),
    path("<lib:library>/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
]
