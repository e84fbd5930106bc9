from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("企业画像与培育")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts.panels import register_panel
        from core.nav import SERVICES_GROUP, register_nav

        from . import access, demo, facts, metrics, panels  # noqa: F401  (facts registers the "enterprise" fact set)

        # Operators' and leaders' tools sit in the user menu (place="user"); the top bar keeps one
        # short group (the English top bar is already near 1280 px).
        group = SERVICES_GROUP
        register_nav(
            _("我的企业档案"),
            "enterprises:mine",
            order=60,
            group=group,
            visible=lambda user: access.has_enterprise(user),
        )
        register_nav(
            _("核验队列"),
            "enterprises:queue",
            order=61,
            place="user",
            visible=lambda user: user.is_authenticated and user.is_operator,
        )
        register_nav(
            _("创新积分"),
            "enterprises:points",
            order=62,
            place="user",
            visible=lambda user: user.is_authenticated and user.is_leader,
        )
        register_nav(
            _("梯度培育库"),
            "enterprises:pools",
            order=63,
            place="user",
            visible=lambda user: user.is_authenticated and user.is_leader,
        )
        register_nav(_("示范企业库"), "enterprises:demonstrations", order=64, group=group)
        register_panel(panels.organisation_panel)
        metrics.register_metrics()
