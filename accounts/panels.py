"""Extra panels on an organisation's public page, contributed by other apps (matching).

An app registers ``fn(request, organisation) -> (template_name, context) | None`` in its
AppConfig.ready; accounts never imports those apps.
"""

_PANELS: list = []


def register_panel(fn) -> None:
    if fn not in _PANELS:
        _PANELS.append(fn)


def panels_for(request, organisation) -> list[tuple[str, dict]]:
    return [panel for panel in (fn(request, organisation) for fn in _PANELS) if panel]
