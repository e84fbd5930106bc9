"""Records that have a detail page, for the mechanisms that work on "any record" (issue 10):
consultations, bookmarks and the action bar ("下一步") of every detail page.

An app registers each of its detail-page models in its AppConfig.ready:

    register_record(Model, visible=fn(user) -> QuerySet, owner=fn(record) -> (organisation, user))

``visible`` is the app's own rule for who may open the record's detail page (the same queryset its
view uses); ``owner`` names who answers for the record: an organisation (its active members), a
single person (a talent profile) or neither, in which case the platform's operators answer. Core
never imports the apps; a record is addressed as "app_label.model:pk" (``key_of``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class RecordKind:
    model: type[models.Model]
    visible: Callable  # fn(user) -> QuerySet of the records this user may open
    owner: Callable  # fn(record) -> (Organisation | None, User | None)
    interactive: Callable | None = None  # fn(record) -> bool: may be consulted/bookmarked now (published, live)


_KINDS: dict[str, RecordKind] = {}


def register_record(model, *, visible: Callable, owner: Callable, interactive: Callable | None = None) -> None:
    _KINDS[model._meta.label_lower] = RecordKind(model, visible, owner, interactive)


def kind_for(record) -> RecordKind | None:
    return _KINDS.get(type(record)._meta.label_lower) if record is not None else None


def key_of(record) -> str:
    """ "catalog.expert:12": the record's address in forms, links and the API."""
    return f"{type(record)._meta.label_lower}:{record.pk}"


def resolve(key: str, user):
    """The record addressed by ``key`` if ``user`` may open it, else None (unknown kind, malformed
    key, missing record and invisible record all read the same, so nothing leaks about existence)."""
    label, _, pk = (key or "").strip().partition(":")
    kind = _KINDS.get(label.lower())
    if kind is None or not pk.isdigit():
        return None
    return kind.visible(user).filter(pk=int(pk)).first()


def owner_of(record) -> tuple:
    """(organisation, user) answering for the record; (None, None): the platform's operators."""
    kind = kind_for(record)
    return kind.owner(record) if kind else (None, None)


def is_interactive(record) -> bool:
    """May a visitor consult or bookmark it now (a draft or a withdrawn record is not)?"""
    kind = kind_for(record)
    if kind is None:
        return False
    return kind.interactive(record) if kind.interactive else True


def title_of(record) -> str:
    return str(getattr(record, "title", None) or record)[:300]
