"""Read side of matching: candidates from the lexical and semantic indexes, fused by reciprocal
rank fusion, then re-ranked with structured signals. Every match carries its score parts and
its reasons in plain Chinese.
"""

import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from . import analysis, embedding, index
from .highlight import shared_terms, snippet
from .indexing import vector_store
from .sources import Document, confidential_keys, get_source, sources, urls_for

# What each kind looks for (only kinds with a registered source take part).
TARGETS: dict[str, tuple[str, ...]] = {
    "demands": ("achievements", "patents", "experts", "instruments"),
    "achievements": ("demands", "scenarios", "organisations"),
    "scenarios": ("achievements", "scenarios", "experts"),
    "patents": ("demands",),
    # An enterprise's financial products are not a text match: the finance app checks each
    # product's eligibility rules against the firm's verified figures (finance.fit).
}
# Pairs where a shared industry chain alone makes a candidate: an achievement and a firm often
# share no words, only the chain they serve.
CHAIN_RECALL = {("achievements", "organisations")}

CANDIDATES = 50  # per retriever and target kind
RERANK = 30  # fused candidates per target kind that get the structured re-ranking
RRF_K = 10  # a small k lets the top of each list count more; 10 beat 30 and 60 on the visible patent set
# Fusion weights. On the visible patent set (see matching/README.md) semantic alone beats BM25;
# lexical 0.5 : semantic 1 keeps most of that while shared key terms still lift a candidate.
LEXICAL_WEIGHT, SEMANTIC_WEIGHT = 0.5, 1.0
QUERY_TOKENS = 64

# Weights of the score parts (the fused rank dominates; each structured signal nudges).
WEIGHTS = {
    "fusion": 1.0,
    "chain": 0.15,
    "ipc": 0.15,
    "region": 0.08,
    "maturity": 0.08,
    "budget": 0.10,
    "modes": 0.07,
    "verified": 0.03,
    "freshness": 0.03,
}
STAGE_LEVEL = {"lab": 0.0, "small_pilot": 0.4, "pilot": 0.75, "industrial": 1.0}
XIAN, XIANYANG = "6101", "6104"

# Pair-specific structured signals contributed by higher apps (the talent cloud adds talent ↔
# talent-demand signals: category, level, degree, engagement mode). (source kind, target kind) ->
# fn(source, target) -> (parts, reasons); the parts' weights are registered with them.
PAIR_SIGNALS: dict[tuple[str, str], callable] = {}


def register_pairs(kind: str, targets: tuple[str, ...], *, chain_recall=(), signals=None, weights=None) -> None:
    """Let ``kind`` look for ``targets`` (appended to what it already looks for), with optional
    pair signals {(source kind, target kind): fn} and their weights {part: weight}."""
    TARGETS[kind] = tuple(dict.fromkeys((*TARGETS.get(kind, ()), *targets)))
    for pair in chain_recall:
        CHAIN_RECALL.add(pair)
    PAIR_SIGNALS.update(signals or {})
    for name, weight in (weights or {}).items():
        WEIGHTS.setdefault(name, weight)


@dataclass
class Match:
    kind: str
    id: int
    title: str
    url: str
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    snippet: str = ""
    kind_label: str = ""

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "id": self.id,
            "title": self.title,
            "url": self.url,
            "score": round(self.score, 4),
            "parts": {k: round(v, 4) for k, v in self.parts.items()},
            "reasons": self.reasons,
            "snippet": self.snippet,
        }


@dataclass
class Viewer:
    """What the re-ranker needs to know about who is looking."""

    authenticated: bool = False
    # (kind, ids) -> the ids among ``ids`` whose confidential fields (a demand's budget) this viewer
    # may read. One call per kind and match, so that a list of demands costs one query, not one each.
    confidential_ids: callable = lambda kind, ids: set()


def for_viewer(docs: list[Document], viewer: Viewer) -> list[Document]:
    """The documents as ``viewer`` may use them: the extra keys their source declares confidential
    (``Source.confidential``) are dropped unless the viewer may read that record's confidential
    fields. Structured signals are computed only on what is left, so a hidden field moves no
    score, part, order or reason."""
    by_kind: dict[str, list[Document]] = {}
    for doc in docs:
        if set(confidential_keys(doc.kind)) & set(doc.extra):
            by_kind.setdefault(doc.kind, []).append(doc)
    hidden: set[tuple[str, int]] = set()
    for kind, group in by_kind.items():
        readable = viewer.confidential_ids(kind, [d.id for d in group])
        hidden.update((kind, d.id) for d in group if d.id not in readable)
    out = []
    for doc in docs:
        if (doc.kind, doc.id) in hidden:
            keys = set(confidential_keys(doc.kind))
            doc = replace(doc, extra={k: v for k, v in doc.extra.items() if k not in keys})
        out.append(doc)
    return out


