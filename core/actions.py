"""The action bar ("下一步") on every record's detail page (issue 10).

One include, ``{% load next_steps %}{% action_bar record %}``, renders the actions apps contribute.
An app registers ``fn(request, record) -> Action | list[Action] | None`` in its AppConfig.ready; None
means the action does not fit this record or this user. The common steps (咨询, 收藏) come from their
apps the same way; the share link is the bar's own. Core never imports the apps.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Action:
    key: str  # stable name, also the element's data-action (tests, CSS)
    label: str
    url: str
    method: str = "get"  # "post": rendered as a one-button form with the CSRF token
    primary: bool = False  # the record kind's own next step (预约, 申请 …) is drawn as the main button
    note: str = ""  # a short line under the button (why it is disabled, what happens next)
    fields: dict = field(default_factory=dict)  # hidden inputs of a POST action
    active: bool = False  # a toggle that is on (已收藏)


@dataclass(frozen=True)
class _Provider:
    key: str
    fn: Callable
    order: int


_PROVIDERS: dict[str, _Provider] = {}


def register_action(key: str, fn: Callable, order: int = 100) -> None:
    _PROVIDERS[key] = _Provider(key, fn, order)


def actions_for(request, record) -> list[Action]:
    """The actions that fit, primary ones first, then in registration order; a provider that
    fails is logged and left out, so one app's error never takes a detail page down."""
    found: list[Action] = []
    for provider in sorted(_PROVIDERS.values(), key=lambda p: p.order):
        try:
            result = provider.fn(request, record)
        except Exception:
            logger.exception("action provider failed", extra={"provider": provider.key})
            continue
        if result:
            found.extend(result if isinstance(result, list | tuple) else [result])
    if not any(a.primary for a in found):
        # Where no app serves the record kind yet, the consultation is its next step (issue 10).
        found = [replace(a, primary=True) if a.key == "consult" else a for a in found]
    return sorted(found, key=lambda a: not a.primary)
