"""Write side of the catalog: create and update records, attachments, view counts."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .access import can_edit
from .models import Attachment, PolicyClause
from .models.base import Resource, validate_attachment


def _set_m2m(record, m2m: dict) -> None:
    for name, values in m2m.items():
        if values is not None:
            getattr(record, name).set(values)


@transaction.atomic
def resource_create(*, model, by, owner_org=None, m2m: dict | None = None, **fields) -> Resource:
    """Create a draft. ``owner_org`` must be one of ``by``'s organisations (operators may pick any)."""
    if owner_org is None:
        owner_org = by.primary_organisation
    if owner_org is not None and not by.has_role("operator") and owner_org.pk not in by.organisation_ids():
        raise PermissionDenied(_("只能以本人所属机构的名义发布。"))
    if owner_org is None and not by.has_role("operator"):
        raise ValidationError({"owner_org": _("请先加入或创建一个机构，再发布信息。")})
    record = model(owner_org=owner_org, created_by=by, **fields)
    record.full_clean()
    record.validate_new()
    record.save()
    _set_m2m(record, m2m or {})
    return record


@transaction.atomic
def resource_update(*, record: Resource, by, m2m: dict | None = None, **fields) -> Resource:
    if not (can_edit(by, record) or (by.has_role("operator") and record.status != "published")):
        raise PermissionDenied(_("只有草稿或被退回的记录可以由所属机构修改；已发布的请先撤回。"))
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    _set_m2m(record, m2m or {})
    return record


@transaction.atomic
def attachment_add(*, record: Resource, file, by) -> Attachment:
    if not can_edit(by, record) and not by.has_role("operator"):
        raise PermissionDenied(_("无权为该记录上传附件。"))
    return attachment_store(record=record, file=file, by=by)


def attachment_store(*, record, file, by) -> Attachment:
    """Check ``file`` (type, size, content signature) and attach it to any record; the caller
    has checked the permission. Other apps (programme entries) attach files through here.

    Raises ValidationError when the file is refused."""
    validate_attachment(file)
    from django.contrib.contenttypes.models import ContentType

    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        file=file,
        name=file.name[:200],
        size=file.size,
        uploaded_by=by,
    )
    attachment.save()
    return attachment


@transaction.atomic
def policy_clauses_replace(*, policy, clauses: list[dict], by) -> list[PolicyClause]:
    if not (can_edit(by, policy) or by.has_role("operator")):
        raise PermissionDenied(_("无权修改该政策的条款。"))
    policy.clauses.all().delete()
    created = []
    for order, data in enumerate(clauses, start=1):
        clause = PolicyClause(policy=policy, order=order, **data)
        clause.full_clean()
        clause.save()
        created.append(clause)
    return created


def visitor_key(request) -> str:
    """Who is viewing, for counting: the user, else a hash of the client address and browser
    (no session is created for an anonymous reader)."""
    import hashlib

    if request.user.is_authenticated:
        return f"u{request.user.pk}"
    raw = f"{request.META.get('REMOTE_ADDR', '')}|{request.META.get('HTTP_USER_AGENT', '')[:200]}"
    return "a" + hashlib.sha256(raw.encode()).hexdigest()[:24]


def view_count_increment(record: Resource, visitor: str = "") -> bool:
    """Count a view; with ``visitor`` (``visitor_key``), once per visitor per record per day (issue
    10: reloads do not inflate "most viewed"). Returns whether it counted. The marks live in the
    cache (shared across workers when CACHES points at Redis)."""
    if visitor:
        from django.core.cache import cache
        from django.utils import timezone

        key = f"viewed:{record._meta.label_lower}:{record.pk}:{visitor}:{timezone.localdate():%Y%m%d}"
        if not cache.add(key, 1, timeout=24 * 3600):
            return False
    type(record).objects.filter(pk=record.pk).update(view_count=F("view_count") + 1)
    return True
