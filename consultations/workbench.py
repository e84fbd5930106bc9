"""The workbench's 我的咨询 panel (core.workbench): threads with unread messages, asked and received."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors


def my_consultations(user):
    qs = selectors.threads_for(user)
    latest = list(qs[:5])
    if not latest:
        return None
    url = reverse("consultations:list")
    return {
        "title": _("我的咨询"),
        "url": url,
        "figures": [
            (_("未读"), qs.filter(unread=True).count(), url),
            (
                _("待我答复"),
                selectors.threads_for(user, side="received").filter(answered_at__isnull=True, status="open").count(),
                url + "?side=received",
            ),
        ],
        "items": [
            (
                t.record_title,
                t.get_absolute_url(),
                (_("未读") + " · " if t.unread else "") + f"{timezone.localtime(t.last_message_at):%m-%d %H:%M}",
            )
            for t in latest
        ],
    }
