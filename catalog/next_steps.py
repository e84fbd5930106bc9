"""The catalog's libraries as detail-page records (core.records): consultable and bookmarkable;
the owner that answers is the record's organisation (none: the platform's operators)."""

from django.utils import timezone

from core.records import register_record

from .models.base import Status


def _live(record) -> bool:
    """Published and not past its expiry (the same rule as ResourceQuerySet.published)."""
    return record.status == Status.PUBLISHED and (record.expires_at is None or record.expires_at > timezone.now())


def register() -> None:
    from .libraries import LIBRARIES

    for lib in LIBRARIES.values():
        model = lib.model
        register_record(
            model,
            visible=lambda user, model=model: model.objects.visible_to(user),
            owner=lambda record: (record.owner_org, None),
            interactive=_live,
        )
