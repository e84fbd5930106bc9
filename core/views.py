from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import pgettext

from catalog import selectors
from catalog.libraries import LIBRARIES
from reference.models import IndustryChain

from . import sitesearch


def home(request):
    counts = [(lib, selectors.published_total(lib)) for lib in LIBRARIES.values()]
    latest_achievements = selectors.resource_list(
        library=LIBRARIES["achievements"], user=request.user, params={}
    ).queryset[:6]
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
    """One keyword across every registered kind (libraries, patents …): the top hits of each; a
    query that names one thing (a patent or application number) goes straight to it."""
    query = request.GET.get("q", "").strip()
    chain = IndustryChain.objects.filter(slug=request.GET.get("chain", "")).first()
    found = []
    if query or chain:
        target = sitesearch.resolve(query) if query else None
        if target:
            return redirect(target)
        found = sitesearch.sections(request.user, query, chain.slug if chain else "")
    # Every section shown answers by meaning (no record contains the words): one note says so.
    semantic_only = bool(found) and all(section.semantic for section in found)
    # A query no record contains was also searched by meaning, but not in a kind whose vectors
    # are still being computed: the page names those, so "nothing found" is not read as "nothing".
    keyword_only = sitesearch.keyword_only_labels() if query and (not found or semantic_only) else []
    keyword_only = pgettext("list separator", "、").join(keyword_only)
    return render(
        request,
        "core/search.html",
        {"q": query, "chain": chain, "sections": found, "semantic_only": semantic_only, "keyword_only": keyword_only},
    )


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
