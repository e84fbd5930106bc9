"""The security audit trail for operators and system administrators: filter, read, export."""

import csv
from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import AuditEntry, audit_export

EXPORT_LIMIT = 100_000


def can_read_trail(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role("operator"))


def _date(value: str, end: bool = False):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except (TypeError, ValueError):
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


def filtered(params) -> tuple:
    """The trail narrowed by ``params``: action (prefix, e.g. "auth."), actor (e-mail or name
    part), ip, outcome, start and end (YYYY-MM-DD, inclusive). Returns (queryset, filters used)."""
    qs = AuditEntry.objects.select_related("actor")
    used = {}
    action = (params.get("action") or "").strip()
    if action:
        qs, used["action"] = qs.filter(action__startswith=action), action
    actor = (params.get("actor") or "").strip()
    if actor:
        from django.db.models import Q

        qs = qs.filter(Q(actor__email__icontains=actor) | Q(actor__name__icontains=actor) | Q(note__icontains=actor))
        used["actor"] = actor
    ip = (params.get("ip") or "").strip()
    if ip:
        qs, used["ip"] = qs.filter(ip=ip) if _valid_ip(ip) else qs.none(), ip
    outcome = (params.get("outcome") or "").strip()
    if outcome:
        qs, used["outcome"] = qs.filter(outcome=outcome), outcome
    start, end = _date(params.get("start")), _date(params.get("end"), end=True)
    if start:
        qs, used["start"] = qs.filter(created_at__gte=start), params.get("start")
    if end:
        qs, used["end"] = qs.filter(created_at__lte=end), params.get("end")
    return qs, used


def _valid_ip(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


@login_required
def trail(request):
    if not can_read_trail(request.user):
        raise PermissionDenied
    qs, used = filtered(request.GET)
    if request.GET.get("format") == "csv":
        rows = list(qs[:EXPORT_LIMIT])
        audit_export(request=request, name="core.audit", params=used, rows=len(rows), confidential=False, fmt="csv")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 with a BOM
        writer = csv.writer(response)
        writer.writerow(
            [_("时间"), _("操作人"), _("动作"), _("对象"), _("说明"), _("客户端地址"), _("结果"), _("数据")]
        )
        for e in rows:
            values = [
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor.email if e.actor else "",
                e.action,
                e.target_repr,
                e.note,
                e.ip or "",
                e.outcome,
                e.data,
            ]
            # Text that a spreadsheet would run as a formula is written as text.
            writer.writerow(["'" + v if isinstance(v, str) and v[:1] and v[:1] in "=+-@\t\r" else v for v in values])
        return response
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)  # the page links add their own
    return render(request, "core/audit_trail.html", {"page": page, "filters": used, "query": query.urlencode()})
