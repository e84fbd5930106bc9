"""Bookmarks: add, remove, toggle. Each user sees and changes only their own."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import records

from .models import Bookmark


def _of(user, record):
    ct = ContentType.objects.get_for_model(record)
    return Bookmark.objects.filter(user=user, content_type=ct, object_id=record.pk)


def is_bookmarked(user, record) -> bool:
    return user.is_authenticated and _of(user, record).exists()


def bookmark_add(*, user, record) -> Bookmark:
    """Bookmark a record the user may open (idempotent: a second call returns the same row).
    Raises PermissionDenied for anonymous users, ValidationError for a record that is not a
    registered detail-page record or not visible to the user."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied(_("请先登录。"))
    kind = records.kind_for(record)
    if kind is None or not kind.visible(user).filter(pk=record.pk).exists():
        raise ValidationError(_("该记录不能收藏。"))
    existing = _of(user, record).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Bookmark.objects.create(
                user=user,
                record=record,
                record_title=records.title_of(record),
                record_url=record.get_absolute_url()[:300],
            )
    except IntegrityError:  # a double click raced us: the row exists now
        return _of(user, record).get()


def bookmark_remove(*, user, record=None, bookmark_id: int | None = None) -> int:
    """Remove the user's bookmark of ``record`` (or by id); returns how many rows went (0 or 1)."""
    qs = Bookmark.objects.filter(user=user, pk=bookmark_id) if bookmark_id else _of(user, record)
    return qs.delete()[0]


def bookmark_toggle(*, user, record) -> bool:
    """Bookmark or un-bookmark; returns whether the record is bookmarked afterwards."""
    if is_bookmarked(user, record):
        bookmark_remove(user=user, record=record)
        return False
    bookmark_add(user=user, record=record)
    return True
