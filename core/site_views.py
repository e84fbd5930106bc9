"""The signed-in user's workbench and the site's own pages (about, help, terms, privacy, contact)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .i18n import operator_name
from .workbench import panels_for


@login_required
def workbench(request):
    return render(request, "core/workbench.html", {"panels": panels_for(request.user)})


SITE_PAGES = ("about", "help", "terms", "privacy", "contact")


def site_page(request, page: str):
    if page not in SITE_PAGES:
        raise Http404
    return render(
        request,
        f"core/site/{page}.html",
        {
            "page": page,
            "operator_name": operator_name(),
            "contact_phone": settings.SITE_CONTACT_PHONE,
            "contact_email": settings.SITE_CONTACT_EMAIL,
            "terms_version": settings.TERMS_VERSION,
        },
    )
