"""Extra panels on a record's detail page, contributed by other apps (matching, deals).

An app registers ``fn(request, record) -> (template_name, context) | None`` in its AppConfig.ready.
The catalog never imports those apps.
"""

_PANELS: list = []


def register_panel(fn) -> None:
    if fn not in _PANELS:
        _PANELS.append(fn)


def panels_for(request, record) -> list[tuple[str, dict]]:
    result = []
    for fn in _PANELS:
        panel = fn(request, record)
        if panel:
            result.append(panel)
    return result
