"""The one keyword-search function every list page and API endpoint calls.

A backend answers ``search(library, query, ids_queryset)`` with record ids in rank order and
optional highlighted snippets. The default backend is a plain database query; the matching app
registers its full-text engine with ``set_backend`` at start-up, and callers do not change.
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from core.text import normalise


@dataclass
class SearchResult:
    queryset: QuerySet
    # record id -> HTML snippet with <mark> around the matched terms (escaped otherwise).
    highlights: dict[int, str] = field(default_factory=dict)
    engine: str = "database"


class DatabaseBackend:
    """Substring match on the main text fields, every term required. Correct but slow at scale."""

    name = "database"

    TEXT_FIELDS = ("title", "summary", "body")

    def search(self, *, library: str, query: str, queryset: QuerySet) -> SearchResult:
        # The one normaliser (width, format characters, traditional → simplified); stored text is
        # compared as written, so this fallback stays approximate until the index exists.
        terms = [t for t in normalise(query).split() if t]
        fields = getattr(queryset.model, "SEARCH_FIELDS", self.TEXT_FIELDS)
        for term in terms:
            condition = Q()
            for name in fields:
                condition |= Q(**{f"{name}__icontains": term})
            queryset = queryset.filter(condition)
        return SearchResult(queryset=queryset, engine=self.name)


_backend = DatabaseBackend()


def set_backend(backend) -> None:
    global _backend
    _backend = backend


def get_backend():
    return _backend


def keyword_search(*, library: str, query: str, queryset: QuerySet) -> SearchResult:
    query = (query or "").strip()
    if not query:
        return SearchResult(queryset=queryset, engine="none")
    return _backend.search(library=library, query=query, queryset=queryset)
