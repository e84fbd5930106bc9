"""Background work of the engine. Inline (eager) without Redis; a Celery worker runs it with Redis."""

from celery import shared_task


@shared_task(name="matching.index_documents", acks_late=True, reject_on_worker_lost=True)
def index_documents_task(kind: str, ids: list[int]) -> dict:
    """Index ``ids`` and settle their index debt; on failure the debt stays (with the error) for
    ``retry_index_debt``."""
    from . import debt
    from .indexing import index_documents

    try:
        result = index_documents(kind=kind, ids=ids)
    except Exception as exc:
        debt.failed(kind, ids, f"{type(exc).__name__}: {exc}")
        raise
    debt.settle(kind, ids)
    return result


@shared_task(name="matching.rebuild_kind")
def rebuild_kind_task(kind: str) -> int:
    from .indexing import rebuild

    return rebuild(kind=kind)


@shared_task(name="matching.embed_documents", acks_late=True, reject_on_worker_lost=True)
def embed_documents_task(kind: str, ids: list[int]) -> int:
    from .indexing import embed_documents

    return embed_documents(kind=kind, ids=ids)
