"""A single audit trail for actions that matter (who did what to which record, when)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("动作"), max_length=60)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("数据"), default=dict, blank=True)
    # Security events (等保 2.0 level 3): the client address and whether the attempt succeeded.
    ip = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "core"
        ordering = ["-created_at", "-id"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"


def client_ip(request) -> str | None:
    """The client's address as the server saw it (REMOTE_ADDR; behind a proxy, set
    SECURE_PROXY_SSL_HEADER and let the proxy overwrite REMOTE_ADDR). None without a request."""
    if request is None:
        return None
    return (getattr(request, "META", {}) or {}).get("REMOTE_ADDR") or None


def audit(
    *,
    actor,
    action: str,
    target=None,
    note: str = "",
    data: dict | None = None,
    request=None,
    outcome: str = "",
) -> AuditEntry:
    """Write one audit row: who (``actor``), what (``action``, ``target``, ``note``, ``data``), the
    client address from ``request`` when given, and ``outcome`` ("success", "failure", "locked" ...)."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        note=note or "",
        data=data or {},
        ip=client_ip(request),
        outcome=outcome,
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target)
        entry.object_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    entry.save()
    return entry


def current_request():
    """The request being served on this thread, if any (django-simple-history's middleware keeps
    it), so that model signals can name the actor and the client address of a change."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def current_actor():
    request = current_request()
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def audit_export(
    *, request, name: str, rows: int, confidential: bool, params=None, fmt: str = "xlsx", actor=None
) -> AuditEntry:
    """One row per export: which list (``name``), the filter (query parameters), how many rows (件)
    and whether confidential columns held values for this user. ``actor`` defaults to the
    request's user (a background job passes the user who started it and no request)."""
    filters = {k: v for k, v in (params or {}).items() if k not in ("csrfmiddlewaretoken",)}
    return audit(
        actor=actor if actor is not None else getattr(request, "user", None),
        action="export",
        note=name,
        data={"list": name, "filters": filters, "rows": rows, "confidential": confidential, "format": fmt},
        request=request,
        outcome="success",
    )


# Deletions of these apps' records are audited (who, when, what), whatever deletes them.
AUDITED_DELETION_APPS = ("accounts", "catalog", "deals", "patents", "monitoring")
# Bookkeeping rows whose deletion is routine (read marks, inbox rows, cached index state).
UNAUDITED_DELETION_MODELS = {"deals.notification", "deals.messageread", "catalog.reviewevent"}


def _deleted(sender, instance, **kwargs):
    meta = sender._meta
    label = f"{meta.app_label}.{meta.model_name}"
    if meta.app_label not in AUDITED_DELETION_APPS or label in UNAUDITED_DELETION_MODELS:
        return
    if meta.model_name.startswith("historical"):
        return
    audit(
        actor=current_actor(),
        action="delete",
        note=f"{label}#{instance.pk}: {str(instance)[:150]}",
        data={"model": label, "id": instance.pk},
        request=current_request(),
        outcome="success",
    )


def connect_deletion_audit() -> None:
    from django.db.models.signals import post_delete

    post_delete.connect(_deleted, dispatch_uid="core.audit.deleted")