def query_terms(doc: Document) -> list[str]:
    """The record's distinct terms, title first. Search mode, so that a demand for
    氢燃料电池 also asks for 燃料电池 (the index holds the same sub-words)."""
    terms: list[str] = []
    for part in (doc.title, doc.text):
        for token in analysis.tokens(part, search_mode=True):
            if token not in terms and len(token) > 1:
                terms.append(token)
            if len(terms) >= QUERY_TOKENS:
                return terms
    return terms


def rrf(rankings: list[list[int]], k: int = RRF_K, weights: list[float] | None = None) -> dict[int, float]:
    """Reciprocal rank fusion; ``weights`` per ranking (default 1 each)."""
    fused: dict[int, float] = {}
    for n, ranking in enumerate(rankings):
        w = weights[n] if weights else 1.0
        for rank, pk in enumerate(ranking, start=1):
            fused[pk] = fused.get(pk, 0.0) + w / (k + rank)
    return fused


def _region_part(a: Document, b: Document) -> tuple[float, str]:
    if a.new_city and a.new_city == b.new_city:
        from reference.models import NewCity

        return 1.0, _("同在%(c)s") % {"c": NewCity(a.new_city).label}
    ra, rb = (a.region or "")[:4], (b.region or "")[:4]
    if ra and ra == rb:
        return 0.6, _("同一地市")
    if {ra, rb} == {XIAN, XIANYANG}:
        return 0.4, _("西安—咸阳一体化区域")
    return 0.0, ""


def _published(doc: Document) -> datetime | None:
    value = doc.extra.get("published_at")
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


_chain_names: tuple[float, dict[str, str]] = (0.0, {})
CHAIN_NAMES_TTL_S = 300


def chain_names(wanted=()) -> dict[str, str]:
    """Industry-chain slug -> name, read once per process every few minutes (reference data,
    edited by operators in the admin), not once per candidate; re-read at once when a wanted
    slug is new."""
    global _chain_names
    loaded_at, names = _chain_names
    stale = time.monotonic() - loaded_at > CHAIN_NAMES_TTL_S
    if stale or any(slug not in names for slug in wanted):
        from reference.models import IndustryChain

        names = dict(IndustryChain.objects.values_list("slug", "name"))
        _chain_names = (time.monotonic(), names)
    return names


def structured_parts(source: Document, target: Document) -> tuple[dict[str, float], list[str]]:
    """Structured signals between two documents, with their reasons. Both documents must already
    be as the viewer may use them (``for_viewer``): a signal present here may be shown."""
    parts: dict[str, float] = {}
    reasons: list[str] = []
    chains = sorted(set(source.chains) & set(target.chains))
    if chains:
        names = chain_names(chains)
        parts["chain"] = 1.0
        reasons.append(_("同属产业链：%(c)s") % {"c": "、".join(names.get(c, c) for c in chains)})
    ipc = sorted(set(source.ipc) & set(target.ipc))
    if ipc:
        parts["ipc"] = min(1.0, 0.5 * len(ipc))
        reasons.append(_("IPC 分类相同：%(c)s") % {"c": "、".join(ipc)})
    value, reason = _region_part(source, target)
    if value:
        parts["region"] = value
        reasons.append(reason)

    demand, offer = (source, target) if source.kind == "demands" else (target, source)
    if demand.kind == "demands" and offer.kind == "achievements":
        stage, trl = offer.extra.get("stage") or "", offer.extra.get("trl")
        level = max(STAGE_LEVEL.get(stage, 0.0), ((trl or 0) - 3) / 6 if trl else 0.0)
        if level > 0:
            parts["maturity"] = round(level, 3)
            if level >= 0.75:
                reasons.append(_("成果成熟度较高，可直接应用于需求") + (f"（TRL {trl}）" if trl else ""))
        price, low, high = (
            offer.extra.get("asking_price"),
            demand.extra.get("budget_min"),
            demand.extra.get("budget_max"),
        )
        if price is not None and high is not None and price <= high and (low is None or price >= low * 0.5):
            # The budget is confidential: ``for_viewer`` left it only for those who may read it.
            parts["budget"] = 1.0
            reasons.append(_("意向价格在需求预算范围内"))
        modes = sorted(set(demand.extra.get("modes") or []) & set(offer.extra.get("modes") or []))
        if modes:
            from reference.models import CooperationMode

            parts["modes"] = 1.0
            reasons.append(_("合作方式相符：%(m)s") % {"m": "、".join(str(CooperationMode(m).label) for m in modes)})
    pair = PAIR_SIGNALS.get((source.kind, target.kind))
    if pair is not None:
        extra_parts, extra_reasons = pair(source, target)
        parts.update(extra_parts)
        reasons.extend(extra_reasons)
    if target.extra.get("verified"):
        parts["verified"] = 1.0
        reasons.append(_("企业已通过平台认证") if target.kind == "organisations" else _("发布机构已认证"))
    published = _published(target)
    if published is not None:
        if timezone.is_naive(published):
            published = timezone.make_aware(published)
        age = timezone.now() - published
        if age < timedelta(days=180):
            parts["freshness"] = round(1.0 - age.days / 180, 3)
            if age < timedelta(days=30):
                reasons.append(_("近期发布（30 天内）"))
    return parts, reasons


