"""The 匹配推荐 panel on demand, achievement and scenario detail pages and on enterprise pages (htmx)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .organisation_sources import KIND as ORGANISATIONS
from .organisation_sources import MATCHABLE_KINDS
from .selectors import can_match


def match_panel(request, record):
    kind = getattr(record, "library", "")
    if not can_match(kind) or record.status != "published":
        return None
    url = reverse("matching:panel", kwargs={"kind": kind, "pk": record.pk})
    return "matching/_panel.html", {"url": url, "kind": kind, "id": record.pk}


def organisation_panel(request, organisation):
    """On a verified enterprise's page: the financial products it may apply for."""
    if not organisation.is_verified or organisation.kind not in MATCHABLE_KINDS:
        return None
    url = reverse("matching:panel", kwargs={"kind": ORGANISATIONS, "pk": organisation.pk})
    return "matching/_panel.html", {
        "url": url,
        "kind": ORGANISATIONS,
        "id": organisation.pk,
        "title": _("可申请的金融产品"),
    }
