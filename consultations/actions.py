"""The 咨询 step of every detail page's action bar (core.actions)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from core import records
from core.actions import Action


def consult_action(request, record):
    if not records.is_interactive(record):
        return None
    user = request.user
    if not user.is_authenticated:
        login = reverse("accounts:login") + "?" + urlencode({"next": request.get_full_path()})
        return Action("consult", _("登录后咨询"), login)
    org, person = records.owner_of(record)
    if (org is not None and org.pk in user.organisation_ids()) or (org is None and person == user):
        return Action("consult", _("收到的咨询"), reverse("consultations:list") + "?side=received")
    url = reverse("consultations:new") + "?" + urlencode({"record": records.key_of(record)})
    return Action("consult", _("咨询/留言"), url)
