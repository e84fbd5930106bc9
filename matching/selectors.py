"""Read side: matches for a record as a given user sees them, feedback statistics, engine status."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from catalog import access

from . import debt, embedding, index, organisation_sources
from .catalog_sources import catalog_model, document_of
from .engine import (
    SEMANTIC_MIN_COVERAGE,
    TARGETS,
    Engine,
    Match,
    Viewer,
    drop_common_facts_per_kind,
    rests_on_nothing,
    semantic_ready,
)
from .indexing import query_vector_store, vector_store, wants_queries
from .models import MatchFeedback, Verdict
from .sources import get_source, matchable_count, sources, urls_for

MATCH_LIMIT = 10
BARE_SLACK = 2  # extra matches asked for per kind, for those that rest on nothing and are not shown


def viewer_for(user, record=None) -> Viewer:
    """The engine's view of ``user``: signed in or not, and whose confidential fields it may read
    (the catalog's rule, ``access.can_see_confidential``, deals' grants included). One query per
    kind and call for all the candidates; ``record`` (the source, already loaded) is answered
    without a query."""
    known: dict[tuple[str, int], bool] = {}
    if record is not None and catalog_model(getattr(record, "library", "")) is not None:
        known[(record.library, record.pk)] = user.is_authenticated and access.can_see_confidential(user, record)

    def confidential_ids(kind: str, ids: list[int]) -> set[int]:
        model = catalog_model(kind)
        if model is None or not user.is_authenticated or not ids:
            return set()
        readable = {pk for pk in ids if known.get((kind, pk))}
        wanted = [pk for pk in ids if (kind, pk) not in known]
        if wanted:
            records = model.objects.filter(pk__in=wanted).only("pk", "created_by", "owner_org")
            readable |= {r.pk for r in records if access.can_see_confidential(user, r)}
        return readable

    return Viewer(authenticated=user.is_authenticated, confidential_ids=confidential_ids)


def visible_ids(user):
    """``allowed(kind, ids)``: the ids among ``ids`` that ``user`` may open as a match."""

    def allowed(kind: str, ids: list[int]) -> set[int]:
        if kind == organisation_sources.KIND:
            return organisation_sources.matchable_ids(ids)  # verified enterprises only, whatever the index says
        model = catalog_model(kind)
        if model is None:
            return set(ids)  # other sources index only what is public (their contract)
        qs = model.objects.published().filter(pk__in=ids)
        if not user.is_authenticated:
            qs = qs.filter(visibility="public")
        return set(qs.values_list("pk", flat=True))

    return allowed


def source_document(kind: str, pk: int, record=None):
    if record is not None and kind == organisation_sources.KIND:
        return organisation_sources.document_for(record.pk)  # None unless a verified enterprise
    if record is not None:
        return document_of(record)
    return get_source(kind).document_for(pk)


class UnknownTarget(ValueError):
    """A ``target`` that is not one of the kinds a record looks for."""


def valid_targets(kind: str) -> list[str]:
    """The target kinds a record of ``kind`` may ask for: its ``TARGETS`` that have a source."""
    registered = sources()
    return [t for t in TARGETS.get(kind, ()) if t in registered]


def matches_for(
    *,
    kind: str,
    pk: int,
    user,
    record=None,
    limit: int = MATCH_LIMIT,
    target: str | None = None,
    per_kind: int | None = None,
    hide_dismissed: bool = True,
    dismissed: set[tuple[str, int]] | None = None,
) -> list[Match]:
    """Matches of record ``kind``/``pk`` as ``user`` may see them, best first.

    ``target`` narrows to one kind among ``TARGETS[kind]`` (the registered kinds this kind looks
    for); anything else raises ``UnknownTarget``, never reaches the index as a name or path.
    Matches dismissed for this record (``record_feedback``) are left out unless
    ``hide_dismissed`` is False; ``dismissed`` ({(target kind, id)}) saves the query when the
    caller has read them already. Matches that rest on nothing (``engine.rests_on_nothing``: no
    shared specific keyword, no closeness that stands out, no condition such as the same chain)
    are not shown: on the dev set none of them was useful. A match without a topical reason that
    rests on conditions is shown, its first reason saying so (``engine.state_basis``)."""
    if target is not None and target not in valid_targets(kind):
        raise UnknownTarget(target)
    doc = source_document(kind, pk, record)
    if doc is None:
        return []
    targets = [target] if target else None
    visible = visible_ids(user)
    if hide_dismissed:
        if dismissed is None:
            dismissed = record_feedback(user=user, kind=kind, pk=pk)[1]
        if dismissed:

            def allowed(target_kind: str, ids: list[int]) -> set[int]:
                return visible(target_kind, [i for i in ids if (target_kind, i) not in dismissed])

        else:
            allowed = visible
    else:
        allowed = visible
    # Matches that rest on nothing (no topical reason, no condition: ``engine.rests_on_nothing``)
    # are not shown; a few more are asked for so that the list keeps its length.
    found = Engine().match(
        doc,
        viewer=viewer_for(user, record),
        targets=targets,
        limit=limit + max(BARE_SLACK, limit // 2),
        allowed=allowed,
        per_kind=per_kind + BARE_SLACK if per_kind else None,
    )
    shown, counts = [], {}
    for m in found:
        if rests_on_nothing(m):
            continue
        counts[m.kind] = counts.get(m.kind, 0) + 1
        if per_kind is None or counts[m.kind] <= per_kind:
            shown.append(m)
    shown = shown[:limit]
    # A fact the same on most results of one library (every achievement's owner is verified)
    # does not tell them apart: dropped per library again among the rows shown (the engine did so
    # among its first rows); a row left with nothing but its 依据较弱 statement is not shown.
    drop_common_facts_per_kind(shown)
    return [m for m in shown if not rests_on_nothing(m)]


def match_of(*, kind: str, pk: int, user, target_kind: str, target_id: int) -> Match | None:
    """Match ``target_kind``/``target_id`` of record ``kind``/``pk`` as ``user`` sees it (its score
    parts and signals), dismissed or not; None when it is not among that kind's first 50."""
    if target_kind not in valid_targets(kind):
        return None
    found = matches_for(kind=kind, pk=pk, user=user, target=target_kind, limit=50, hide_dismissed=False)
    return next((m for m in found if m.id == int(target_id)), None)


