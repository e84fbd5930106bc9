from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("后台任务")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # Each app declares its job kinds in APP/jobs.py (registry.register_job).
        autodiscover_modules("jobs")
