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
    # Keys of ``Document.extra`` taken from confidential fields (a demand's budget). The engine
    # drops them from a document before any structured signal is computed, unless the viewer may
    # read that record's confidential fields, so no score, part, order or reason depends on them.
    confidential: tuple[str, ...] = ()


_SOURCES: dict[str, Source] = {}

# Sent with kind=<str>, ids=<list[int]>; the engine re-reads those ids (removing ones now None).
documents_changed_signal = Signal()


def register_source(source: Source) -> None:
    _SOURCES[source.kind] = source


def get_source(kind: str) -> Source:
    return _SOURCES[kind]


def confidential_keys(kind: str) -> tuple[str, ...]:
    source = _SOURCES.get(kind)
    return source.confidential if source else ()


def sources() -> dict[str, Source]:
    return dict(_SOURCES)


def documents_changed(*, kind: str, ids: Iterable[int]) -> None:
    """Tell the engine that these records were created, changed or withdrawn."""
    ids = list(ids)
    if ids:
        documents_changed_signal.send(sender=None, kind=kind, ids=ids)
