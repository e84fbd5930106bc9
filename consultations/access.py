"""Who may read and write a consultation thread (DESIGN.md §5: like negotiation messages, visible
to the two sides and to operators; nobody else, not even a leader, reviewer or broker).

- the asker: reads and writes;
- the owner side: the active members of ``owner_org``, or ``owner_user``; with neither, operators;
  they read and answer;
- operators: read every thread, for moderation only (they answer only threads without an owner).
"""

from django.db.models import Q

from .models import Thread


def answers(user, thread: Thread) -> bool:
    """Is ``user`` on the answering side of ``thread``?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if thread.owner_org_id:
        return thread.owner_org_id in user.organisation_ids()
    if thread.owner_user_id:
        return thread.owner_user_id == user.pk
    return user.is_operator


def is_asker(user, thread: Thread) -> bool:
    return user.is_authenticated and user.is_active and thread.asker_id == user.pk


def can_write(user, thread: Thread) -> bool:
    return thread.status == Thread.Status.OPEN and (is_asker(user, thread) or answers(user, thread))


def can_read(user, thread: Thread) -> bool:
    return is_asker(user, thread) or answers(user, thread) or (user.is_authenticated and user.is_operator)


def mine_q(user) -> Q:
    """Threads the user takes part in: asked, or answerable (operators: those without an owner)."""
    q = Q(asker=user) | Q(owner_user=user) | Q(owner_org_id__in=user.organisation_ids())
    if user.is_operator:
        q |= Q(owner_org__isnull=True, owner_user__isnull=True)
    return q


def threads_visible_to(user, *, moderation: bool = False):
    """The threads ``user`` takes part in; with ``moderation`` (operators only) every thread."""
    if not (user.is_authenticated and user.is_active):
        return Thread.objects.none()
    if moderation and user.is_operator:
        return Thread.objects.all()
    return Thread.objects.filter(mine_q(user))


def is_moderating(user, thread: Thread) -> bool:
    """An operator reading a thread they take no part in (audited by the views and the API)."""
    return user.is_authenticated and user.is_operator and not (is_asker(user, thread) or answers(user, thread))
