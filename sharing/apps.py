from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("仪器共享")

    def ready(self):
        from catalog.panels import register_panel
        from core.nav import SERVICES_GROUP, register_nav

        from . import demo, metrics, panels  # noqa: F401 - demo registers its loader on import

        group = SERVICES_GROUP
        register_nav(_("我的预约"), "sharing:bookings", order=55, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("检测服务订单"), "sharing:orders", order=56, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("科技创新券"), "sharing:vouchers", order=57, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("仪器后补助"), "sharing:subsidies", order=58, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("共享统计"), "sharing:statistics", order=59, visible=lambda u: u.is_authenticated, group=group)
        register_panel(panels.instrument_panel)
        metrics.register_metrics()
        from core.actions import register_action

        from . import next_steps

        register_action("sharing.book", next_steps.book_action, order=10)
