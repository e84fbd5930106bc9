"""Write side of consultations: open a thread about a record, write in it, read it, close it.

Every function is atomic and raises ``ValidationError`` (bad input: empty or too long text, a
record that cannot be consulted, a closed thread) or ``PermissionDenied`` (not a side of the
thread); nothing is half written. The rate limit (per user, ``consultation`` throttle scope) is
applied by the views and the API, which see the request.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import records
from notifications.messages import Message as Notice
from notifications.services import notify

from . import access
from .models import BODY_MAX, Message, Thread


def _clean_body(body) -> str:
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": _("请填写留言内容。")})
    if len(text) > BODY_MAX:
        raise ValidationError({"body": _("留言不能超过 %(n)d 字。") % {"n": BODY_MAX}})
    return text


def answering_users(thread: Thread) -> list:
    """The users who answer ``thread``: the owner organisation's active members, the owner person,
    or, for a record without an owner, the platform's active operators."""
    User = get_user_model()
    if thread.owner_org_id:
        q = Q(memberships__organisation_id=thread.owner_org_id)
    elif thread.owner_user_id:
        q = Q(pk=thread.owner_user_id)
    else:
        q = Q(roles__contains=",operator,")
    return list(User.objects.filter(q, is_active=True).distinct())


def _notify_owner_side(thread: Thread, message: Message, *, first: bool) -> None:
    kind = "consultations.asked" if first else "consultations.followed_up"
    title = Notice(
        gettext_noop("新咨询：%(t)s") if first else gettext_noop("咨询追问：%(t)s"), t=thread.record_title[:80]
    )
    notify(
        users=answering_users(thread),
        kind=kind,
        title=title,
        body=message.body[:200],
        url=thread.get_absolute_url(),
        exclude=message.author,
        obj=thread,
    )


def _notify_asker(thread: Thread, message: Message) -> None:
    notify(
        users=[thread.asker],
        kind="consultations.answered",
        title=Notice(gettext_noop("咨询已答复：%(t)s"), t=thread.record_title[:80]),
        body=message.body[:200],
        url=thread.get_absolute_url(),
        exclude=message.author,
        obj=thread,
    )


@transaction.atomic
def consultation_open(*, user, record, body: str) -> Thread:
    """Open a thread about ``record`` (any registered detail-page record, core.records) with the
    first message; the answering side is notified (``consultations.asked``).

    Raises ValidationError when the text is empty or over BODY_MAX characters, when the record
    may not be consulted (not published/live, or not visible to ``user``), or when ``user`` is on
    the record's own answering side; PermissionDenied for an anonymous or inactive user."""
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied(_("请先登录。"))
    text = _clean_body(body)
    kind = records.kind_for(record)
    if kind is None or not kind.visible(user).filter(pk=record.pk).exists() or not records.is_interactive(record):
        raise ValidationError(_("该记录当前不能咨询。"))
    org, person = records.owner_of(record)
    now = timezone.now()
    thread = Thread(
        record=record,
        record_title=records.title_of(record),
        record_url=record.get_absolute_url()[:300],
        asker=user,
        owner_org=org,
        owner_user=person if org is None else None,
        last_message_at=now,
        asker_read_at=now,
    )
    if access.answers(user, thread):
        raise ValidationError(_("这是您所在机构（或您本人）发布的记录，无需咨询。"))
    thread.save()
    message = Message.objects.create(thread=thread, author=user, from_owner=False, body=text)
    _notify_owner_side(thread, message, first=True)
    return thread


@transaction.atomic
def consultation_reply(*, thread: Thread, user, body: str) -> Message:
    """Write in ``thread``: the asker follows up (owner side notified, ``consultations.followed_up``)
    or the answering side answers (asker notified, ``consultations.answered``).

    Raises PermissionDenied for anyone else (an operator moderating a thread that has an owner
    included) and ValidationError for empty/too long text or a closed thread."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    asker = access.is_asker(user, thread)
    if not (asker or access.answers(user, thread)):
        raise PermissionDenied(_("您不是该咨询的参与方。"))
    if thread.status != Thread.Status.OPEN:
        raise ValidationError(_("该咨询已结束，不能再留言。"))
    text = _clean_body(body)
    now = timezone.now()
    message = Message.objects.create(thread=thread, author=user, from_owner=not asker, body=text)
    thread.last_message_at = now
    fields = ["last_message_at"]
    if asker:
        thread.asker_read_at = now
        fields.append("asker_read_at")
    else:
        thread.owner_read_at = now
        fields.append("owner_read_at")
        if thread.answered_at is None:
            thread.answered_at = now
            fields.append("answered_at")
    thread.save(update_fields=fields)
    if asker:
        _notify_owner_side(thread, message, first=False)
    else:
        _notify_asker(thread, message)
    return message


def mark_read(*, thread: Thread, user) -> None:
    """The user's side has read the thread up to now (a moderating operator marks nothing)."""
    now = timezone.now()
    if access.is_asker(user, thread):
        Thread.objects.filter(pk=thread.pk).update(asker_read_at=now)
        thread.asker_read_at = now
    elif access.answers(user, thread):
        Thread.objects.filter(pk=thread.pk).update(owner_read_at=now)
        thread.owner_read_at = now


@transaction.atomic
def consultation_close(*, thread: Thread, user) -> Thread:
    """Either side ends the thread (nothing more can be written). PermissionDenied for others."""
    if not (access.is_asker(user, thread) or access.answers(user, thread)):
        raise PermissionDenied(_("您不是该咨询的参与方。"))
    thread.status = Thread.Status.CLOSED
    thread.save(update_fields=["status"])
    return thread
