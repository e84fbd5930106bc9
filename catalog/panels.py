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


# Controls above a library list's results (the subscriptions app's "保存搜索/订阅"): an app
# registers ``fn(request, library, querystring) -> (template_name, context) | None``. They sit in
# the part that htmx re-renders, so they always see the list's current filters.
_LIST_ACTIONS: list = []


def register_list_action(fn) -> None:
    if fn not in _LIST_ACTIONS:
        _LIST_ACTIONS.append(fn)


def list_actions_for(request, library, querystring: str) -> list[tuple[str, dict]]:
    return [action for action in (fn(request, library, querystring) for fn in _LIST_ACTIONS) if action]
