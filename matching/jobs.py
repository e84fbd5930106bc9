"""Background jobs of the engine (see jobs.registry): index rebuild, vector backfill, index debt."""

import contextlib

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.registry import register_job

from . import debt, embedding
from .indexing import backfill_vectors, known_kinds, rebuild, reconcile
from .sources import get_source, matchable_count


@register_job("matching.rebuild", label=gettext_lazy("重建检索索引"), idempotent=True)
def rebuild_job(job, *, kinds: list[str] | None = None, vectors: bool = True) -> dict:
    """Rebuild ``kinds`` (default all) from the database; progress counts documents of all kinds."""
    kinds = kinds or known_kinds()
    totals = {kind: matchable_count(kind) or 0 for kind in kinds}
    grand, base, counts = sum(totals.values()) or None, 0, {}
    for kind in kinds:
        label = get_source(kind).label

        def progress(done, _total, base=base, label=label):
            job.progress(base + done, grand, _("正在重建：%(label)s") % {"label": label})

        counts[kind] = rebuild(kind=kind, progress=progress, with_vectors=vectors)
        base += counts[kind]
    job.progress(base, base)
    return {"message": _("已重建 %(n)s 条记录的索引。") % {"n": base}, "counts": counts}


@register_job("matching.embed_backfill", label=gettext_lazy("补算语义向量"), idempotent=True)
def embed_backfill_job(job, *, kinds: list[str] | None = None) -> dict:
    """Embed every indexed record that has no vector yet (after load_demo, an import without Redis)."""
    if embedding.get_embedder() is None:
        return {"message": embedding.status()}

    def progress(done, total):
        job.progress(done, total, _("正在计算语义向量"))

    counts = backfill_vectors(kinds=kinds, progress=progress)
    n = sum(counts.values())
    return {"message": _("已为 %(n)s 条记录补算语义向量。") % {"n": n}, "counts": counts}


def retry_debt(*, progress=None) -> dict:
    """Note records missing from the index (reconcile), then index every record that waits,
    one task per chunk. Returns ``{"noted": {kind: n}, "retried": {kind: n}}``."""
    from .receivers import _enqueue

    noted = reconcile()
    waiting = {kind: debt.pending(kind) for kind in debt.waiting()}
    total, done = sum(len(ids) for ids in waiting.values()), 0
    for kind, ids in waiting.items():
        for start in range(0, len(ids), debt.RETRY_CHUNK):
            part = ids[start : start + debt.RETRY_CHUNK]
            # Inline (no Redis) a failing task raises here; it noted its error on the debt rows: go on.
            with contextlib.suppress(Exception):
                _enqueue(kind, part)
            done += len(part)
            if progress:
                progress(done, total)
    return {"noted": noted, "retried": {kind: len(ids) for kind, ids in waiting.items()}}


@register_job("matching.retry_debt", label=gettext_lazy("补建缺失的索引"), idempotent=True)
def retry_debt_job(job) -> dict:
    result = retry_debt(progress=lambda done, total: job.progress(done, total))
    n = sum(result["retried"].values())
    return {"message": _("已重新索引 %(n)s 条待索引记录。") % {"n": n}, **result}
