from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("技术交易")

    @staticmethod
    def _register_notification_kinds():
        # deals' other kinds are registered in notifications/kinds.py (they predate the app registries).
        from notifications.kinds import register_kind_family, workflow_actions

        from .registration import REGISTRATION

        register_kind_family("deals.registration_", _("技术合同登记：{}"), workflow_actions(REGISTRATION))

    def ready(self):
        self._register_notification_kinds()
        from catalog.access import register_confidential_grant
        from catalog.panels import register_panel
        from core.nav import register_nav

        from . import access, metrics, panels

        group = pgettext_lazy("nav", "技术交易")
        register_nav(_("我的对接"), "deals:list", order=40, visible=lambda user: user.is_authenticated, group=group)
        register_nav(_("交易统计"), "deals:statistics", order=41, group=group)
        register_nav(_("技术经纪人"), "deals:brokers", order=42, group=group)
        register_nav(_("先使用后付费"), "deals:pay_after_use", order=43, group=group)
        register_panel(panels.record_panel)
        register_confidential_grant(access.demand_confidential_grant)
        metrics.register_metrics()
        from notifications.kinds import Channel, register_kind

        register_kind("deals.monthly_report", _("技术合同月度统计报告已生成"), Channel.SITE)
        from core.workbench import register_panel

        from . import workbench

        register_panel("deals.mine", workbench.my_deals, order=20)
        register_panel("deals.broker", workbench.broker, order=30)
        from core.actions import register_action

        from . import next_steps

        register_action("deals.open", next_steps.open_deal_action, order=10)
