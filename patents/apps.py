from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PatentsConfig(AppConfig):
    name = "patents"
    verbose_name = _("专利池")

    @staticmethod
    def _connect_citing_receivers(receiver) -> None:
        """A changed achievement may name other patents: drop the cached citing scans."""
        from django.db.models.signals import post_delete, post_save

        from catalog.models import Achievement
        from catalog.signals import resource_changed

        post_save.connect(receiver, sender=Achievement, dispatch_uid="patents.citing.save")
        post_delete.connect(receiver, sender=Achievement, dispatch_uid="patents.citing.delete")
        resource_changed.connect(receiver, dispatch_uid="patents.citing.changed")

    def ready(self):
        from catalog.panels import register_panel
        from core.nav import register_nav
        from matching.sources import Source, register_source
        from monitoring.metrics import register_metric

        from . import integration
        from .selectors import forget_citing

        self._connect_citing_receivers(forget_citing)

        register_nav(pgettext_lazy("nav", "专利池"), "patents:pool_list", order=20)
        register_source(
            Source(
                kind="patents",
                label=_("专利"),
                documents=integration.documents,
                document_for=integration.document_for,
                url_for=integration.url_for,
                urls_for=integration.urls_for,
                documents_for=integration.documents_for,
                count=integration.matchable_count,
            )
        )
        for metric in integration.metrics():
            register_metric(metric)
        register_panel(integration.achievement_patents_panel)

        from core.sitesearch import register_resolver, register_section

        from . import selectors

        register_section("patents", selectors.site_search_section, order=25, label=_("专利"))
        register_resolver(selectors.patent_url_for_query)
        from . import next_steps

        next_steps.register()  # patents as detail-page records (consultations, bookmarks, action bar)
