"""Write side of the notification centre: ``notify`` (any app emits an event), read marks,
preferences, and the e-mails (immediate and daily digest).

E-mail goes out after the emitting transaction commits, through the task queue
(``notifications.tasks.send_notification_emails``, which takes ids): a failed send is logged and
retried by the worker, and is never dropped silently; ``emailed_at`` records what went out.
"""

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import messages
from .kinds import check_registered, default_channel, label_for, strict
from .models import Channel, Notification, Preference

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "[秦创原科技大市场] "


def absolute_url(url: str) -> str:
    """``/deals/3/`` → ``https://market.example.cn/deals/3/`` with settings.SITE_URL."""
    if url.startswith("/"):
        return f"{settings.SITE_URL.rstrip('/')}{url}"
    return url


def channels_for(users: list, kind: str) -> dict[int, str]:
    """Each user's channel for ``kind``: their preference row, else the kind's default."""
    chosen = dict(
        Preference.objects.filter(user__in=[u.pk for u in users], kind=kind).values_list("user_id", "channel")
    )
    fallback = default_channel(kind)
    return {u.pk: chosen.get(u.pk, fallback) for u in users}


class PlainTextTitle(TypeError):
    """notify() was given a plain str title (raised in DEBUG and tests only): pass a
    notifications.messages.Message so that each reader gets it in their own language."""


def check_message(title) -> None:
    """Raise PlainTextTitle for a str title in DEBUG and tests (settings.NOTIFICATION_MESSAGES_STRICT,
    by default DEBUG or TESTING); in production a str is accepted and stored as it is."""
    if isinstance(title, (messages.Message, messages.Join)):
        return
    if strict("NOTIFICATION_MESSAGES_STRICT"):
        raise PlainTextTitle(
            f"notify() title must be a notifications.messages.Message, not {type(title).__name__}: {title!r}"
        )


def notify(
    *,
    users: Iterable,
    kind: str,
    title,
    body="",
    url: str = "",
    exclude=None,
    email_users: Iterable | None = None,
    obj=None,
    deal=None,
) -> list[Notification]:
    """Create one notification per user (each user once; inactive users and ``exclude`` skipped).

    ``kind`` is a registered "APP.event" (notifications.kinds; an unregistered one raises
    UnregisteredKind in DEBUG and tests); ``title`` and ``body`` are notifications.messages.Message
    (rendered in each reader's language; a plain str title raises PlainTextTitle in DEBUG and tests,
    a str body is user data such as a reason, kept as it is); ``obj`` is the record it is about (``deal=`` is the same, kept for
    deals' callers). Users whose channel for the kind is e-mail get one after commit; when
    ``email_users`` is given, only those among them are e-mailed (a bounded list such as
    ``deals.services.notifications.deal_contacts``); the others still see the notice on site."""
    check_registered(kind)
    check_message(title)
    obj = obj if obj is not None else deal
    seen: set[int] = set()
    recipients = []
    for u in users:
        if u is None or u.pk in seen or not u.is_active or (exclude is not None and u.pk == exclude.pk):
            continue
        seen.add(u.pk)
        recipients.append(u)
    if not recipients:
        return []
    channels = channels_for(recipients, kind)
    mailable = None if email_users is None else {e.pk for e in email_users}
    ct = ContentType.objects.get_for_model(obj) if obj is not None else None
    stored = {k: v for k, v in (("title", messages.to_json(title)), ("body", messages.to_json(body))) if v}
    title_text = messages.render(title, settings.LANGUAGE_CODE)[:200]
    body_text = messages.render(body, settings.LANGUAGE_CODE)
    rows = []
    for u in recipients:
        channel = channels[u.pk]
        if channel != Channel.SITE and (not u.email or (mailable is not None and u.pk not in mailable)):
            channel = Channel.SITE  # nothing to send: no address, or not among the bounded e-mail list
        rows.append(
            Notification(
                user=u,
                kind=kind,
                title=title_text,
                body=body_text,
                message=stored,
                url=str(url)[:300],
                content_type=ct,
                object_id=str(obj.pk) if obj is not None else "",
                channel=channel,
            )
        )
    rows = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n in rows if n.channel == Channel.EMAIL]
    if immediate and settings.NOTIFICATIONS_EMAIL:
        _queue_emails(immediate)  # PostgreSQL and SQLite ≥ 3.35 return the ids from bulk_create
    return rows


