from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("后台任务")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from core.nav import register_nav

        # Each app declares its job kinds in APP/jobs.py (registry.register_job).
        autodiscover_modules("jobs")
        # Whoever starts jobs (imports, exports, refreshes) finds them again from the user menu.
        register_nav(
            _("我发起的后台任务"), "jobs:list", order=98, place="user", visible=lambda user: user.is_authenticated
        )
        from core.workbench import register_panel

        from . import workbench

        register_panel("jobs.operations", workbench.operations, order=58)
