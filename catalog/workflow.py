"""The review workflow as data, and the one function that moves a record along it.

draft ──submit──▶ submitted ──approve──▶ published ──archive/expire──▶ archived
  ▲                  │ return (reason)        │ withdraw                 │ reopen
  └──── returned ◀───┘                        ▼                          ▼
        (resubmit)                          draft ◀───────────────────  draft
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.workflow import Transition

from .access import can_review_record, is_owner
from .models.base import Resource, ReviewEvent, Status
from .notices import transition_notice
from .signals import resource_changed

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("submit", _("提交审核"), (Status.DRAFT, Status.RETURNED), Status.SUBMITTED, ("owner",)),
        Transition("approve", _("审核通过"), (Status.SUBMITTED,), Status.PUBLISHED, ("reviewer",)),
        Transition("return", _("退回修改"), (Status.SUBMITTED,), Status.RETURNED, ("reviewer",), reason_required=True),
        Transition("withdraw", _("撤回修改"), (Status.PUBLISHED, Status.SUBMITTED), Status.DRAFT, ("owner",)),
        Transition(
            "archive",
            _("归档"),
            (Status.PUBLISHED, Status.DRAFT, Status.RETURNED),
            Status.ARCHIVED,
            ("owner", "reviewer"),
        ),
        Transition("expire", _("到期下架"), (Status.PUBLISHED,), Status.ARCHIVED, ("system",)),
        Transition("reopen", _("重新编辑"), (Status.ARCHIVED,), Status.DRAFT, ("owner",)),
        Transition("renew", _("续期"), (Status.PUBLISHED,), Status.PUBLISHED, ("owner", "reviewer")),
    ]
}

# Which signal action a transition implies for listeners such as the search index.
_SIGNAL_FOR_TARGET = {Status.PUBLISHED: "published"}


def _actor_kinds(user, record: Resource) -> set[str]:
    kinds = set()
    if user is None:
        return {"system"}
    if is_owner(user, record):
        kinds.add("owner")
    if can_review_record(user, record):
        kinds.add("reviewer")  # general-window reviewers, or a sub-market's for its region
    if user.has_role("operator"):
        kinds.add("owner")  # operators may act for an owner (e.g. archive on request)
    return kinds


def available_actions(user, record: Resource) -> list[Transition]:
    kinds = _actor_kinds(user, record) if user and user.is_authenticated else set()
    return [t for t in TRANSITIONS.values() if record.status in t.sources and kinds & set(t.actors)]


def transition(*, record: Resource, action: str, by, reason: str = "") -> Resource:
    """Validate and apply one workflow action, log it, and notify listeners after commit.

    ``by`` is the acting user, or None for the system (scheduled expiry).
    """
    try:
        spec = TRANSITIONS[action]
    except KeyError:
        raise ValidationError({"action": _("未知的操作：%(a)s") % {"a": action}}) from None
    reason = (reason or "").strip()
    with transaction.atomic():
        # Lock the row so two reviewers cannot both act on the same submission.
        record = type(record).objects.select_for_update().get(pk=record.pk)
        if record.status not in spec.sources:
            raise ValidationError(
                {"status": _("当前状态“%(s)s”不能执行“%(a)s”。") % {"s": record.get_status_display(), "a": spec.label}}
            )
        if not (_actor_kinds(by, record) & set(spec.actors)):
            raise PermissionDenied(_("您无权对该记录执行“%(a)s”。") % {"a": spec.label})
        if spec.reason_required and not reason:
            raise ValidationError({"reason": _("请填写原因。")})
        if action == "submit":
            record.full_clean()
        from_status = record.status
        now = timezone.now()
        record.status = spec.target
        fields = ["status", "updated_at"]
        if action == "approve":
            record.published_at = now
            record.expires_at = now + timedelta(days=settings.RECORD_TTL_DAYS)
            record.return_reason = ""
            fields += ["published_at", "expires_at", "return_reason"]
        elif action == "renew":
            record.expires_at = now + timedelta(days=settings.RECORD_TTL_DAYS)
            fields.append("expires_at")
        elif action == "return":
            record.return_reason = reason
            fields.append("return_reason")
        record.save(update_fields=fields)
        ReviewEvent.objects.create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            action=action,
            from_status=from_status,
            to_status=spec.target,
            actor=by,
            reason=reason,
        )
        transition_notice(record=record, action=action, by=by, reason=reason)
        signal_action = "published" if spec.target == Status.PUBLISHED else "withdrawn"
        if from_status != Status.PUBLISHED and spec.target != Status.PUBLISHED:
            signal_action = None  # nothing public changed
        if signal_action:
            transaction.on_commit(
                lambda: resource_changed.send(sender=type(record), record=record, action=signal_action)
            )
    return record


def expire_due(now=None) -> int:
    """Archive every published record whose expiry date has passed. Returns how many."""
    from .libraries import LIBRARIES

    now = now or timezone.now()
    count = 0
    for lib in LIBRARIES.values():
        for record in lib.model.objects.filter(status=Status.PUBLISHED, expires_at__lte=now):
            transition(record=record, action="expire", by=None, reason=str(_("超过有效期自动下架")))
            count += 1
    return count


def history(record: Resource):
    return ReviewEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("actor")
