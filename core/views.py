from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from catalog import selectors
from catalog.libraries import LIBRARIES
from reference.models import IndustryChain


def home(request):
    counts = [(lib, selectors.published_total(lib)) for lib in LIBRARIES.values()]
    latest_achievements = selectors.resource_list(library=LIBRARIES["achievements"], user=request.user, params={}).queryset[:6]
    latest_demands = selectors.resource_list(library=LIBRARIES["demands"], user=request.user, params={}).queryset[:6]
    return render(
        request,
        "core/home.html",
        {
            "counts": counts,
            "latest_achievements": latest_achievements,
            "latest_demands": latest_demands,
            "chains": IndustryChain.objects.all()[:12],
        },
    )


def search_all(request):
    """One keyword across every library: the top hits of each."""
    query = request.GET.get("q", "").strip()
    sections = []
    if query:
        for lib in LIBRARIES.values():
            result = selectors.resource_list(library=lib, user=request.user, params={"q": query})
            hits = list(result.queryset[:5])
            if hits:
                sections.append({"lib": lib, "hits": hits, "highlights": result.highlights, "total": result.queryset.count()})
    return render(request, "core/search.html", {"q": query, "sections": sections})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
