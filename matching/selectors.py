"""Read side: matches for a record as a given user sees them, feedback statistics, engine status."""

from django.db.models import Count, Q

from catalog import access

from . import debt, embedding, index, organisation_sources
from .catalog_sources import catalog_model, document_of, published_count
from .engine import TARGETS, Engine, Match, Viewer
from .indexing import vector_store
from .models import MatchFeedback, Verdict
from .sources import get_source, sources

MATCH_LIMIT = 10


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
) -> list[Match]:
    """Matches of record ``kind``/``pk`` as ``user`` may see them, best first.

    ``target`` narrows to one kind among ``TARGETS[kind]`` (the registered kinds this kind looks
    for); anything else raises ``UnknownTarget``, never reaches the index as a name or path."""
    if target is not None and target not in valid_targets(kind):
        raise UnknownTarget(target)
    doc = source_document(kind, pk, record)
    if doc is None:
        return []
    targets = [target] if target else None
    return Engine().match(
        doc, viewer=viewer_for(user, record), targets=targets, limit=limit, allowed=visible_ids(user), per_kind=per_kind
    )


def can_match(kind: str) -> bool:
    return kind in TARGETS


def feedback_by_user(*, user, kind: str, pk: int) -> dict[tuple[str, int], str]:
    if not user.is_authenticated:
        return {}
    rows = MatchFeedback.objects.filter(user=user, source_kind=kind, source_id=pk)
    return {(r.target_kind, r.target_id): r.verdict for r in rows}


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
        "recent": MatchFeedback.objects.select_related("user")[:20],
    }


def engine_status() -> dict:
    """Per kind: published, indexed, vectors, ``coverage`` (% of indexed records with a vector, None
    without an index or a model), ``waiting`` (index debt); plus the total waiting and the model."""
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
                "published": organisation_sources.published_count()
                if kind == organisation_sources.KIND
                else published_count(kind),
                "waiting": waiting.get(kind, 0),
            }
        )
        row = kinds[-1]
        row["coverage"] = (
            round(100 * row["vectors"] / row["indexed"])
            if embedder and row["indexed"] and row["vectors"] is not None
            else None
        )
    return {
        "kinds": kinds,
        "waiting": sum(waiting.values()),
        "embedder": embedder.name if embedder else "",
        "embedder_status": embedding.status(),
    }
