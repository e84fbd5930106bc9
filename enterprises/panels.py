"""A panel on the organisation page (accounts.panels) linking an enterprise to its portrait."""

from .services import ENTERPRISE_KINDS


def organisation_panel(request, organisation):
    if organisation.kind not in ENTERPRISE_KINDS:
        return None
    return "enterprises/_organisation_panel.html", {"organisation": organisation}
