"""A panel on the organisation page (accounts.panels) linking an enterprise to its portrait."""

from .services import ENTERPRISE_KINDS


def organisation_panel(request, organisation):
    if organisation.kind not in ENTERPRISE_KINDS:
        return None
    return "enterprises/_organisation_panel.html", {"organisation": organisation}


# Panels other apps add to the portrait (finance: white-list mark and risk signals for banks and
# operators). ``fn(request, profile) -> (template_name, context) | None``, registered in their
# AppConfig.ready; enterprises never imports those apps.
_PORTRAIT_PANELS: list = []


def register_portrait_panel(fn) -> None:
    if fn not in _PORTRAIT_PANELS:
        _PORTRAIT_PANELS.append(fn)


def portrait_panels(request, profile) -> list[tuple[str, dict]]:
    return [panel for panel in (fn(request, profile) for fn in _PORTRAIT_PANELS) if panel]
