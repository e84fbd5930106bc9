"""The one keyword-search function every list page and API endpoint calls.

A backend answers ``search(library, query, ids_queryset)`` with record ids in rank order and
optional highlighted snippets. The default backend is a plain database query; the matching app
registers its full-text engine with ``set_backend`` at start-up, and callers do not change.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from core.text import normalise


class RankedRecords:
    """The records of ``queryset`` in the rank order of ``ids`` (best first), for a paginator.

    Paginating costs two queries whatever the page: which ranked ids pass the queryset's
    filters (ids only), then the records of the one page asked for, put in rank order in
    Python. Nothing sends the ranking back to the database (a 1,000-branch ``CASE WHEN`` cost
    930 ms per page at 100k records, issue 19).
    """

    def __init__(self, queryset: QuerySet, ids: list[int]):
        self.queryset = queryset
        self.ids = list(dict.fromkeys(ids))
        self.model = queryset.model

    @cached_property
    def kept_ids(self) -> list[int]:
        if not self.ids:
            return []
        passing = set(pk_in(self.queryset.prefetch_related(None), self.ids).values_list("pk", flat=True))
        return [pk for pk in self.ids if pk in passing]

    def count(self) -> int:
        return len(self.kept_ids)

    def __len__(self) -> int:
        return self.count()

    def _records(self, ids: list[int]) -> list:
        found = {r.pk: r for r in self.queryset.filter(pk__in=ids)} if ids else {}
        return [found[pk] for pk in ids if pk in found]

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._records(self.kept_ids[key])
        return self._records([self.kept_ids[key]])[0]

    def __iter__(self):
        for start in range(0, len(self.kept_ids), 500):
            yield from self._records(self.kept_ids[start : start + 500])

    def prefetch_related(self, *lookups) -> "RankedRecords":
        """The same ranking over ``queryset.prefetch_related(*lookups)`` (an API list's relations)."""
        return RankedRecords(self.queryset.prefetch_related(*lookups), self.ids)

    def order_by(self, *fields) -> QuerySet:
        """The same records ordered by ``fields`` instead of rank (e.g. "my records" by date)."""
        return pk_in(self.queryset, self.kept_ids).order_by(*fields)


def pk_in(queryset: QuerySet, ids: list[int]) -> QuerySet:
    """``queryset.filter(pk__in=ids)``; on PostgreSQL a long list goes as one array parameter
    (``IN (SELECT unnest(%s))``): building and sending 1,000 placeholders cost about 10 ms of CPU
    per ranked list at 100k records (issue 19)."""
    if len(ids) > 50 and connections[queryset.db].vendor == "postgresql":
        return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", ([int(pk) for pk in ids],)))
    return queryset.filter(pk__in=ids)


@dataclass
class SearchResult:
    # An ordered QuerySet, or RankedRecords when a search engine ranked the hits: both can be
    # sliced, counted and handed to a Paginator.
    queryset: QuerySet | RankedRecords
    # record id -> HTML snippet with <mark> around the matched terms (escaped otherwise).
    highlights: dict[int, str] = field(default_factory=dict)
    engine: str = "database"
    # True when no record contains the query's words and the records shown are the ones closest
    # in meaning instead (``keyword_search(semantic=True)``): approximate, and pages must say so.
    semantic: bool = False


class DatabaseBackend:
    """Substring match on the main text fields, every term required. Correct but slow at scale."""

    name = "database"

    TEXT_FIELDS = ("title", "summary", "body")

    def search(
        self, *, library: str, query: str, queryset: QuerySet, semantic: bool = False, visible: QuerySet | None = None
    ) -> SearchResult:
        # ``semantic`` and ``visible`` are accepted and ignored: a substring match has no meaning side.
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


def keyword_search(
    *, library: str, query: str, queryset: QuerySet, semantic: bool = False, visible: QuerySet | None = None
) -> SearchResult:
    """The records of ``queryset`` (already filtered: published, visibility, the page's filters)
    that match ``query``, best first. ``semantic=True`` (pages and API lists a person reads, not
    exports or saved-search digests): when no record contains the query's words, a backend with a
    meaning side may answer with the records closest in meaning instead, marked
    ``SearchResult.semantic`` (the matching app's backend: ``matching.backend``). ``visible``: the
    records the viewer may see before the page's filters (default ``queryset``); the meaning side
    judges its candidates among them only, so a record the viewer may not see moves nothing."""
    query = (query or "").strip()
    if not query:
        return SearchResult(queryset=queryset, engine="none")
    if semantic:
        return _backend.search(library=library, query=query, queryset=queryset, semantic=True, visible=visible)
    return _backend.search(library=library, query=query, queryset=queryset)