class Engine:
    """Matching over the indexes under ``root`` (settings.SEARCH_INDEX_DIR by default)."""

    def __init__(self, root: Path | None = None, mode: str = "hybrid"):
        self.root = root
        self.mode = mode

    def _embedder(self):
        return embedding.get_embedder() if self.mode in ("hybrid", "semantic") else None

    def query_vector(self, source: Document):
        """The vector that ``source`` is matched with: a published record's stored vector (no
        embedding at request time), else its text embedded as a query (a draft, a record whose
        vector still waits for ``rebuild_index``). None when no semantic model is configured."""
        if self.mode not in ("hybrid", "semantic") or embedding.configured_name() == "none":
            return None
        stored = stored_vector(source.kind, source.id, self.root)
        if stored is not None:
            return stored
        embedder = self._embedder()
        return embedder.query(embedding.embed_text(source.title, source.text)) if embedder is not None else None

    def candidates(
        self, kind: str, *, terms: list[str], ipc: list[str], query_vector, limit: int = CANDIDATES, chains=()
    ):
        """({id: fused score}, {id: payload}, {id: (lexical rank, semantic score)})."""
        rankings, weights, payloads, info = [], [], {}, {}
        if self.mode in ("lexical", "hybrid") and index.index_exists(kind, self.root):
            hits = index.open_index(kind, self.root).search(terms, limit=limit, ipc=ipc, chains=chains)
            rankings.append([pk for pk, _s, _p in hits])
            weights.append(LEXICAL_WEIGHT)
            for pk, score, payload in hits:
                payloads[pk] = payload
                info.setdefault(pk, {})["lexical"] = score
        if query_vector is not None:
            store = vector_store(kind, self.root)
            # A store built by another model (another dimension) cannot be compared with this vector.
            hits = store.search(query_vector, limit=limit) if store.meta.get("dim") == len(query_vector) else []
            rankings.append([pk for pk, _s in hits])
            weights.append(SEMANTIC_WEIGHT)
            for pk, score in hits:
                info.setdefault(pk, {})["semantic"] = score
        fused = rrf(rankings, weights=weights)
        missing = [pk for pk in fused if pk not in payloads]
        if missing and index.index_exists(kind, self.root):
            payloads.update(index.open_index(kind, self.root).get(missing))
        return fused, payloads, info, sum(weights)

    def match(
        self,
        source: Document,
        *,
        viewer: Viewer | None = None,
        targets=None,
        limit: int = 10,
        allowed=None,
        per_kind: int | None = None,
    ) -> list[Match]:
        """Ranked matches of ``source`` among ``targets`` kinds (at most ``per_kind`` of each kind
        when given, so that one well-stocked library does not crowd out the others).

        ``allowed(kind, ids) -> set(ids)`` drops what the viewer may not see (None: no check).
        Database work per call is constant: one ``allowed`` query per target kind, one
        ``viewer.confidential_ids`` query per kind with confidential keys, one URL lookup per kind
        shown; the
        keyword reasons, snippets and URLs are built only for the matches returned.
        """
        viewer = viewer or Viewer()
        (source,) = for_viewer([source], viewer)
        registered = sources()
        targets = [
            t for t in (targets or TARGETS.get(source.kind, ())) if t in registered or index.index_exists(t, self.root)
        ]
        terms = query_terms(source)
        vector = self.query_vector(source)
        scored: list[tuple[Match, Document, dict]] = []
        for kind in targets:
            chains = source.chains if (source.kind, kind) in CHAIN_RECALL else ()
            fused, payloads, info, retrievers = self.candidates(
                kind, terms=terms, ipc=source.ipc, query_vector=vector, chains=chains
            )
            ranked = sorted(fused.items(), key=lambda item: -item[1])
            ranked = [(pk, s) for pk, s in ranked if not (kind == source.kind and pk == source.id) and pk in payloads]
            if kind == "scenarios" and source.kind == "scenarios":
                # A scenario need looks for capabilities and the reverse.
                own = source.extra.get("scenario_kind")
                ranked = [(pk, s) for pk, s in ranked if payloads[pk]["extra"].get("scenario_kind") != own]
            if not viewer.authenticated:
                ranked = [(pk, s) for pk, s in ranked if payloads[pk]["extra"].get("visibility") != "members"]
            ranked = ranked[: RERANK * 2]
            if allowed is not None and ranked:
                ok = allowed(kind, [pk for pk, _s in ranked])
                ranked = [(pk, s) for pk, s in ranked if pk in ok]
            ranked = ranked[:RERANK]
            best = (retrievers or 1.0) / (RRF_K + 1)
            docs = for_viewer([Document(**payloads[pk]) for pk, _s in ranked], viewer)
            for (pk, fused_score), target in zip(ranked, docs, strict=True):
                scored.append(
                    (self._score(source, target, fused_score / best, info.get(pk, {})), target, info.get(pk, {}))
                )
        scored.sort(key=lambda item: -item[0].score)
        if per_kind:
            counts: dict[str, int] = {}
            kept = []
            for item in scored:
                counts[item[0].kind] = counts.get(item[0].kind, 0) + 1
                if counts[item[0].kind] <= per_kind:
                    kept.append(item)
            scored = kept
        scored = scored[:limit]
        urls: dict[str, dict[int, str]] = {}
        for kind in {m.kind for m, _t, _i in scored}:
            urls[kind] = urls_for(kind, [m.id for m, _t, _i in scored if m.kind == kind])
        return [self._explain(m, target, info, terms, urls.get(m.kind, {})) for m, target, info in scored]

    def _score(self, source: Document, target: Document, fusion: float, info: dict) -> Match:
        """The score and its parts (with the structured reasons that come with them)."""
        parts, reasons = structured_parts(source, target)
        parts = {"fusion": round(fusion, 4), **parts}
        score = sum(WEIGHTS.get(name, 0.0) * value for name, value in parts.items())
        if "lexical" in info:
            parts["bm25"] = round(info["lexical"], 3)
        if "semantic" in info:
            parts["semantic"] = round(info["semantic"], 3)
        try:
            label = str(get_source(target.kind).label)  # lazy: the reader's language
        except KeyError:
            label = target.kind
        return Match(
            kind=target.kind,
            kind_label=label,
            id=target.id,
            title=target.title,
            score=score,
            parts=parts,
            reasons=reasons,
            url="",
        )

    def _explain(self, match: Match, target: Document, info: dict, terms, urls: dict[int, str]) -> Match:
        """Add what only a shown match needs: shared key terms, semantic closeness, snippet, URL."""
        shared = shared_terms(f"{target.title}\n{target.text}", terms)[:5]
        head = []
        if shared:
            head.append(_("共同关键词：%(t)s") % {"t": "、".join(shared)})
        if info.get("semantic", 0) >= 0.8:
            head.append(_("内容语义相近（相似度 %(s).2f）") % {"s": info["semantic"]})
        match.reasons = head + match.reasons
        match.snippet = snippet(target.text, shared)
        match.url = urls.get(match.id, "")
        return match


def stored_vector(kind: str, pk: int, root: Path | None = None):
    """The record's vector from its kind's store (float32), or None when it has none yet or the
    store was built by another model than the one configured."""
    store = vector_store(kind, root)
    meta = store.meta
    if not meta:
        return None
    embedder_name = embedding.configured_name()
    if embedder_name not in ("auto", meta.get("model")):
        return None
    return store.vectors_for([pk]).get(int(pk))


def timed_match(engine: Engine, source: Document, **kwargs) -> tuple[list[Match], float]:
    start = time.perf_counter()
    result = engine.match(source, **kwargs)
    return result, (time.perf_counter() - start) * 1000
