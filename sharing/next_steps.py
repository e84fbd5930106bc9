"""Instrument sharing in the action bar: a shared instrument is booked from its calendar."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.actions import Action


def book_action(request, record):
    from catalog.models import Instrument

    if not isinstance(record, Instrument) or not hasattr(record, "sharing"):
        return None
    url = reverse("sharing:calendar", kwargs={"pk": record.pk})
    if not request.user.is_authenticated:
        return Action("sharing.book", _("登录后预约"), reverse("accounts:login") + "?next=" + url, primary=True)
    return Action("sharing.book", _("预约使用"), url, primary=True)
