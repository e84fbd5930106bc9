from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("用户与机构")

    def ready(self):
        from core.workbench import register_panel

        from . import (
            security,  # noqa: F401  (connects the security-event receivers)
            workbench,
        )

        register_panel("accounts.organisations", workbench.my_organisations, order=40)
        register_panel("accounts.verification", workbench.verification_queue, order=55)
