"""The catalog's keyword-search backend on the tantivy index (registered in MatchingConfig.ready).

The queryset passed in is already filtered (published, visibility, the page's filters); the
index only ranks: hits are intersected with it. When a library has no index yet (a fresh
database, tests that create records directly) the database backend answers instead. A query with
no searchable word (stop words or punctuation only) finds nothing.
"""

from django.db.models import QuerySet

from catalog.search import DatabaseBackend, RankedRecords, SearchResult

from . import analysis, index
from .highlight import snippet

MAX_HITS = 1000  # ranked ids whose filters the database checks; deeper pages fall back to this cut
HIGHLIGHTS = 100


class Highlights:
    """{record id: snippet HTML}, each snippet made when a page first asks for it (a page shows
    20 records, so the other hits' snippets are never built)."""

    def __init__(self, payloads, marks: list[str]):
        # ``payloads``: {id: payload dict} or ``index.StoredPayloads`` (decoded on first ``get``).
        self._payloads = payloads
        self._marks = marks
        self._done: dict[int, str] = {}

    def get(self, pk, default=""):
        if pk not in self._done:
            payload = self._payloads.get(pk)
            if payload is None:
                return default
            self._done[pk] = snippet(payload.get("text", ""), self._marks) or snippet(
                payload.get("title", ""), self._marks
            )
        return self._done[pk] or default

    def __contains__(self, pk) -> bool:
        return bool(self.get(pk))

    def __bool__(self) -> bool:
        return bool(self._payloads)


class TantivyBackend:
    name = "tantivy"

    def __init__(self):
        self.fallback = DatabaseBackend()

    def usable(self, library: str) -> bool:
        return index.index_exists(library) and index.open_index(library).num_docs() > 0

    def search(self, *, library: str, query: str, queryset: QuerySet) -> SearchResult:
        if not self.usable(library):
            return self.fallback.search(library=library, query=query, queryset=queryset)
        groups = analysis.query_groups(query)
        if not groups:
            # Nothing searchable is left (only stop words or punctuation: "的", "the", "a", "%"):
            # nothing matches. The substring fallback would answer "a" with nearly every record.
            return SearchResult(queryset=queryset.none(), engine=self.name)
        kind_index = index.open_index(library)
        hits, payloads = kind_index.search_lazy(groups, limit=MAX_HITS, require_all=True, keep=HIGHLIGHTS)
        ids = [pk for pk, _score in hits]
        marks = analysis.tokens(query, search_mode=True) + analysis.group_terms(groups)
        return SearchResult(
            queryset=RankedRecords(queryset, ids), highlights=Highlights(payloads, marks), engine=self.name
        )
