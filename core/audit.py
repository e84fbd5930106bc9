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
