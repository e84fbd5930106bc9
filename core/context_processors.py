from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .i18n import operator_name
from .nav import nav_for


def platform(request):
    from catalog.libraries import LIBRARIES

    return {
        "LIBRARIES": LIBRARIES.values(),
        # The libraries shown directly in the top bar; the rest sit in the 资源库 menu.
        "NAV_PRIMARY_LIBRARIES": NAV_PRIMARY_LIBRARIES,
        # Lazy: a menu entry's visibility may ask the database, and partial responses (htmx panels,
        # result lists) never show the menus, so they must not pay for them.
        "APP_NAV": SimpleLazyObject(lambda: nav_for(request.user)),
        "USER_NAV": SimpleLazyObject(lambda: nav_for(request.user, place="user")),
        "DEBUG": settings.DEBUG,
        # Footer (issue 10): the operator's name and the ICP 备案 number, from settings.
        "SITE_OPERATOR_NAME": operator_name(),
        "SITE_ICP_NUMBER": getattr(settings, "SITE_ICP_NUMBER", ""),
    }


NAV_PRIMARY_LIBRARIES = ("achievements", "demands")
