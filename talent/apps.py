from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("人才云")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.nav import SERVICES_GROUP, register_nav

        from . import demo, facts, match_sources, metrics  # noqa: F401  (facts registers the "talent" fact set; demo its loader)

        match_sources.register()
        metrics.register_metrics()
        register_nav(_("人才云"), "talent:home", order=65, group=SERVICES_GROUP)
        register_nav(
            _("人才核验"),
            "talent:queue",
            order=66,
            place="user",
            visible=lambda user: user.is_authenticated and user.is_operator,
        )
        from . import next_steps

        next_steps.register()  # profiles as detail-page records; an expert's contact request in the action bar
