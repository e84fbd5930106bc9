"""我的工作台: the signed-in user's start page, made of panels that apps contribute.

An app calls ``register_panel`` in its AppConfig.ready with a function ``fn(user) -> dict | None``
built from its own selectors; None hides the panel (the user's roles or organisation do not fit).
The dict has ``title``, optional ``url`` (the full page), ``figures`` [(label, value, url)] and
``items`` [(title, url, note)], rendered by one template; core never imports the apps.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Panel:
    key: str
    fn: Callable
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register_panel(key: str, fn: Callable, order: int = 100) -> None:
    _PANELS[key] = Panel(key, fn, order)


def panels_for(user) -> list[dict]:
    """The panels this user may use, in order; a panel that fails is left out and logged, so one
    app's error never takes the workbench down."""
    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: p.order):
        try:
            data = panel.fn(user)
        except Exception:
            logger.exception("workbench panel failed", extra={"panel": panel.key})
            continue
        if data:
            shown.append({"key": panel.key, "figures": [], "items": [], **data})
    return shown
