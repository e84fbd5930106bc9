from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("资源库")

    def ready(self):
        from . import selectors
        from .signals import resource_changed

        # A record published or withdrawn here shows in this process's cached totals at once.
        resource_changed.connect(selectors.forget_totals, dispatch_uid="catalog.forget_totals")
