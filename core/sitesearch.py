"""The site-wide search's registry: each app adds its sections, and may claim a query outright.

``register_section(name, search, order)``: ``search(user, query, chain) -> SearchSection | None``
gives the top hits of one kind (a library, patents …) for a keyword and/or an industry chain (slug;
the home page's chips browse a chain) with their total and the link to the full list.
``register_resolver(resolve)``: ``resolve(query) -> url | None`` sends a query that names one thing
(a patent number) straight to it. ``register_meaning(check)``: ``check(name) -> bool | None`` says
whether a section's kind is searched by meaning now (False: it would be, but too few of its
records have vectors yet; None: the check does not know the kind), so that a search answered by
meaning, or not at all, names the kinds searched by keywords only (``keyword_only_labels``).
core's search view calls them; it imports no app.

``cached_top(name, user=, query=, chain=, version=, compute=)``: a section's top hits (ids, total,
snippets) kept in Django's cache (Redis shared by the workers in production) for
``SECTION_TTL_S`` seconds per normalised query, chain, visibility scope and data version. A section
uses it only when what it finds depends on the viewer through the scope alone (signed in or not),
and still loads the cached ids through the viewer's own queryset, so a record the viewer may not
see never comes out of the cache (issue 19: a site search cost 54 ms of CPU at 100k records).
``cached_section(...)`` builds such a section (the catalog libraries' and the patents').
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache

from core.text import normalise

SECTION_TTL_S = 60  # how stale a cached section may be when no change signal dropped it (seconds)


@dataclass
class SearchSection:
    label: str
    hits: list
    total: int
    more_url: str  # the full list with the query applied
    template: str  # renders one hit as ``record`` (with ``highlights``)
    highlights: dict = field(default_factory=dict)
    # No record contains the query's words; these are the closest in meaning (approximate).
    semantic: bool = False


_SECTIONS: list[tuple[int, str, Callable]] = []
_LABELS: dict[str, str] = {}
_RESOLVERS: list[Callable] = []
_MEANING: list[Callable] = []


def register_section(name: str, search: Callable, order: int = 100, label: str = "") -> None:
    """``label``: the kind's name for the reader (a lazy string), used by ``keyword_only_labels``."""
    if not any(existing == name for _o, existing, _f in _SECTIONS):
        _SECTIONS.append((order, name, search))
        _SECTIONS.sort(key=lambda item: item[0])
    if label:
        _LABELS[name] = label


def register_meaning(check: Callable) -> None:
    if check not in _MEANING:
        _MEANING.append(check)


def keyword_only_labels() -> list[str]:
    """The labels of the registered sections that a meaning check says are searched by keywords
    only for now (``register_meaning``), in section order; [] when none is, or no check is
    registered (a platform without a semantic model: no search is by meaning, nothing to say)."""
    labels = []
    for _order, name, _search in _SECTIONS:
        if name in _LABELS and any(check(name) is False for check in _MEANING):
            labels.append(str(_LABELS[name]))
    return labels


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


def scope_of(user) -> str:
    """The visibility scope a cached section is kept under: "member" (signed in) or "visitor"."""
    return "member" if user.is_authenticated else "visitor"


def cached_top(name: str, *, user, query: str, chain: str, version, compute: Callable[[], dict | None]) -> dict | None:
    """``compute()``'s answer for this section, query, chain and ``scope_of(user)``, from the cache
    when an entry for the same ``version`` (a value the section's change signals replace) is there.

    ``compute() -> {"ids": [record id, …] best first, "total": int, "highlights": {id: html},
    "semantic": bool} | None`` (None: no hits; cached too; ``semantic``: records close in meaning,
    not keyword hits, ``catalog.search.SearchResult.semantic``). Plain data only: the caller loads ``ids`` through the viewer's
    queryset, keeps the order and drops what the viewer may not open."""
    wanted = repr((normalise(query or ""), chain or ""))
    digest = hashlib.sha256(wanted.encode()).hexdigest()[:32]
    key = f"sitesearch:{name}:{scope_of(user)}:{version}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute() or {}
        cache.set(key, found, SECTION_TTL_S)
    return found or None


def cached_section(
    name: str,
    *,
    user,
    query: str,
    chain: str,
    version,
    search: Callable,
    visible,
    n: int = 5,
    **section,
) -> SearchSection | None:
    """A section whose first ``n`` hits are kept by ``cached_top``: ``search()`` gives the result
    (``.queryset`` in rank order, ``.highlights.get(id, default)``, ``.semantic``) when nothing is cached; a cached
    answer's ids are loaded through ``visible`` (the viewer's own queryset), in order. ``section``:
    the other ``SearchSection`` fields (label, more_url, template). None when there are no hits."""
    fresh = []  # the records found by this request's own search: shown without reloading

    def compute() -> dict | None:
        result = search()
        fresh[:] = list(result.queryset[:n])
        if not fresh:
            return None
        return {
            "ids": [record.pk for record in fresh],
            "total": result.queryset.count(),
            "highlights": {record.pk: result.highlights.get(record.pk, "") for record in fresh},
            "semantic": bool(getattr(result, "semantic", False)),
        }

    found = cached_top(name, user=user, query=query, chain=chain, version=version, compute=compute)
    if found is None:
        return None
    hits = fresh or in_order(visible, found["ids"])
    if not hits:
        return None
    return SearchSection(
        hits=hits,
        total=found["total"],
        highlights=found["highlights"],
        semantic=found.get("semantic", False),
        **section,
    )


def in_order(queryset, ids: list) -> list:
    """The records of ``queryset`` with these ids, in the order of ``ids`` (those it lacks left out)."""
    found = {record.pk: record for record in queryset.filter(pk__in=ids)} if ids else {}
    return [found[pk] for pk in ids if pk in found]
