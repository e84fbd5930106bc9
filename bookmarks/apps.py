from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookmarksConfig(AppConfig):
    name = "bookmarks"
    verbose_name = _("收藏")

    def ready(self):
        from core.actions import register_action
        from core.nav import register_nav

        from . import actions

        register_action("bookmarks.bookmark", actions.bookmark_action, order=60)
        register_nav(
            _("我的收藏"), "bookmarks:list", order=91, place="user", visible=lambda user: user.is_authenticated
        )
