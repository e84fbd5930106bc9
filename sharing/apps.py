from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("仪器共享")

    def ready(self):
        from catalog.panels import register_panel
        from core.nav import register_nav

        from . import demo, metrics, panels  # noqa: F401 - demo registers its loader on import

        group = pgettext_lazy("nav", "仪器共享")
        register_nav(_("我的预约"), "sharing:bookings", order=50, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("检测服务订单"), "sharing:orders", order=51, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("科技创新券"), "sharing:vouchers", order=52, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("仪器后补助"), "sharing:subsidies", order=53, visible=lambda u: u.is_authenticated, group=group)
        register_nav(_("共享统计"), "sharing:statistics", order=54, visible=lambda u: u.is_authenticated, group=group)
        register_panel(panels.instrument_panel)
        metrics.register_metrics()
