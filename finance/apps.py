from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = _("科技金融")
    default_auto_field = "django.db.models.BigAutoField"

    @staticmethod
    def _register_notification_kinds():
        from notifications.kinds import register_kind, register_kind_family, workflow_actions

        from .services import WORKFLOW

        register_kind("finance.application_submitted", _("新的融资申请"))
        register_kind_family("finance.application_", _("融资申请：{}"), workflow_actions(WORKFLOW))

    def ready(self):
        self._register_notification_kinds()
        from accounts.panels import register_panel
        from core.nav import SERVICES_GROUP, register_nav
        from enterprises.panels import register_portrait_panel

        from . import access, demo, metrics, panels  # noqa: F401  (demo registers its loader on import)

        register_nav(
            _("科技金融"),
            "finance:hub",
            order=65,
            group=SERVICES_GROUP,
            visible=lambda user: user.is_authenticated,
        )
        register_nav(
            _("融资申请队列"),
            "finance:queue",
            order=66,
            place="user",
            visible=lambda user: user.is_authenticated and access.is_institution_staff(user),
        )
        register_nav(
            _("融资白名单"),
            "finance:whitelist",
            order=67,
            place="user",
            visible=lambda user: access.can_see_marks(user),
        )
        register_nav(
            _("风险补偿台账"),
            "finance:risk_fund",
            order=68,
            place="user",
            visible=lambda user: user.is_authenticated and user.is_operator,
        )
        register_nav(
            _("先投后股试点"),
            "finance:invest_first",
            order=69,
            place="user",
            visible=lambda user: access.can_see_invest_first(user),
        )
        from notifications.kinds import Channel, register_kind

        for kind, label in (
            ("finance.invest_first_selected", _("入选先投后股试点")),
            ("finance.invest_first_invested", _("先投后股资金已投入")),
            ("finance.invest_first_converted", _("先投后股已转股")),
            ("finance.invest_first_withdrawn", _("先投后股试点遴选已撤销")),
        ):
            register_kind(kind, label, Channel.EMAIL)
        register_panel(panels.organisation_panel)
        register_portrait_panel(panels.portrait_panel)
        metrics.register_metrics()
        from core.actions import register_action

        from . import next_steps

        register_action("finance.apply", next_steps.apply_action, order=10)
