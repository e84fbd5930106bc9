"""Read side of consultations: a user's threads with their unread state, counts for the workbench."""

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

from . import access
from .models import Message, Thread


def _unread_from_owner():
    newer = Q(created_at__gt=OuterRef("asker_read_at")) | Q(thread__asker_read_at__isnull=True)
    return Exists(Message.objects.filter(newer, thread=OuterRef("pk"), from_owner=True))


def _unread_from_asker():
    newer = Q(created_at__gt=OuterRef("owner_read_at")) | Q(thread__owner_read_at__isnull=True)
    return Exists(Message.objects.filter(newer, thread=OuterRef("pk"), from_owner=False))


def threads_for(user, *, side: str = "", moderation: bool = False):
    """The user's threads, newest activity first, each annotated ``unread`` (a message of the other
    side the user's side has not read). ``side``: "asked" (I asked), "received" (I answer) or "" (both);
    ``moderation`` (operators): every thread, ``unread`` then means unread by the answering side."""
    qs = access.threads_visible_to(user, moderation=moderation).select_related("owner_org", "asker", "owner_user")
    answerable = access.mine_q(user) & ~Q(asker=user)
    if side == "asked":
        qs = qs.filter(asker=user)
    elif side == "received":
        qs = qs.filter(answerable)
    return qs.annotate(
        unread=Case(
            When(Q(asker=user), then=_unread_from_owner()),
            When(answerable, then=_unread_from_asker()),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def unread_count(user) -> int:
    """Threads with a message the user's side has not read (件)."""
    if not user.is_authenticated:
        return 0
    return threads_for(user).filter(unread=True).count()


def messages_of(thread: Thread):
    return thread.messages.select_related("author")
