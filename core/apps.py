from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("平台")

    def ready(self):
        from .audit import connect_deletion_audit
        from .audit_views import can_read_trail
        from .nav import register_nav
        from .storage import connect_file_cleanup

        connect_deletion_audit()
        connect_file_cleanup()
        register_nav(_("安全审计"), "core:audit_trail", order=95, visible=can_read_trail, place="user")
        from . import logs  # noqa: F401  (connects the Celery signals that carry the request id)
