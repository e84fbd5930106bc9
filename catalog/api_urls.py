from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .api import VIEWSETS

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
for slug, viewset in VIEWSETS.items():
    router.register(slug, viewset, basename=slug)

urlpatterns = [path("", include(router.urls))]
