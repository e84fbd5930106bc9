"""Background work of the engine. Inline (eager) without Redis; a Celery worker runs it with Redis."""

from celery import shared_task


@shared_task(name="matching.index_documents")
def index_documents_task(kind: str, ids: list[int]) -> dict:
    from .indexing import index_documents

    return index_documents(kind=kind, ids=ids)


@shared_task(name="matching.rebuild_kind")
def rebuild_kind_task(kind: str) -> int:
    from .indexing import rebuild

    return rebuild(kind=kind)


@shared_task(name="matching.embed_documents")
def embed_documents_task(kind: str, ids: list[int]) -> int:
    from .indexing import embed_documents

    return embed_documents(kind=kind, ids=ids)
