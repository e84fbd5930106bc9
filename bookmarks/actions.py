"""The 收藏 step of every detail page's action bar (core.actions)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from core import records
from core.actions import Action

from .services import is_bookmarked


def bookmark_action(request, record):
    user = request.user
    if not user.is_authenticated:
        login = reverse("accounts:login") + "?" + urlencode({"next": request.get_full_path()})
        return Action("bookmark", _("登录后收藏"), login)
    on = is_bookmarked(user, record)
    return Action(
        "bookmark",
        _("已收藏") if on else _("收藏"),
        reverse("bookmarks:toggle"),
        method="post",
        active=on,
        fields={"record": records.key_of(record), "next": request.get_full_path()},
    )
