"""The site-wide search's registry: each app adds its sections, and may claim a query outright.

``register_section(name, search, order)``: ``search(user, query, chain) -> SearchSection | None``
gives the top hits of one kind (a library, patents …) for a keyword and/or an industry chain (slug;
the home page's chips browse a chain) with their total and the link to the full list.
``register_resolver(resolve)``: ``resolve(query) -> url | None`` sends a query that names one thing
(a patent number) straight to it. core's search view calls both; it imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SearchSection:
    label: str
    hits: list
    total: int
    more_url: str  # the full list with the query applied
    template: str  # renders one hit as ``record`` (with ``highlights``)
    highlights: dict = field(default_factory=dict)


_SECTIONS: list[tuple[int, str, Callable]] = []
_RESOLVERS: list[Callable] = []


def register_section(name: str, search: Callable, order: int = 100) -> None:
    if not any(existing == name for _o, existing, _f in _SECTIONS):
        _SECTIONS.append((order, name, search))
        _SECTIONS.sort(key=lambda item: item[0])


def register_resolver(resolve: Callable) -> None:
    if resolve not in _RESOLVERS:
        _RESOLVERS.append(resolve)


def resolve(query: str) -> str | None:
    for resolver in _RESOLVERS:
        url = resolver(query)
        if url:
            return url
    return None


def sections(user, query: str, chain: str = "") -> list[SearchSection]:
    found = []
    for _order, _name, search in _SECTIONS:
        section = search(user, query, chain)
        if section is not None and section.hits:
            found.append(section)
    return found
