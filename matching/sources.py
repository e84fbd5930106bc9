"""What the matching engine indexes, declared by the apps that own the records.

Each app registers a *source*: a kind name ("achievements", "patents", ...), a way to list
its matchable documents and to build one document by id, and the URL of a record. The engine
never imports the owning app's models. When records change, the owner calls
``documents_changed(kind=..., ids=[...])``; the engine re-reads them through the source.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.dispatch import Signal


@dataclass
class Document:
    kind: str  # the source's kind, e.g. "achievements", "demands", "patents"
    id: int
    title: str
    text: str  # body text, not yet segmented
    chains: list[str] = field(default_factory=list)  # industry-chain slugs
    ipc: list[str] = field(default_factory=list)  # IPC subclasses, e.g. ["H01M", "C25B"]
    region: str = ""  # GB/T 2260 county or prefecture code, "" when unknown
    new_city: str = ""  # reference.NewCity value, "" when not in Xixian
    # Structured signals for re-ranking: stage, trl, price, budget_min/max, modes, verified, published_at ...
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    documents: Callable[[], Iterable[Document]]  # every document that may be matched (published only)
    document_for: Callable[[int], Document | None]  # one document, or None when no longer matchable
    url_for: Callable[[int], str]
    # Optional batch form of ``url_for`` ({id: url}) for sources whose URL needs a query, so that
    # a match list asks once per kind rather than once per match.
    urls_for: Callable[[list[int]], dict[int, str]] | None = None
    # Optional batch form of ``document_for``: {id: document} for the ids still matchable, read
    # with a constant number of queries (re-indexing an import of thousands of records).
    documents_for: Callable[[list[int]], dict[int, Document]] | None = None
    # Keys of ``Document.extra`` taken from confidential fields (a demand's budget). The engine
    # drops them from a document before any structured signal is computed, unless the viewer may
    # read that record's confidential fields, so no score, part, order or reason depends on them.
    confidential: tuple[str, ...] = ()
    # Optional: how many records ``documents`` yields, counted with one query (the 已发布 column
    # of /matching/status/, the reconcile check, a rebuild's progress total).
    count: Callable[[], int] | None = None


_SOURCES: dict[str, Source] = {}

# Sent with kind=<str>, ids=<list[int]>; the engine re-reads those ids (removing ones now None).
documents_changed_signal = Signal()


def register_source(source: Source) -> None:
    _SOURCES[source.kind] = source


def get_source(kind: str) -> Source:
    return _SOURCES[kind]


def urls_for(kind: str, ids: list[int]) -> dict[int, str]:
    """{id: url} of the kind's records ("" for an unknown kind or a vanished record)."""
    source = _SOURCES.get(kind)
    if source is None:
        return {}
    if source.urls_for is not None:
        return source.urls_for(list(ids))
    return {pk: source.url_for(pk) for pk in ids}


def documents_for(kind: str, ids: list[int]) -> dict[int, Document]:
    """{id: document} of the ids that are still matchable (the others are absent)."""
    source = _SOURCES[kind]
    ids = list(ids)
    if source.documents_for is not None:
        out: dict[int, Document] = {}
        for start in range(0, len(ids), 2000):  # bounded IN lists (SQLite's variable limit)
            out.update(source.documents_for(ids[start : start + 2000]))
        return out
    found = {int(pk): source.document_for(int(pk)) for pk in ids}
    return {pk: doc for pk, doc in found.items() if doc is not None}


def confidential_keys(kind: str) -> tuple[str, ...]:
    source = _SOURCES.get(kind)
    return source.confidential if source else ()


def matchable_count(kind: str) -> int | None:
    """How many records of ``kind`` are matchable, i.e. what its ``documents`` yields (published
    catalog records, verified enterprises, every patent, verified talent profiles ...), one query;
    None for an unknown kind or a source registered without ``count``."""
    source = _SOURCES.get(kind)
    return source.count() if source is not None and source.count is not None else None


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def documents_changed(*, kind: str, ids: Iterable[int]) -> None:
    """Tell the engine that these records were created, changed or withdrawn."""
    ids = list(ids)
    if ids:
        documents_changed_signal.send(sender=None, kind=kind, ids=ids)