def _queue_emails(ids: list[int]) -> None:
    from .tasks import send_notification_emails

    def send():
        try:
            send_notification_emails.delay(ids)
        except Exception:  # inline (no queue): the failure is logged; the rows keep emailed_at empty
            logger.exception("notification e-mail not sent", extra={"notifications": ids})

    transaction.on_commit(send)


def send_emails(ids: Iterable[int]) -> int:
    """Send the immediate e-mails of these notifications that have not gone out yet; raises on a
    mail-server failure (the task retries). Returns how many were sent."""
    from django.core.mail import EmailMessage, get_connection

    rows = list(
        Notification.objects.filter(pk__in=list(ids), channel=Channel.EMAIL, emailed_at=None).select_related("user")
    )
    mails = []
    for n in rows:
        if not n.user.email:
            continue
        with translation.override(recipient_language(n.user)):
            parts = [n.body_in(), absolute_url(n.url) if n.url else "", _footer()]
            text = "\n\n".join(p for p in parts if p)
            subject = f"{SUBJECT_PREFIX}{n.title_in()}"[:200]
        mails.append(EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [n.user.email]))
    if not mails:
        return 0
    connection = get_connection(fail_silently=False)
    sent = connection.send_messages(mails) or 0
    Notification.objects.filter(pk__in=[n.pk for n in rows]).update(emailed_at=timezone.now())
    return sent


def recipient_language(user) -> str:
    """The language a user's e-mails are written in: the one they last chose on the site
    (``User.language``, set by accounts.views.set_language) when it is one of settings.LANGUAGES,
    else the platform's default, settings.LANGUAGE_CODE (never the language of the request that
    caused the notice)."""
    chosen = getattr(user, "language", "") or ""
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _footer() -> str:
    return _("在站内查看全部通知、修改接收方式：%(url)s") % {"url": absolute_url("/notifications/")}


def send_digests(*, now=None) -> int:
    """Send each user one e-mail listing their digest notices not yet e-mailed (a daily job).
    Returns the number of e-mails sent; raises on a mail-server failure after logging it, so the
    scheduler sees it and the next run sends what is still pending."""
    from django.core.mail import EmailMessage, get_connection

    now = now or timezone.now()
    pending = (
        Notification.objects.filter(channel=Channel.DIGEST, emailed_at=None, created_at__lte=now)
        .select_related("user")
        .order_by("user_id", "created_at")
    )
    per_user: dict = defaultdict(list)
    for n in pending:
        per_user[n.user].append(n)
    connection = get_connection(fail_silently=False)
    sent = 0
    for user, notes in per_user.items():
        if not user.email or not user.is_active:
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
            continue
        with translation.override(recipient_language(user)):
            lines = [_("您有 %(n)d 条新通知：") % {"n": len(notes)}, ""]
            for n in notes:
                lines.append(f"· [{label_for(n.kind)}] {n.title_in()}")
                if n.url:
                    lines.append(f"  {absolute_url(n.url)}")
            lines += ["", _footer()]
            subject = SUBJECT_PREFIX + _("每日通知摘要（%(n)d 条）") % {"n": len(notes)}
        message = EmailMessage(
            subject,
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            connection=connection,
        )
        try:
            message.send(fail_silently=False)
        except Exception:
            logger.exception("digest not sent", extra={"user": user.pk})
            raise
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
        sent += 1
    return sent


def resend_pending(*, older_than_minutes: int = 30) -> int:
    """The backstop for e-mails whose every retry failed (or that the queue lost): send the
    immediate e-mails still unsent after ``older_than_minutes`` (run with the daily digest)."""
    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    ids = list(
        Notification.objects.filter(channel=Channel.EMAIL, emailed_at=None, created_at__lte=cutoff).values_list(
            "pk", flat=True
        )[:5000]
    )
    return send_emails(ids) if ids else 0


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's own unread notices read (all of them without ``ids``); returns how many."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def preference_set(*, user, kind: str, channel: str) -> Preference:
    if channel not in Channel.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"channel": _("无效的接收方式。")})
    pref, _created = Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})
    return pref
