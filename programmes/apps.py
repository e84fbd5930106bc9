from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("项目征集与活动")

    def ready(self):
        from core.nav import register_nav

        from . import metrics

        group = pgettext_lazy("nav", "揭榜路演")
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
