from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("项目征集与活动")

    def ready(self):
        from . import metrics

        metrics.register_metrics()
