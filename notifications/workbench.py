"""The workbench's to-do panel: the user's unread notices (core.workbench)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification


def unread(user):
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    latest = list(qs[:6])
    return {
        "title": _("待办与通知"),
        "url": reverse("notifications:inbox") + "?unread=1",
        "figures": [(_("未读通知"), qs.count(), reverse("notifications:inbox") + "?unread=1")],
        "items": [(n.shown_title, n.url, f"{timezone.localtime(n.created_at):%m-%d %H:%M}") for n in latest],
    }