def can_match(kind: str) -> bool:
    return kind in TARGETS


def record_feedback(*, user, kind: str, pk: int) -> tuple[dict[tuple[str, int], str], set[tuple[str, int]]]:
    """One query: (``user``'s own verdicts on the matches of record ``kind``/``pk``,
    {(target kind, id): verdict}; the matches dismissed for that record, {(target kind, id)}).

    Dismissed: marked not useful by one of those who may judge the record's matches (its owner,
    a broker, an operator: ``services.can_give_feedback``) and marked useful or contacted by
    none of them. Dismissed matches are hidden from the record's list for everyone. Nobody reads
    another person's verdict here: the first dict holds ``user``'s own only."""
    own: dict[tuple[str, int], str] = {}
    dismissed: set[tuple[str, int]] = set()
    kept: set[tuple[str, int]] = set()
    rows = MatchFeedback.objects.filter(source_kind=kind, source_id=pk).values_list(
        "user_id", "target_kind", "target_id", "verdict"
    )
    for user_id, target_kind, target_id, verdict in rows:
        key = (target_kind, target_id)
        if user.is_authenticated and user_id == user.pk:
            own[key] = verdict
        (dismissed if verdict == Verdict.NOT_USEFUL else kept).add(key)
    return own, dismissed - kept


def feedback_by_user(*, user, kind: str, pk: int) -> dict[tuple[str, int], str]:
    """``user``'s own verdicts on the matches of record ``kind``/``pk`` (kept for callers)."""
    if not user.is_authenticated:
        return {}
    return record_feedback(user=user, kind=kind, pk=pk)[0]


SIGNAL_LABELS = {
    "chain": _("同属产业链"),
    "ipc": _("IPC 分类相同"),
    "ipc_consensus": _("IPC 小类与前列候选一致"),
    "region": _("同一区域"),
    "maturity": _("成果成熟度"),
    "budget": _("价格在预算内"),
    "modes": _("合作方式相符"),
    "verified": _("发布机构已认证"),
    "freshness": _("近期发布"),
    "lexical_only": _("仅关键词检索召回"),
    "semantic_only": _("仅语义检索召回"),
    "both": _("两路检索都召回"),
    "shared_keyword": _("有共同关键词"),
    "semantic_standout": _("语义相似度突出"),
}


