"""Index debt: which records still wait for the index (see models.IndexDebt)."""

from django.db.models import Count, F

from .models import IndexDebt

RETRY_CHUNK = 500


def record(kind: str, ids: list[int]) -> None:
    """Note that ``ids`` of ``kind`` wait for indexing (idempotent)."""
    IndexDebt.objects.bulk_create(
        [IndexDebt(kind=kind, record_id=int(pk)) for pk in ids], ignore_conflicts=True, batch_size=1000
    )


def settle(kind: str, ids: list[int]) -> None:
    IndexDebt.objects.filter(kind=kind, record_id__in=[int(pk) for pk in ids]).delete()


def failed(kind: str, ids: list[int], error: str) -> None:
    IndexDebt.objects.filter(kind=kind, record_id__in=[int(pk) for pk in ids]).update(
        attempts=F("attempts") + 1, last_error=error[:300]
    )


def waiting() -> dict[str, int]:
    """``{kind: number of records waiting}``."""
    return dict(IndexDebt.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))


def pending(kind: str) -> list[int]:
    return list(IndexDebt.objects.filter(kind=kind).order_by("record_id").values_list("record_id", flat=True))
