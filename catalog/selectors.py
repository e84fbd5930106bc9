"""Read side of the catalog: filtered, permission-aware lists shared by pages and the API."""

import time

from django.core.cache import cache
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from core.fields import contains_choice

from .libraries import Library
from .models import PolicyClause, Status
from .search import SearchResult, keyword_search


def base_queryset(library: Library) -> QuerySet:
    qs = library.model.objects.select_related("owner_org", "prefecture", "county").prefetch_related("industry_chains")
    return qs


def apply_filters(library: Library, qs: QuerySet, params) -> QuerySet:
    """Apply the library's declared filters from a QueryDict-like ``params``."""
    value = params.get("chain")
    if value and "chain" in library.filters:
        qs = qs.filter(industry_chains__slug=value)
    value = params.get("region")
    if value and "region" in library.filters:
        qs = (
            qs.filter(county_id=value)
            if len(value) == 6 and not value.endswith("00")
            else qs.filter(prefecture_id=value)
        )
    value = params.get("new_city")
    if value and "new_city" in library.filters:
        qs = qs.filter(new_city=value)
    value = params.get("stage")
    if value and "stage" in library.filters:
        qs = qs.filter(stage=value)
    value = params.get("mode")
    if value and "mode" in library.filters:
        qs = qs.filter(**contains_choice("cooperation_modes", value))
    if params.get("bottleneck") in ("1", "true") and "bottleneck" in library.filters:
        qs = qs.filter(is_bottleneck=True)
    value = params.get("category")
    if value and "category" in library.filters:
        qs = qs.filter(category=value)
    value = params.get("level")
    if value and "level" in library.filters:
        qs = qs.filter(level=value)
    value = params.get("subject")
    if value and "subject" in library.filters:
        qs = qs.filter(pk__in=PolicyClause.objects.filter(subject_kind=value).values("policy_id"))
    value = params.get("product_type")
    if value and "product_type" in library.filters:
        qs = qs.filter(product_type=value)
    value = params.get("kind")
    if value and "kind" in library.filters:
        qs = qs.filter(kind=value)
    value = params.get("status")
    if value and value in Status.values:
        qs = qs.filter(status=value)
    # No DISTINCT for the chain filter: one slug matches at most one (record, chain) row, and a
    # DISTINCT over every selected column made each filtered page sort the whole result.
    return qs


def public_queryset(library: Library, user) -> QuerySet:
    """What the market shows ``user``: published records, members-only ones to signed-in users."""
    qs = base_queryset(library).published()
    if not user.is_authenticated:
        qs = qs.filter(visibility="public")
    return qs


def resource_list(
    *, library: Library, user, params, scope: str = "public", published_since=None, semantic: bool = False
) -> SearchResult:
    """The list a user sees.

    scope="public": what the market shows (published, visible to the user);
    scope="mine": the user's organisations' records in every status;
    scope="all": everything the user may open (operators see all).
    ``published_since`` (an aware datetime) keeps the records published after it (the
    subscriptions app asks "what is new in this saved search").
    ``semantic``: a list a person reads (the list page, the API, the site search) may answer a
    keyword that no record contains with the records closest in meaning, ``result.semantic`` set
    (``catalog.search.keyword_search``); exports and saved-search digests keep keyword hits only.
    """
    if scope == "mine":
        qs = base_queryset(library).owned_by(user)
    elif scope == "all":
        qs = base_queryset(library).visible_to(user)
    else:
        qs = public_queryset(library, user)
    if published_since is not None:
        qs = qs.filter(published_at__gt=published_since)
    visible = qs
    qs = apply_filters(library, qs, params)
    result = keyword_search(
        library=library.slug, query=params.get("q", ""), queryset=qs, semantic=semantic, visible=visible
    )
    sort = params.get("sort", "")
    if sort in dict(sort_options(library)) and sort != "newest":
        result.queryset = result.queryset.order_by(*SORTS[sort])  # an explicit choice overrides relevance
    elif result.engine in ("database", "none") or sort == "newest":
        result.queryset = result.queryset.order_by("-published_at", "-created_at", "-id")
    return result


# List orders (issue 10). Orders by a field only where that field is public in the library: a
# confidential field (a demand's budget) must not be inferable from the order of a list.
SORTS = {
    "newest": ("-published_at", "-created_at", "-id"),
    "views": ("-view_count", "-published_at", "-id"),
    "deadline": (F("deadline").asc(nulls_last=True), "-id"),
    "price": (F("asking_price").asc(nulls_last=True), "-id"),
}


