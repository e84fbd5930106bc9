"""Read side: patent lists and filters, pool statistics, achievements that cite patents."""

import time
from collections import Counter

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from catalog.search import SearchResult, keyword_search
from core.patent_numbers import PatentNumber, parse_patent_number, parse_patent_numbers

from .models import IpcEntry, LegalStatus, Patent, PatentPool, PatentType, PoolMembership
from .validators import normalise_ipc

UNIVERSITY_HINTS = ("大学", "学院", "研究院", "研究所", "科学院")


def patent_list(params) -> QuerySet:
    """Patents filtered by pool (slug), ipc (prefix), type, status, high_value and q.

    ``q``: a patent or application number in any written form (core.patent_numbers) selects that
    patent; other text is a keyword search on the search index (the one normaliser, synonyms,
    relevance order; the database's substring match only while no index exists). Without ``q``
    the order is value score, then number."""
    return patent_search(params).queryset


def patent_search(params, *, semantic: bool = False) -> SearchResult:
    """``patent_list`` with the search engine's highlighted snippets (record id → HTML).
    ``semantic``: a keyword no patent contains may be answered by the patents closest in meaning,
    ``result.semantic`` set (``catalog.search.keyword_search``; the list page and site search)."""
    qs = Patent.objects.all()
    pool = (params.get("pool") or "").strip()
    if pool:
        qs = qs.filter(id__in=PoolMembership.objects.filter(pool__slug=pool).values("patent_id"))
    chain = (params.get("chain") or "").strip()
    if chain:
        members = PoolMembership.objects.filter(pool__chain__slug=chain, pool__is_active=True)
        qs = qs.filter(id__in=members.values("patent_id"))
    ipc = normalise_ipc(params.get("ipc") or "")
    if ipc:
        if ipc.endswith("/00"):  # a main group selects all its subgroups
            ipc = ipc[:-2]
        elif len(ipc) > 4 and "/" not in ipc:
            ipc += "/"
        field = "ipc_subclasses" if len(ipc) <= 4 else "ipc_codes"
        qs = qs.filter(**{f"{field}__contains": f",{ipc}"})
    if params.get("type") in PatentType.values:
        qs = qs.filter(patent_type=params["type"])
    status = params.get("status")
    if status == "unknown":
        qs = qs.filter(legal_status="")
    elif status in LegalStatus.values:
        qs = qs.filter(legal_status=status)
    if params.get("high_value") in ("1", "true", "on"):
        qs = qs.filter(high_value=True)
    q = (params.get("q") or "").strip()
    if q:
        number = parse_patent_number(q)
        if number is not None:
            return SearchResult(queryset=qs.filter(id__in=[p.id for p in patents_for(number)]), engine="number")
        # Every patent is public (bibliographic data): the meaning side may judge among them all.
        return keyword_search(library="patents", query=q, queryset=qs, semantic=semantic, visible=Patent.objects.all())
    return SearchResult(queryset=qs.order_by("-value_score", "publication_number"), engine="none")


def patents_for(number: PatentNumber) -> list[Patent]:
    """The patents a parsed number names: the publication itself, or (when the platform holds it
    under another kind code, e.g. the grant B of an application A) the same serial; for an
    application or ZL number, the patent with that application number."""
    if number.kind == "application":
        return list(Patent.objects.filter(application_number=number.number))
    exact = list(Patent.objects.filter(publication_number=number.number))
    if exact:
        return exact
    return [
        p
        for p in Patent.objects.filter(publication_number__startswith=f"CN{number.digits}")
        if (parsed := parse_patent_number(p.publication_number)) is not None and parsed.digits == number.digits
    ]


def patent_url_for_query(query: str) -> str | None:
    """The page of the one patent ``query`` names by number (site search resolver), or None."""
    number = parse_patent_number(query or "")
    if number is None:
        return None
    found = patents_for(number)
    return found[0].get_absolute_url() if len(found) == 1 else None


SEARCH_VERSION_KEY = "patents:search:version"


def search_version() -> int:
    """The version of the patents' search results: replaced when patents are imported, rescored or
    change pools (``services.notify.notify_changed``); part of the site-search section's cache key."""
    return cache.get(SEARCH_VERSION_KEY, 0)


