"""Notification centre pages: inbox with filters, mark read, the top bar's unread badge (htmx), preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import safe_next
from core.pagination import CappedPaginator

from . import selectors, services
from .kinds import label_for
from .models import Channel


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    app = request.GET.get("app", "")[:30]
    kind = request.GET.get("kind", "")[:60]
    qs = selectors.inbox(request.user, unread=unread_only, app=app, kind=kind)
    page = CappedPaginator(qs, 20).get_page(request.GET.get("page"))
    for n in page:
        n.kind_label = label_for(n.kind)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "unread": services.unread_count(request.user),
            "unread_only": unread_only,
            "app": app,
            "kind": kind,
            "apps": selectors.apps_in_inbox(request.user),
            "APP_LABELS": APP_LABELS,
        },
    )


# Filter labels for the apps that emit notices; an app not listed shows its code name.
APP_LABELS = {
    "catalog": gettext_lazy("发布审核"),
    "accounts": gettext_lazy("机构与成员"),
    "deals": gettext_lazy("技术交易"),
    "enterprises": gettext_lazy("企业"),
    "sharing": gettext_lazy("共享与创新券"),
    "programmes": gettext_lazy("项目与活动"),
    "monitoring": gettext_lazy("监测与台账"),
    "matching": gettext_lazy("匹配"),
    "consultations": gettext_lazy("咨询留言"),
}


@login_required
@require_POST
def read(request):
    """Mark the posted ids read (``id`` repeated), or all with ``all=1``."""
    ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
    if ids or request.POST.get("all") == "1":
        services.mark_read(user=request.user, ids=ids or None)
    if request.htmx:
        return badge(request)
    return safe_next(request, "notifications:inbox")


def badge(request):
    """The top bar's bell with the unread count; htmx fetches it on load and every minute."""
    count = services.unread_count(request.user) if request.user.is_authenticated else 0
    response = render(request, "notifications/_badge.html", {"unread": count})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def preferences(request):
    if request.method == "POST":
        changed = 0
        for row in selectors.preferences(request.user):
            channel = request.POST.get(f"channel-{row['kind']}")
            if channel and channel != row["channel"]:
                try:
                    services.preference_set(user=request.user, kind=row["kind"], channel=channel)
                except ValidationError:
                    messages.error(request, _("无效的接收方式。"))
                    continue
                changed += 1
        messages.success(request, _("已保存通知接收方式（%(n)d 项变更）。") % {"n": changed})
        return safe_next(request, "notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"rows": selectors.preferences(request.user), "channels": Channel.choices},
    )
