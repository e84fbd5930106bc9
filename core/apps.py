from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("平台")

    def ready(self):
        from . import logs  # noqa: F401  (connects the Celery signals that carry the request id)
