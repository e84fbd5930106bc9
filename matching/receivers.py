"""Signal receivers that keep the index in step with the records (connected in MatchingConfig.ready)."""

import logging

from jobs import batching

from . import debt
from .sources import sources

logger = logging.getLogger(__name__)

TASK_CHUNK = 1000  # ids per index task (an import of 1,000 records is one task)


def _enqueue(kind: str, ids: list[int]) -> None:
    from .tasks import index_documents_task

    ids = list(dict.fromkeys(int(i) for i in ids))
    debt.record(kind, ids)
    for start in range(0, len(ids), TASK_CHUNK):
        index_documents_task.delay(kind, ids[start : start + TASK_CHUNK])


def schedule_index(kind: str, ids: list[int]) -> None:
    """(Re)index ``ids`` of ``kind`` in the background. Inside a job (an import) the ids are
    collected and indexed by one task per batch when the job's work is done."""
    if kind not in sources():
        logger.warning("matching: no source registered for kind %r", kind)
        return
    batching.defer(f"matching.index:{kind}", [int(i) for i in ids], lambda batch: _enqueue(kind, batch))


def on_resource_changed(sender, record, action, **kwargs):
    """catalog.signals.resource_changed: published/updated → (re)index, withdrawn → remove."""
    kind = getattr(record, "library", "")
    if kind:
        schedule_index(kind, [record.pk])
    if kind == "demands" and record.owner_org_id:
        # An enterprise's document lists what it needs: its published demands' titles.
        schedule_index("organisations", [record.owner_org_id])


def on_documents_changed(sender, kind, ids, **kwargs):
    """matching.sources.documents_changed_signal from other apps (patents ...)."""
    schedule_index(kind, list(ids))
