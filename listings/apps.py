from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("挂牌交易")

    def ready(self):
        from catalog.panels import register_panel
        from core.nav import register_nav

        from . import panels

        register_panel(panels.record_panel)

        register_nav(_("挂牌交易"), "listings:list", order=44, group=pgettext_lazy("nav", "技术交易"))
        from . import next_steps

        next_steps.register()  # listings as detail-page records; "查看挂牌交易" on listed achievements and patents
