"""The registry of libraries: one place that maps a URL/API slug to its model and labels."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Achievement, Demand, Expert, FinancialProduct, Instrument, Policy, Scenario


@dataclass(frozen=True)
class Library:
    slug: str
    model: type
    label: str
    icon: str
    # Filters the public list offers, by query parameter name.
    filters: tuple[str, ...]


LIBRARIES: dict[str, Library] = {
    lib.slug: lib
    for lib in [
        Library(
            "achievements", Achievement, _("科技成果"), "lightbulb", ("chain", "region", "new_city", "stage", "mode")
        ),
        Library("demands", Demand, _("技术需求"), "target", ("chain", "region", "new_city", "mode", "bottleneck")),
        Library("instruments", Instrument, _("仪器设备"), "microscope", ("chain", "region", "new_city", "category")),
        Library("policies", Policy, _("政策"), "file-text", ("chain", "region", "new_city", "level", "subject")),
        Library("experts", Expert, _("专家人才"), "person", ("chain", "region", "new_city")),
        Library("finance", FinancialProduct, _("金融产品"), "bank", ("chain", "region", "new_city", "product_type")),
        Library("scenarios", Scenario, _("应用场景"), "map", ("chain", "region", "new_city", "kind")),
    ]
}


def get_library(slug: str) -> Library:
    from django.http import Http404

    try:
        return LIBRARIES[slug]
    except KeyError:
        raise Http404(_("没有这个资源库")) from None


def library_for_model(model) -> Library:
    for lib in LIBRARIES.values():
        if lib.model is model or isinstance(model, lib.model):
            return lib
    raise LookupError(model)
