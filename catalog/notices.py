"""Who hears about a library record's review, and what they are told (issue 10).

The owner of a record is its organisation's active members, plus its creator (a record without an
organisation, or an operator who created it for one, is followed by its creator). Reviewers hear
about new submissions (kind ``catalog.review_requested``, daily digest by default).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from notifications.messages import Message
from notifications.services import notify

from .libraries import library_for_model


def owner_audience(record) -> list:
    User = get_user_model()
    q = Q(pk=record.created_by_id) if record.created_by_id else Q(pk__in=[])
    if record.owner_org_id:
        q |= Q(memberships__organisation_id=record.owner_org_id)
    return list(User.objects.filter(q, is_active=True).distinct())


def reviewers() -> list:
    User = get_user_model()
    return list(User.objects.filter(Q(roles__contains=",operator,") | Q(roles__contains=",reviewer,"), is_active=True))


def _label(record):
    """The record's library label, lazy: a notice renders it in each reader's language."""
    lib = library_for_model(type(record))
    return lib.label if lib else type(record)._meta.verbose_name


def transition_notice(*, record, action: str, by, reason: str = "") -> None:
    """Emit the notices of one workflow action (called inside the transition's transaction;
    e-mails leave after commit)."""
    label, title, url = _label(record), record.title, record.get_absolute_url()
    what = {"library": label, "title": title}
    if action == "submit":
        notify(
            users=owner_audience(record),
            exclude=by,
            kind="catalog.submitted",
            obj=record,
            url=url,
            title=Message(gettext_noop("%(library)s《%(title)s》已提交审核"), **what),
            body=Message(gettext_noop("提交人：%(by)s。审核结果会通过站内通知告诉您。"), by=by),
        )
        notify(
            users=reviewers(),
            exclude=by,
            kind="catalog.review_requested",
            obj=record,
            url=reverse("catalog:review_queue"),
            title=Message(gettext_noop("待审核：%(library)s《%(title)s》"), **what),
        )
    elif action == "approve":
        notify(
            users=owner_audience(record),
            exclude=by,
            kind="catalog.approved",
            obj=record,
            url=url,
            title=Message(gettext_noop("%(library)s《%(title)s》审核通过，已公开发布"), **what),
            body=Message(
                gettext_noop("有效期至 %(day)s，到期前会提醒您续期。"),
                day=f"{timezone.localtime(record.expires_at):%Y-%m-%d}",
            )
            if record.expires_at
            else "",
        )
    elif action == "return":
        notify(
            users=owner_audience(record),
            exclude=by,
            kind="catalog.returned",
            obj=record,
            url=url,
            title=Message(gettext_noop("%(library)s《%(title)s》被退回修改"), **what),
            body=Message(gettext_noop("退回原因：%(reason)s"), reason=reason),
        )
    elif action == "expire":
        notify(
            users=owner_audience(record),
            kind="catalog.expired",
            obj=record,
            url=url,
            title=Message(gettext_noop("%(library)s《%(title)s》已到期下架"), **what),
            body=Message(gettext_noop("如需继续展示，请重新编辑后提交审核。")),
        )


def expiring_notice(*, record, days: int) -> list:
    """The 30- and 7-day reminders (``catalog.reminders``)."""
    what = {"library": _label(record), "title": record.title, "days": days}
    return notify(
        users=owner_audience(record),
        kind="catalog.expiring",
        obj=record,
        url=record.get_absolute_url(),
        title=Message(gettext_noop("%(library)s《%(title)s》将在 %(days)d 天后到期"), **what),
        body=Message(
            gettext_noop("到期日：%(day)s。到期后将自动下架；如需继续展示，请在详情页续期。"),
            day=f"{timezone.localtime(record.expires_at):%Y-%m-%d}",
        ),
    )
