from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("供需匹配")

    def ready(self):
        from catalog import panels, search
        from catalog.signals import resource_changed
        from core.health import register_check
        from core.nav import register_nav
        from core.sitesearch import register_meaning

        from . import receivers
        from .backend import TantivyBackend, searched_by_meaning
        from .catalog_sources import register_catalog_sources
        from .health import SearchIndex
        from .organisation_sources import register_organisation_source
        from .panel import match_panel
        from .sources import documents_changed_signal

        register_check("index", SearchIndex)
        register_catalog_sources()
        register_organisation_source()
        resource_changed.connect(receivers.on_resource_changed, dispatch_uid="matching.resource_changed")
        documents_changed_signal.connect(receivers.on_documents_changed, dispatch_uid="matching.documents_changed")
        search.set_backend(TantivyBackend())
        register_meaning(searched_by_meaning)
        panels.register_panel(match_panel)
        register_nav(
            _("匹配效果"),
            "matching:status",
            order=80,
            visible=lambda user: user.is_authenticated and user.is_operator,
            place="user",
        )
