"""Negotiation messages with attachments, and their read state per user."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from catalog.models.base import validate_attachment
from notifications.messages import Message as Notice
from notifications.services import notify

from .. import access
from ..models import Deal, Message, MessageAttachment, MessageRead
from .deals import record_broker_response
from .notifications import deal_audience


@transaction.atomic
def message_post(*, deal: Deal, by, body: str, files=()) -> Message:
    kinds = access.actor_kinds(by, deal)
    if not kinds:
        raise PermissionDenied(_("只有对接双方、经纪人和平台运营人员可以参与洽谈。"))
    body = (body or "").strip()
    files = [f for f in files if f]
    if not body and not files:
        raise ValidationError({"body": _("请输入消息内容或选择附件。")})
    for f in files:
        try:
            validate_attachment(f)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from None
    message = Message.objects.create(deal=deal, author=by, body=body or _("（附件）"))
    for f in files:
        MessageAttachment.objects.create(message=message, file=f, name=f.name[:200], size=f.size)
    MessageRead.objects.create(message=message, user=by)
    if "broker" in kinds:
        record_broker_response(deal=deal, user=by)
    Deal.objects.filter(pk=deal.pk).update(updated_at=message.created_at)
    notify(
        users=deal_audience(deal),
        deal=deal,
        kind="deals.message",
        exclude=by,
        url=deal.get_absolute_url() + "#messages",
        title=Notice(gettext_noop("对接“%(t)s”有新消息"), t=deal.title),
        # The body stays in the platform: a mail may travel outside it.
        body=Notice(gettext_noop("%(who)s 发来一条洽谈消息，请登录平台查看。"), who=by),
    )
    return message


def messages_for(*, deal: Deal, user):
    if not access.can_view_deal(user, deal):
        raise PermissionDenied(_("无权查看该对接的洽谈消息。"))
    return deal.messages.select_related("author").prefetch_related("attachments")


def mark_thread_read(*, deal: Deal, user) -> int:
    unread = list(deal.messages.exclude(reads__user=user).values_list("pk", flat=True))
    MessageRead.objects.bulk_create([MessageRead(message_id=pk, user=user) for pk in unread], ignore_conflicts=True)
    return len(unread)


def unread_messages(*, user, deal: Deal | None = None):
    qs = Message.objects.filter(deal__in=access.deals_visible_to(user)).exclude(reads__user=user)
    if deal is not None:
        qs = qs.filter(deal=deal)
    return qs
