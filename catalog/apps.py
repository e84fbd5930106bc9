from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("资源库")

    def ready(self):
        from core.sitesearch import register_section

        from . import selectors
        from .libraries import LIBRARIES
        from .signals import resource_changed

        for order, lib in enumerate(LIBRARIES.values()):
            register_section(lib.slug, selectors.site_search_section(lib), order=order * 10, label=lib.label)
        # A record published or withdrawn here shows in this process's cached totals at once.
        resource_changed.connect(selectors.forget_totals, dispatch_uid="catalog.forget_totals")
        from core.workbench import register_panel

        from . import workbench

        register_panel("catalog.mine", workbench.my_records, order=10)
        register_panel("catalog.review", workbench.review_queue, order=50)
        from . import next_steps

        next_steps.register()  # the libraries as detail-page records (consultations, bookmarks, action bar)