def forget_search() -> None:
    cache.set(SEARCH_VERSION_KEY, time.time_ns(), None)


def site_search_section(user, query: str, chain: str = ""):
    """Patents in the site-wide search (core.sitesearch): top 5 by relevance; ``chain``: only the
    patents of that industry chain's active pools. Patents are public alike to every viewer: the
    top hits are cached (``core.sitesearch.cached_section``, dropped with ``search_version``)."""
    from django.urls import reverse
    from django.utils.http import urlencode
    from django.utils.translation import gettext as _

    from core import sitesearch

    params = {"q": query, **({"chain": chain} if chain else {})}
    return sitesearch.cached_section(
        "patents",
        user=user,
        query=query,
        chain=chain,
        version=search_version(),
        search=lambda: patent_search(params, semantic=True),
        visible=Patent.objects.all(),
        label=_("专利"),
        more_url=reverse("patents:list") + "?" + urlencode(params),
        template="patents/_search_hit.html",
    )


def pool_list() -> list[PatentPool]:
    return list(
        PatentPool.objects.filter(is_active=True)
        .select_related("chain")
        .annotate(
            patent_count=Count("memberships", distinct=True),
            high_value_count=Count("memberships", filter=Q(memberships__patent__high_value=True), distinct=True),
        )
        .order_by("order", "name")
    )


def pool_patents(pool: PatentPool) -> QuerySet:
    return Patent.objects.filter(pool_memberships__pool=pool)


def pool_high_value(pool: PatentPool, limit: int | None = 50) -> QuerySet:
    qs = pool_patents(pool).filter(high_value=True)
    if pool.high_value_threshold:
        qs = qs.filter(value_score__gte=pool.high_value_threshold)
    qs = qs.order_by("-value_score", "publication_number")
    return qs[:limit] if limit else qs


def pool_stats(pool: PatentPool) -> dict:
    """Counts and chart series for a pool page. Unknown values are counted as unknown, not guessed."""
    rows = list(
        pool_patents(pool).values_list(
            "patent_type",
            "legal_status",
            "application_date",
            "ipc_subclasses",
            "applicants",
            "inventors",
            "high_value",
            "value_score",
        )
    )
    threshold = pool.high_value_threshold
    types = Counter(r[0] for r in rows)
    statuses = Counter(r[1] or "unknown" for r in rows)
    years = Counter(r[2].year for r in rows if r[2])
    ipc = Counter(s for r in rows for s in r[3].split(",") if s)
    applicants = Counter(a for r in rows for a in r[4])
    universities = Counter(a for r in rows for a in r[4] if any(h in a for h in UNIVERSITY_HINTS))
    inventors = Counter(i for r in rows for i in r[5])
    top_ipc = ipc.most_common(12)
    titles = dict(IpcEntry.objects.filter(code__in=[c for c, _n in top_ipc]).values_list("code", "title"))
    status_labels = dict(LegalStatus.choices) | {"unknown": "未知"}
    return {
        "total": len(rows),
        "invention": types.get(PatentType.INVENTION, 0),
        "utility": types.get(PatentType.UTILITY, 0),
        "design": types.get(PatentType.DESIGN, 0),
        "high_value": sum(1 for r in rows if r[6] and r[7] >= threshold),
        "types": [
            {"name": str(label), "value": types.get(value, 0)}
            for value, label in PatentType.choices
            if types.get(value)
        ],
        "statuses": [{"name": str(status_labels[k]), "value": v} for k, v in statuses.most_common()],
        "status_unknown": statuses.get("unknown", 0),
        "years": sorted(years.items()),
        "date_unknown": sum(1 for r in rows if not r[2]),
        "ipc": [{"code": c, "title": titles.get(c, ""), "count": n} for c, n in top_ipc],
        "top_applicants": applicants.most_common(10),
        "top_universities": universities.most_common(10),
        "top_inventors": inventors.most_common(10),
        "applicant_unknown": sum(1 for r in rows if not r[4]),
        "inventor_unknown": sum(1 for r in rows if not r[5]),
    }


def split_patent_numbers(text: str) -> list[str]:
    """The numbers written in a cell, canonical (``CN114081026A``, ``201710601862.3``), in order:
    the one parser, core.patent_numbers (spaces, hyphens, full width, lower case, several per cell)."""
    return [n.number for n in parse_patent_numbers(text or "")]


