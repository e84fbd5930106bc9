from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "fulfilment"
    verbose_name = _("政策兑现")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.nav import SERVICES_GROUP, register_nav

        from . import access, demo, metrics  # noqa: F401

        register_nav(_("政策计算器"), "fulfilment:calculator", order=66, group=SERVICES_GROUP)
        register_nav(
            _("政策兑现"),
            "fulfilment:clauses",
            order=65,
            place="user",
            visible=lambda user: user.is_authenticated and user.is_leader,
        )
        metrics.register_metrics()
        from core.actions import register_action

        from . import next_steps

        register_action("fulfilment.calculator", next_steps.calculator_action, order=10)
