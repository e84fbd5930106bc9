"""Signal receivers that keep the index in step with the records (connected in MatchingConfig.ready)."""

import logging

from .sources import sources

logger = logging.getLogger(__name__)


def schedule_index(kind: str, ids: list[int]) -> None:
    if kind not in sources():
        logger.warning("matching: no source registered for kind %r", kind)
        return
    from .tasks import index_documents_task

    index_documents_task.delay(kind, [int(i) for i in ids])


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
