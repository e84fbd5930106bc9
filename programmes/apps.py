from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("项目征集与活动")

    def ready(self):
        from core.nav import SERVICES_GROUP, register_nav

        from . import metrics

        group = SERVICES_GROUP
        register_nav(_("项目征集"), "programmes:list", order=50, group=group)
        register_nav(
            _("我的申报与评审"),
            "programmes:my_reviews",
            order=51,
            group=group,
            visible=lambda user: user.is_authenticated,
        )
        register_nav(_("新闻公告与活动"), "programmes:news", order=52, group=group)
        metrics.register_metrics()
