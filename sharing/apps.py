from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("仪器共享")

    @staticmethod
    def _register_notification_kinds():
        from notifications.kinds import register_kind_family

        from .models import BookingStatus, OrderStatus

        # The status a booking or order has just reached (services.bookings._tell, services.orders._tell).
        booking = [
            BookingStatus.REQUESTED,
            BookingStatus.APPROVED,
            BookingStatus.REFUSED,
            BookingStatus.USED,
            BookingStatus.CONFIRMED,
        ]
        order = [
            OrderStatus.REQUESTED,
            OrderStatus.QUOTED,
            OrderStatus.ACCEPTED,
            OrderStatus.DECLINED,
            OrderStatus.DELIVERED,
        ]
        register_kind_family("sharing.booking_", _("仪器预约：{}"), [(s.value, s.label) for s in booking])
        register_kind_family("sharing.order_", _("检测委托：{}"), [(s.value, s.label) for s in order])

    def ready(self):
        self._register_notification_kinds()
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
