"""Read side: patent lists and filters, pool statistics, achievements that cite patents."""

import re
from collections import Counter

from django.db.models import Count, Q, QuerySet

from .models import IpcEntry, LegalStatus, Patent, PatentPool, PatentType
from .validators import normalise_ipc, normalise_publication_number

_NUMBER_SPLIT = re.compile(r"[,，、;；\s]+")
UNIVERSITY_HINTS = ("大学", "学院", "研究院", "研究所", "科学院")


def patent_list(params) -> QuerySet:
    """Patents filtered by pool (slug), ipc (prefix), type, status, high_value and q (keyword)."""
    qs = Patent.objects.all()
    pool = (params.get("pool") or "").strip()
    if pool:
        qs = qs.filter(pool_memberships__pool__slug=pool)
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
        number = normalise_publication_number(q)
        cond = Q(publication_number=number) | Q(application_number=q)
        for word in q.split():
            cond |= Q(title__icontains=word) | Q(abstract__icontains=word)
        qs = qs.filter(cond)
    return qs.distinct().order_by("-value_score", "publication_number")


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
    return [normalise_publication_number(n) for n in _NUMBER_SPLIT.split(text or "") if n.strip()]


def patents_for_numbers(text: str) -> list[Patent]:
    """The Patent records a comma-separated list of publication numbers refers to, in its order
    (numbers the platform does not hold are left out). For catalog.Achievement.patent_numbers."""
    numbers = split_patent_numbers(text)
    found = {p.publication_number: p for p in Patent.objects.filter(publication_number__in=numbers)}
    return [found[n] for n in numbers if n in found]


def achievements_citing(patent: Patent, user) -> QuerySet:
    """Achievements this user may see whose patent_numbers mention the patent."""
    from catalog.models import Achievement

    candidates = Achievement.objects.visible_to(user).filter(patent_numbers__icontains=patent.publication_number)
    ids = [a.pk for a in candidates if patent.publication_number in split_patent_numbers(a.patent_numbers)]
    return Achievement.objects.filter(pk__in=ids).order_by("-published_at")


def ipc_titles(codes: list[str]) -> dict[str, IpcEntry]:
    return {e.code: e for e in IpcEntry.objects.filter(code__in=codes)}
