"""What the patents app offers other apps: matching documents, monitoring metrics, the panel on
achievement pages. Other apps reach patents only through these functions and patents.selectors."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse

from matching.sources import Document
from monitoring.metrics import Metric

from .models import Patent, PatentPool, PoolMembership

_FIELDS = (
    "id",
    "publication_number",
    "title",
    "abstract",
    "ipc_subclasses",
    "patent_type",
    "legal_status",
    "value_score",
    "high_value",
    "applicants",
)


def _chains_by_patent(ids=None) -> dict[int, list[str]]:
    qs = PoolMembership.objects.filter(pool__is_active=True, pool__chain__isnull=False)
    if ids is not None:
        qs = qs.filter(patent_id__in=ids)
    result: dict[int, list[str]] = {}
    for patent_id, slug in qs.values_list("patent_id", "pool__chain__slug"):
        result.setdefault(patent_id, []).append(slug)
    return result


def _document(patent: Patent, chains: list[str]) -> Document:
    text = "\n".join(filter(None, [patent.title, patent.abstract, "、".join(patent.applicants)]))
    return Document(
        kind="patents",
        id=patent.id,
        title=patent.title,
        text=text,
        chains=sorted(set(chains)),
        ipc=patent.ipc_subclass_list,
        extra={
            "publication_number": patent.publication_number,
            "type": patent.patent_type,
            "legal_status": patent.legal_status,
            "high_value_score": patent.value_score,
            "high_value": patent.high_value,
        },
    )


def documents():
    """Every patent is public bibliographic data, so every patent is matchable."""
    chains = _chains_by_patent()
    for patent in Patent.objects.only(*_FIELDS).order_by("id").iterator(chunk_size=2000):
        yield _document(patent, chains.get(patent.id, []))


def matchable_count() -> int:
    """How many patents ``documents`` yields: all of them (public bibliographic data)."""
    return Patent.objects.count()


def document_for(pk: int) -> Document | None:
    patent = Patent.objects.only(*_FIELDS).filter(pk=pk).first()
    if patent is None:
        return None
    return _document(patent, _chains_by_patent([pk]).get(pk, []))


def documents_for(ids: list[int]) -> dict[int, Document]:
    """{id: document} for many patents with two queries (re-indexing after an import)."""
    chains = _chains_by_patent(ids)
    return {p.id: _document(p, chains.get(p.id, [])) for p in Patent.objects.only(*_FIELDS).filter(pk__in=ids)}


def url_for(pk: int) -> str:
    number = Patent.objects.filter(pk=pk).values_list("publication_number", flat=True).first()
    return reverse("patents:detail", kwargs={"number": number}) if number else ""


def urls_for(ids: list[int]) -> dict[int, str]:
    """{id: detail URL} for many patents with one query (the match panel shows several)."""
    numbers = Patent.objects.filter(pk__in=ids).values_list("pk", "publication_number")
    return {pk: reverse("patents:detail", kwargs={"number": number}) for pk, number in numbers if number}


# ---- monitoring ----------------------------------------------------------------------------


def _as_of(end: dt.date):
    return PoolMembership.objects.filter(pool__is_active=True, created_at__date__lte=end)


def pool_patents(start: dt.date, end: dt.date) -> int:
    return _as_of(end).values("patent_id").distinct().count()


def high_value_patents(start: dt.date, end: dt.date) -> int:
    return _as_of(end).filter(patent__high_value=True).values("patent_id").distinct().count()


def _by_pool(end: dt.date, high_value: bool) -> dict[str, int]:
    cond = Q(memberships__created_at__date__lte=end)
    if high_value:
        cond &= Q(memberships__patent__high_value=True)
    rows = PatentPool.objects.filter(is_active=True).annotate(n=Count("memberships", filter=cond, distinct=True))
    return {pool.name: pool.n for pool in rows}


def metrics() -> list[Metric]:
    return [
        Metric(
            code="pool_patents",
            label="专利池专利数",
            unit="件",
            compute=pool_patents,
            cumulative=True,
            breakdown=lambda start, end, by: _by_pool(end, False),
            breakdowns=("pool",),
            description="截至期末在任一启用专利池中的专利件数（同一专利入多个池只计一次）。",
        ),
        Metric(
            code="high_value_patents",
            label="高价值专利数",
            unit="件",
            compute=high_value_patents,
            cumulative=True,
            breakdown=lambda start, end, by: _by_pool(end, True),
            breakdowns=("pool",),
            description="截至期末专利池中达到高价值认定（授权发明专利，满足国家知识产权局五项条件之一且得分达门槛）的件数。",
        ),
    ]


# ---- achievement pages -----------------------------------------------------------------------


def achievement_patents_panel(request, record):
    if getattr(record, "library", "") != "achievements" or not getattr(record, "patent_numbers", ""):
        return None
    from .selectors import missing_numbers, patents_for_numbers

    patents = patents_for_numbers(record.patent_numbers)
    missing = missing_numbers(record.patent_numbers)
    return "patents/_achievement_panel.html", {"patents": patents, "missing": missing}
