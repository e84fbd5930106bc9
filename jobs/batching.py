"""Coalesce follow-up work inside a job: many ``defer(key, items, flush)`` calls made while a job
runs become one ``flush(all_items)`` per key when the job's work is done.

Example: an import publishes 1,000 records; each sends ``resource_changed`` after commit, and the
search engine would enqueue 1,000 index tasks. Inside a job the engine's ``defer`` collects the ids
and enqueues one index task for the whole batch. Outside a job ``defer`` flushes at once.
"""

import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def collecting():
    """Collect deferred work for the duration of the block, then flush each key once (in order)."""
    outer = getattr(_state, "pending", None)
    pending: dict = {}
    _state.pending = pending
    try:
        yield
    finally:
        _state.pending = outer
    for flush, items in pending.values():
        flush(items)


def defer(key: str, items: Iterable, flush: Callable[[list], None]) -> None:
    """Run ``flush(items)`` now, or, inside ``collecting()``, once at its end with every item of ``key``."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        flush(list(items))
        return
    _flush, bucket = pending.setdefault(key, (flush, []))
    bucket.extend(items)