def sort_options(library: Library) -> list[tuple[str, str]]:
    """The orders this library's list offers: newest, most viewed, and deadline or price where
    the library has that field and it is not confidential."""
    fields = {f.name for f in library.model._meta.get_fields()}
    hidden = set(getattr(library.model, "confidential_fields", ()))
    options = [("newest", _("最新发布")), ("views", _("浏览最多"))]
    if "deadline" in fields and "deadline" not in hidden:
        options.append(("deadline", _("截止日期最近")))
    if "asking_price" in fields and "asking_price" not in hidden:
        options.append(("price", _("价格从低到高")))
    return options


TOTAL_TTL_S = 60  # how stale a shown library total may be
# How long a filtered list's capped count is kept: every publication, change or withdrawal drops it
# at once (``list_version``), so only records passing their expiry date move it unannounced.
LIST_COUNT_TTL_S = 300


def published_total(library: Library, *, members: bool = True) -> int:
    """The number of published records of ``library`` (件), members-only ones included when
    ``members``; cached for ``TOTAL_TTL_S`` seconds, so that the home page and unfiltered lists do
    not count the whole table on every request (one COUNT cost 520 ms at 100k records)."""
    key = f"catalog:published_total:{library.slug}:{int(members)}"
    total = cache.get(key)
    if total is None:
        qs = library.model.objects.published()
        if not members:
            qs = qs.filter(visibility="public")
        total = qs.count()
        cache.set(key, total, TOTAL_TTL_S)
    return total


def forget_totals(sender=None, record=None, **kwargs) -> None:
    """Drop the cached totals of ``record``'s library (a ``resource_changed`` receiver)."""
    library = getattr(record, "library", "")
    if library:
        cache.delete_many([f"catalog:published_total:{library}:{members}" for members in (0, 1)])
        cache.set(f"catalog:list_count_version:{library}", time.time_ns(), None)


def list_count_key(library: Library, *, user, params) -> str:
    """The cache key of the public list's capped count for these ``params`` (page and order left
    out). The public list is the same for every signed-in user (published records, members-only
    ones included) and for every visitor (public ones only), so the key says only which of the
    two; the cached value is a number of rows, kept ``LIST_COUNT_TTL_S`` seconds and dropped with
    the library's totals (``forget_totals``)."""
    import hashlib

    wanted = sorted((name, value) for name, value in params.items() if name not in ("page", "sort") and value)
    digest = hashlib.sha256(repr(wanted).encode()).hexdigest()[:32]
    return f"catalog:list_count:{library.slug}:{int(user.is_authenticated)}:{list_version(library)}:{digest}"


def list_version(library: Library) -> int:
    """The version of ``library``'s public list: replaced whenever a record is published, changed or
    withdrawn (``forget_totals``); part of the keys of everything cached from the list (capped
    counts, site-search sections)."""
    return cache.get(f"catalog:list_count_version:{library.slug}", 0)


def list_total(library: Library, *, user, params) -> int | None:
    """The cached total for the public list when nothing narrows it (no keyword, no filter),
    else None (the list's own capped count is shown)."""
    if any(value for name, value in params.items() if name != "page"):
        return None
    return published_total(library, members=user.is_authenticated)


def review_queue(*, user) -> list[tuple[Library, QuerySet]]:
    """The submitted records the user reviews: all of them for the general window, those homed in
    the user's regions for a sub-market's operators (catalog.access.review_regions)."""
    from .access import home_region_q, review_regions
    from .libraries import LIBRARIES

    regions = review_regions(user)
    queues = []
    for lib in LIBRARIES.values():
        qs = base_queryset(lib).filter(status=Status.SUBMITTED).order_by("updated_at")
        if regions is not None:
            qs = qs.filter(home_region_q(regions)) if regions else qs.none()
        queues.append((lib, qs))
    return queues


def record_for(*, library: Library, pk: int, user):
    """One record the user may open, or Http404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(base_queryset(library).visible_to(user), pk=pk)


def site_search_section(library: Library):
    """The site-wide search's section for one library (core.sitesearch): top 5 hits the user may
    see. The hits are the public list's (``public_queryset``: the same for every signed-in user and
    for every visitor), so they are cached per scope (``core.sitesearch.cached_section``, dropped with
    the list's version); the cached ids are loaded through the viewer's own queryset."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from core import sitesearch

    def search(user, query: str, chain: str = ""):
        params = {"q": query, **({"chain": chain} if chain else {})}
        if chain and "chain" not in library.filters:
            return None
        return sitesearch.cached_section(
            library.slug,
            user=user,
            query=query,
            chain=chain,
            version=list_version(library),
            search=lambda: resource_list(library=library, user=user, params=params, semantic=True),
            visible=public_queryset(library, user),
            label=str(library.label),
            more_url=reverse("catalog:list", args=[library.slug]) + "?" + urlencode(params),
            template="catalog/_card.html",
        )

    return search