# The parts of a match's score (``Match.parts``) in words: {part: (label, scale in plain words)}.
# ``score_breakdown`` shows them in the panel and the API. Parts other apps add through
# ``engine.register_pairs`` (the talent cloud's) register their words with ``register_part_labels``.
PART_LABELS = {
    "fusion": (_("检索排名"), _("关键词检索与语义检索的综合名次，0–1：两路检索都排第一为 1")),
    "chain": (SIGNAL_LABELS["chain"], _("有共同的产业链为 1")),
    "ipc": (SIGNAL_LABELS["ipc"], _("每个相同的 IPC 小类 0.5，最多 1")),
    "ipc_consensus": (
        SIGNAL_LABELS["ipc_consensus"],
        _(
            "该专利的 IPC 小类在检索排名前 5 的候选中所占的份额（按名次加权），0–1；"
            "只在为之推荐的记录（如技术需求）自身没有 IPC 分类时计算"
        ),
    ),
    "region": (_("区域相近"), _("同一新城 1，同一地市 0.6，西安与咸阳 0.4")),
    "maturity": (SIGNAL_LABELS["maturity"], _("0–1：小试 0.4，中试 0.75，产业化 1（或按 TRL 折算）")),
    "budget": (SIGNAL_LABELS["budget"], _("意向价格在需求预算内为 1（仅能看预算的人可见）")),
    "modes": (SIGNAL_LABELS["modes"], _("有共同的合作方式为 1")),
    "verified": (SIGNAL_LABELS["verified"], _("已认证为 1")),
    "freshness": (_("发布新近程度"), _("当天发布为 1，随时间递减，180 天后为 0")),
    "bm25": (
        _("关键词相关度（BM25）"),
        _("只在同一次检索的结果之间可比，没有固定上限；仅供参考，不计入得分"),
    ),
    "semantic": (
        _("语义相似度"),
        _("余弦相似度，0–1；无关的文本也常在 0.87 以上，单看数值意义不大；仅供参考，不计入得分"),
    ),
    "semantic_z": (
        _("语义相近的突出程度"),
        _("比其他候选高出几个标准差：1.5 以上为“较接近”，2.5 以上为“非常接近”；仅供参考，不计入得分"),
    ),
}
SCORE_RULE = _(
    "得分 = 检索排名（0–1）+ 各项条件的值 × 权重；只用于同一列表内排序，不是百分比。"
    "依据较弱的匹配（没有共同的专业关键词，语义相近也不突出）只按检索排名（及 IPC 小类与前列候选一致的程度）计分："
    "产业链、地区等条件相同本身不说明内容相关，不加分。"
)


def register_part_labels(labels: dict) -> None:
    """Words for score parts that another app adds: {part: (label, scale in plain words)}."""
    PART_LABELS.update(labels)


def score_breakdown(parts: dict[str, float], *, uncounted=()) -> list[dict]:
    """A match's score parts in words, for the panel and the API: [{"part", "label", "value",
    "weight" (``engine.WEIGHTS``; None for a part given for reference only: BM25, similarity and
    its z, which the score does not add), "points" (value × weight, None likewise; 0 for a part in
    ``uncounted``), "counted" (False for a part in ``uncounted``: a condition of a match without
    topical evidence, ``engine.conditions_need_topic``), "note" (the scale in plain words)}]; the
    parts that make the score first, in ``Match.parts`` order. A part without registered words
    shows its name."""
    from .engine import WEIGHTS

    scored, reference = [], []
    for name, value in parts.items():
        label, note = PART_LABELS.get(name, (name, ""))
        weight = WEIGHTS.get(name)
        row = {
            "part": name,
            "label": str(label),
            "value": value,
            "weight": weight,
            "points": round(weight * value, 4) if weight is not None else None,
            "counted": weight is not None and name not in uncounted,
            "note": str(note),
        }
        if name in uncounted:
            row["points"] = 0.0
            row["note"] = f"{row['note']}{_('（依据较弱，不加分）')}"
        (scored if weight is not None else reference).append(row)
    return scored + reference


def parts_help() -> str:
    """The API's description of ``parts``, in the active language (for the OpenAPI document)."""
    described = "; ".join(f"{name}: {label} ({note})" for name, (label, note) in PART_LABELS.items())
    return f"{SCORE_RULE} {described}"


def feedback_by_signal(min_judged: int = 0) -> dict:
    """Share of useful matches per signal, so the re-ranking weights are tuned on evidence.

    Returns {"judged": n, "useful": n, "share": % or None, "rows": [{"signal", "label",
    "weight" (``engine.WEIGHTS``, None for retriever/evidence signals), "judged", "useful",
    "share" (% of its judged matches marked useful or contacted), "without_share" (% among the
    judged matches without it), "lift" (share − without_share, percentage points)}]}, rows
    sorted by how many matches were judged with the signal. Only feedback that recorded its
    signals counts (feedback given before they were recorded has none). Operators only: the
    caller checks the role."""
    from .engine import WEIGHTS

    useful_verdicts = {Verdict.USEFUL, Verdict.CONTACTED}
    rows = list(MatchFeedback.objects.exclude(signals=[]).values_list("verdict", "signals"))
    judged = len(rows)
    useful = sum(1 for verdict, _s in rows if verdict in useful_verdicts)
    per: dict[str, list[int]] = {}
    for verdict, signals in rows:
        for signal in set(signals or []):
            counts = per.setdefault(signal, [0, 0])
            counts[0] += 1
            counts[1] += verdict in useful_verdicts
    out = []
    for signal, (n, u) in per.items():
        if n < min_judged:
            continue
        rest_n, rest_u = judged - n, useful - u
        share = round(100 * u / n, 1)
        without = round(100 * rest_u / rest_n, 1) if rest_n else None
        out.append(
            {
                "signal": signal,
                "label": str(SIGNAL_LABELS.get(signal, signal)),
                "weight": WEIGHTS.get(signal),
                "judged": n,
                "useful": u,
                "share": share,
                "without_share": without,
                "lift": round(share - without, 1) if without is not None else None,
            }
        )
    out.sort(key=lambda r: (-r["judged"], r["signal"]))
    return {
        "judged": judged,
        "useful": useful,
        "share": round(100 * useful / judged, 1) if judged else None,
        "rows": out,
    }


