"""Navigation entries contributed by apps (patents, deals, monitoring ...).

An app calls ``register_nav`` in its AppConfig.ready; ``visible`` decides per user.
Entries with the same ``group`` share one dropdown in the top bar; ``place="user"`` puts an
entry in the signed-in user's menu (operators' tools) instead of the top bar.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import pgettext_lazy

# The hub's services beyond the market (programmes, instrument sharing, enterprise cultivation)
# share one dropdown, so that the top bar fits 1280 px in Chinese and in English.
SERVICES_GROUP = pgettext_lazy("nav", "创新服务")


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    visible: Callable = lambda user: True
    group: str | None = None
    place: str = "main"


@dataclass
class NavGroup:
    label: str
    items: list[NavItem] = field(default_factory=list)

    @property
    def url_names(self) -> list[str]:
        return [item.url_name for item in self.items]


_ITEMS: list[NavItem] = []


def register_nav(
    label, url_name: str, order: int = 100, visible: Callable = lambda user: True, group=None, place="main"
) -> None:
    if not any(item.url_name == url_name for item in _ITEMS):
        _ITEMS.append(NavItem(label, url_name, order, visible, group, place))
        _ITEMS.sort(key=lambda item: item.order)


def nav_for(user, place: str = "main") -> list[NavItem | NavGroup]:
    """Visible entries in order; grouped ones folded into a NavGroup at the first member's place."""
    result: list[NavItem | NavGroup] = []
    groups: dict[str, NavGroup] = {}
    for item in _ITEMS:
        if item.place != place or not item.visible(user):
            continue
        if item.group is None:
            result.append(item)
            continue
        key = str(item.group)
        if key not in groups:
            groups[key] = NavGroup(item.group)
            result.append(groups[key])
        groups[key].items.append(item)
    return result
