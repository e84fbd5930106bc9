from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PatentsConfig(AppConfig):
    name = "patents"
    verbose_name = _("专利池")

    def ready(self):
        from catalog.panels import register_panel
        from core.nav import register_nav
        from matching.sources import Source, register_source
        from monitoring.metrics import register_metric

        from . import integration

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
            )
        )
        for metric in integration.metrics():
            register_metric(metric)
        register_panel(integration.achievement_patents_panel)

        from core.sitesearch import register_resolver, register_section

        from . import selectors

        register_section("patents", selectors.site_search_section, order=25)
        register_resolver(selectors.patent_url_for_query)
        from . import next_steps

        next_steps.register()  # patents as detail-page records (consultations, bookmarks, action bar)
