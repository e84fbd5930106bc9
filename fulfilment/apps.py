from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "fulfilment"
    verbose_name = _("政策兑现")
    default_auto_field = "django.db.models.BigAutoField"

    @staticmethod
    def _register_notification_kinds():
        from notifications.kinds import register_kind, register_kind_family, workflow_actions

        from .services import WORKFLOW

        register_kind("fulfilment.application", _("兑现申请待审核"))
        register_kind("fulfilment.granted", _("获得政策兑现"))
        register_kind("fulfilment.reminder_returned", _("兑现申请待补正，申报即将截止"))
        register_kind("fulfilment.reminder_waiting", _("兑现申请等待审核已久"))
        register_kind_family(
            "fulfilment.application_", _("兑现申请：{}"), workflow_actions(WORKFLOW, ("return", "refuse"))
        )

    def ready(self):
        self._register_notification_kinds()
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
