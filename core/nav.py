"""Top navigation entries contributed by apps (patents, deals, monitoring ...).

An app calls ``register_nav`` in its AppConfig.ready; ``visible`` decides per user.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    visible: Callable = lambda user: True


_ITEMS: list[NavItem] = []


def register_nav(label, url_name: str, order: int = 100, visible: Callable = lambda user: True) -> None:
    if not any(item.url_name == url_name for item in _ITEMS):
        _ITEMS.append(NavItem(label, url_name, order, visible))
        _ITEMS.sort(key=lambda item: item.order)


def nav_for(user) -> list[NavItem]:
    return [item for item in _ITEMS if item.visible(user)]
