"""Tell the matching engine which patents changed, once the transaction commits."""

from collections.abc import Iterable

from django.db import transaction

from matching.sources import documents_changed


def notify_changed(ids: Iterable[int]) -> None:
    """After the commit: re-index these patents and drop the cached site-search sections."""
    from ..selectors import forget_search

    ids = sorted(set(ids))
    if ids:
        transaction.on_commit(forget_search)
        transaction.on_commit(lambda: documents_changed(kind="patents", ids=ids))
