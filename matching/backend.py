"""The catalog's keyword-search backend on the tantivy index (registered in MatchingConfig.ready).

The queryset passed in is already filtered (published, visibility, the page's filters); the
index only ranks: hits are intersected with it. When a library has no index yet (a fresh
database, tests that create records directly) the database backend answers instead.
"""

from django.db.models import Case, IntegerField, QuerySet, When

from catalog.search import DatabaseBackend, SearchResult

from . import analysis, index
from .highlight import snippet

MAX_HITS = 1000  # ranked ids handed to the database; deeper pages fall back to this cut
HIGHLIGHTS = 100


def ranked(queryset: QuerySet, ids: list[int]) -> QuerySet:
    if not ids:
        return queryset.none()
    order = Case(*[When(pk=pk, then=pos) for pos, pk in enumerate(ids)], output_field=IntegerField())
    return queryset.filter(pk__in=ids).order_by(order)


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
        hits = index.open_index(library).search(groups, limit=MAX_HITS, require_all=True)
        ids = [pk for pk, _score, _payload in hits]
        marks = analysis.tokens(query, search_mode=True) + analysis.group_terms(groups)
        highlights = {}
        for pk, _score, payload in hits[:HIGHLIGHTS]:
            html = snippet(payload.get("text", ""), marks) or snippet(payload.get("title", ""), marks)
            if html:
                highlights[pk] = html
        return SearchResult(queryset=ranked(queryset, ids), highlights=highlights, engine=self.name)