def feedback_summary() -> dict:
    useful = Q(verdict__in=[Verdict.USEFUL, Verdict.CONTACTED])
    rows = list(
        MatchFeedback.objects.values("source_kind", "target_kind")
        .annotate(
            total=Count("id"),
            useful=Count("id", filter=useful),
            contacted=Count("id", filter=Q(verdict=Verdict.CONTACTED)),
        )
        .order_by("source_kind", "target_kind")
    )
    labels = {k: s.label for k, s in sources().items()}
    for row in rows:
        row["share"] = row["useful"] / row["total"] if row["total"] else 0.0
        row["source_label"] = labels.get(row["source_kind"], row["source_kind"])
        row["target_label"] = labels.get(row["target_kind"], row["target_kind"])
    total = sum(r["total"] for r in rows)
    useful_total = sum(r["useful"] for r in rows)
    return {
        "rows": rows,
        "total": total,
        "useful": useful_total,
        "share": useful_total / total if total else None,
        "recent": _recent_feedback(labels),
    }


def _recent_feedback(labels: dict) -> list[MatchFeedback]:
    """The last 20 verdicts, each with ``source_label``/``target_label`` (the kinds in the reader's
    language) and ``source_url``/``target_url`` ("" for a vanished record or an unknown kind), so
    the status page names the records judged instead of internal kind names (try-out)."""
    recent = list(MatchFeedback.objects.select_related("user")[:20])
    wanted: dict[str, set[int]] = {}
    for f in recent:
        wanted.setdefault(f.source_kind, set()).add(f.source_id)
        wanted.setdefault(f.target_kind, set()).add(f.target_id)
    urls = {kind: urls_for(kind, sorted(ids)) for kind, ids in wanted.items()}
    for f in recent:
        f.source_label = labels.get(f.source_kind, f.source_kind)
        f.target_label = labels.get(f.target_kind, f.target_kind)
        f.source_url = urls[f.source_kind].get(f.source_id, "")
        f.target_url = urls[f.target_kind].get(f.target_id, "")
    return recent


def engine_status() -> dict:
    """Per kind: published (``sources.matchable_count``: what the kind's source offers for
    matching), indexed, ``missing`` (published − indexed when positive, else 0), vectors, ``coverage`` (% of indexed records with a vector, None
    without an index or a model), ``query_coverage`` (% of indexed records with a stored query-side
    vector, the one their match panel uses; None for kinds that are only ever targets or without
    an index or a model), ``waiting`` (index debt), ``keyword_only`` (a model is configured but
    too few of the kind's records have vectors yet: ``engine.semantic_ready``); plus the total
    waiting, the total missing, the model, ``min_coverage`` (%) and whether any kind is keyword-only."""
    kinds = []
    waiting = debt.waiting()
    embedder = embedding.get_embedder()
    for kind, source in sources().items():
        exists = index.index_exists(kind)
        kinds.append(
            {
                "kind": kind,
                "label": source.label,
                "indexed": index.open_index(kind).num_docs() if exists else None,
                "vectors": vector_store(kind).count() if exists else None,
                "published": matchable_count(kind),
                "waiting": waiting.get(kind, 0),
            }
        )
        row = kinds[-1]
        # Matchable records the index lacks (published or verified behind the services' back).
        row["missing"] = (
            max(0, row["published"] - row["indexed"])
            if row["published"] is not None and row["indexed"] is not None
            else 0
        )
        row["coverage"] = (
            round(100 * row["vectors"] / row["indexed"])
            if embedder and row["indexed"] and row["vectors"] is not None
            else None
        )
        row["query_coverage"] = (
            round(100 * query_vector_store(kind).count() / row["indexed"])
            if exists and row["indexed"] and wants_queries(kind, embedder)
            else None
        )
        # ``engine.semantic_ready``: below the minimum coverage the kind is matched by keywords only.
        row["keyword_only"] = bool(
            embedder and exists and row["indexed"] and not semantic_ready(kind, vector_store(kind))
        )
    return {
        "kinds": kinds,
        "waiting": sum(waiting.values()),
        "missing": sum(k["missing"] for k in kinds),
        "embedder": embedder.name if embedder else "",
        "embedder_status": embedding.status(),
        "min_coverage": round(100 * SEMANTIC_MIN_COVERAGE),
        "keyword_only": any(k["keyword_only"] for k in kinds),
    }
