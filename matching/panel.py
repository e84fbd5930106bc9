"""The 匹配推荐 panel on demand, achievement and scenario detail pages (htmx). An enterprise's
financial products are the finance app's panel (eligibility rules, not shared words)."""

from django.urls import reverse

from .selectors import can_match


def match_panel(request, record):
    kind = getattr(record, "library", "")
    if not can_match(kind) or record.status != "published":
        return None
    url = reverse("matching:panel", kwargs={"kind": kind, "pk": record.pk})
    return "matching/_panel.html", {"url": url, "kind": kind, "id": record.pk}
