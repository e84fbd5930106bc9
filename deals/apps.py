from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("技术交易")

    def ready(self):
        from catalog.access import register_confidential_grant
        from catalog.panels import register_panel
        from core.nav import register_nav

        from . import access, metrics, panels

        register_nav(_("技术交易"), "deals:list", order=40, visible=lambda user: user.is_authenticated)
        register_nav(_("交易统计"), "deals:statistics", order=41)
        register_nav(_("技术经纪人"), "deals:brokers", order=42)
        register_panel(panels.record_panel)
        register_confidential_grant(access.demand_confidential_grant)
        metrics.register_metrics()
