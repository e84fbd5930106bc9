from django.conf import settings

from .nav import nav_for


def platform(request):
    from catalog.libraries import LIBRARIES

    return {
        "LIBRARIES": LIBRARIES.values(),
        # The libraries shown directly in the top bar; the rest sit in the 资源库 menu.
        "NAV_PRIMARY_LIBRARIES": NAV_PRIMARY_LIBRARIES,
        "APP_NAV": nav_for(request.user),
        "USER_NAV": nav_for(request.user, place="user"),
        "DEBUG": settings.DEBUG,
    }


NAV_PRIMARY_LIBRARIES = ("achievements", "demands")
