from django.conf import settings

from .nav import nav_for


def platform(request):
    from catalog.libraries import LIBRARIES

    return {"LIBRARIES": LIBRARIES.values(), "APP_NAV": nav_for(request.user), "DEBUG": settings.DEBUG}
