from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("通知中心")

    def ready(self):
        from core.workbench import register_panel

        from . import workbench

        register_panel("notifications.unread", workbench.unread, order=5)