def patents_for_numbers(text: str) -> list[Patent]:
    """The Patent records a cell of patent numbers refers to, in its order (numbers the platform
    does not hold are left out). For catalog.Achievement.patent_numbers."""
    result: list[Patent] = []
    for number in parse_patent_numbers(text or ""):
        for patent in patents_for(number):
            if patent not in result:
                result.append(patent)
    return result


def missing_numbers(text: str) -> list[str]:
    """The numbers of a cell the platform holds no patent for (canonical form)."""
    return [n.number for n in parse_patent_numbers(text or "") if not patents_for(n)]


CITING_TTL_S = 300  # how long the ids of the achievements naming a patent are kept (seconds)
_CITING_VERSION_KEY = "patents:citing:version"


def forget_citing(sender=None, **kwargs) -> None:
    """Drop every cached ``achievements_citing`` scan (a receiver of achievement saves, deletes and
    ``catalog.signals.resource_changed``): a new version makes them all stale at once."""
    cache.set(_CITING_VERSION_KEY, time.time_ns(), None)


def _citing_ids(patent: Patent) -> list[int]:
    """Ids of every achievement, whatever its status, whose patent_numbers name ``patent``.

    Cached (Django's cache, Redis shared by the workers in production) for ``CITING_TTL_S``
    seconds and dropped when any achievement changes: the scan reads every achievement that
    holds patent numbers (190 ms of PostgreSQL CPU at 100k achievements, issue 19). The ids say
    nothing by themselves: the caller keeps those the viewer may open."""
    from catalog.models import Achievement

    version = cache.get(_CITING_VERSION_KEY)
    if version is None:
        cache.add(_CITING_VERSION_KEY, time.time_ns(), None)
        version = cache.get(_CITING_VERSION_KEY, 0)
    key = f"patents:citing:{patent.pk}:{version}"
    ids = cache.get(key)
    if ids is not None:
        return ids
    ids = ids_naming(patent, Achievement.objects.all())
    cache.set(key, ids, CITING_TTL_S)
    return ids


def ids_naming(patent: Patent, queryset: QuerySet, field: str = "patent_numbers") -> list[int]:
    """Ids of the rows of ``queryset`` whose free-text ``field`` of patent numbers names ``patent``
    by its publication number (any kind code of the same serial: the grant B of an application A)
    or its application / ZL number, however written (spaces, hyphens, full width, several per cell).

    The database narrows by the serial's digits when they are stored contiguously (and keeps every
    row with full-width digits); the one parser, core.patent_numbers, decides over the rest. The ids
    say nothing by themselves: the caller applies the viewer's rule. Used by the achievements naming
    a patent (``_citing_ids``) and the listings of a patent (listings.services.listings_of_patent)."""
    own = parse_patent_number(patent.publication_number)
    narrow = Q(**{f"{field}__regex": "[０-９]"})  # full-width digits: only the parser can tell
    for digits in filter(None, [own.digits if own else "", patent.application_number.split(".")[0]]):
        narrow |= Q(**{f"{field}__contains": digits})
    rows = queryset.exclude(**{field: ""}).filter(narrow)
    wanted = {patent.publication_number} | ({patent.application_number} if patent.application_number else set())
    ids = []
    for pk, text in rows.values_list("pk", field).iterator(chunk_size=2000):
        for number in parse_patent_numbers(text):
            if number.number in wanted or (
                own is not None and number.kind == "publication" and number.digits == own.digits
            ):
                ids.append(pk)
                break
    return ids


def achievements_citing(patent: Patent, user) -> QuerySet:
    """Achievements this user may see whose patent_numbers name the patent, however written
    (``CN 114081026 A``, full width, with other numbers). The database narrows by the serial's
    digits only when they are stored contiguously; full-width or spaced forms are caught by the
    parser over the rest (``_citing_ids``, cached); the viewer's rule applies to every request."""
    from catalog.models import Achievement

    return Achievement.objects.visible_to(user).filter(pk__in=_citing_ids(patent)).order_by("-published_at")


def ipc_titles(codes: list[str]) -> dict[str, IpcEntry]:
    return {e.code: e for e in IpcEntry.objects.filter(code__in=codes)}
