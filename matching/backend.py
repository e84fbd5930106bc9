"""The catalog's keyword-search backend on the tantivy index (registered in MatchingConfig.ready).

The queryset passed in is already filtered (published, visibility, the page's filters); the
index only ranks: hits are intersected with it. When a library has no index yet (a fresh
database, tests that create records directly) the database backend answers instead.
"""

from django.db.models import QuerySet

from catalog.search import DatabaseBackend, RankedRecords, SearchResult

from . import analysis, index
from .highlight import snippet

MAX_HITS = 1000  # ranked ids whose filters the database checks; deeper pages fall back to this cut
HIGHLIGHTS = 100


class Highlights:
    """{record id: snippet HTML} for the first ``HIGHLIGHTS`` ranked ids, each snippet made when
    a page first asks for it. Stored documents are read then too, ``WINDOW`` ranked ids at a time
    from the one asked for: a page shows 20 records, so the other hits' payloads are never read
    from the index (they were: 100 decoded for 20 shown, issue 19)."""

    WINDOW = 20

    def __init__(self, load, ids: list[int], marks: list[str]):
        """``load(ids) -> {id: payload}`` (``KindIndex.get``); ``ids``: the ranked ids that may
        have a snippet."""
        self._load = load
        self._ids = list(ids)
        self._rank = {pk: n for n, pk in enumerate(self._ids)}
        self._marks = marks
        self._payloads: dict[int, dict | None] = {}
        self._done: dict[int, str] = {}

    def _payload(self, pk):
        if pk not in self._payloads:
            start = self._rank[pk]
            window = [p for p in self._ids[start : start + self.WINDOW] if p not in self._payloads]
            found = self._load(window)
            for p in window:
                self._payloads[p] = found.get(p)
        return self._payloads[pk]

    def get(self, pk, default=""):
        if pk not in self._done:
            payload = self._payload(pk) if pk in self._rank else None
            if payload is None:
                return default
            self._done[pk] = snippet(payload.get("text", ""), self._marks) or snippet(
                payload.get("title", ""), self._marks
            )
        return self._done[pk] or default

    def __contains__(self, pk) -> bool:
        return bool(self.get(pk))

    def __bool__(self) -> bool:
        return bool(self._ids)


class TantivyBackend:
    name = "tantivy"

    def __init__(self):
        self.fallback = DatabaseBackend()

    def usable(self, library: str) -> bool:
        return index.index_exists(library) and index.open_index(library).num_docs() > 0

    def search(self, *, library: str, query: str, queryset: QuerySet) -> SearchResult:
        groups = analysis.query_groups(query)
        if not groups or not self.usable(library):
            return self.fallback.search(library=library, query=query, queryset=queryset)
        kind_index = index.open_index(library)
        hits = kind_index.search(groups, limit=MAX_HITS, require_all=True, payloads=0)
        ids = [pk for pk, _score, _payload in hits]
        marks = analysis.tokens(query, search_mode=True) + analysis.group_terms(groups)
        highlights = Highlights(kind_index.get, ids[:HIGHLIGHTS], marks)
        return SearchResult(queryset=RankedRecords(queryset, ids), highlights=highlights, engine=self.name)
