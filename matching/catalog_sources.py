"""The catalog libraries as matching sources (the catalog itself never imports matching).

Every published record becomes a Document: its search text, chains, region and the structured
fields the re-ranker reads. A demand's confidential fields (budget, confidential details) go
into ``extra`` only for scoring on the server; reasons and snippets never print them.
"""

from typing import NamedTuple

from django.db.models import Q
from django.utils import timezone

from catalog.libraries import LIBRARIES
from catalog.models.base import Status

from .sources import Document, Source, register_source

BATCH = 2000
# Columns of every library that no document reads: a batched read leaves them out (three of a
# row's four timestamps and a third of its attributes; parsing them cost a fifth of the read).
# tests/test_rebuild.py checks that building a document of each library touches none of them.
UNREAD_FIELDS = (
    "created_at",
    "updated_at",
    "expires_at",
    "view_count",
    "contact_name",
    "contact_phone",
    "contact_email",
    "return_reason",
    "created_by",
)


def _number(value):
    return float(value) if value is not None else None


def _modes(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    return list(value)


class OrgInfo(NamedTuple):
    """What a document needs of its owner (a rebuild reads it for a whole batch at once)."""

    name: str
    is_verified: bool


def _extra(record, org=None) -> dict:
    org = org if org is not None else record.owner_org
    extra = {
        "verified": bool(org and org.is_verified),
        "org": org.name if org else "",
        "published_at": record.published_at.isoformat() if record.published_at else "",
        "visibility": record.visibility,
    }
    kind = record.library
    if kind == "achievements":
        extra.update(
            stage=record.stage,
            trl=record.trl,
            asking_price=_number(record.asking_price),
            modes=_modes(record.cooperation_modes),
            field=record.field,
        )
    elif kind == "demands":
        extra.update(
            budget_min=_number(record.budget_min),
            budget_max=_number(record.budget_max),
            modes=_modes(record.cooperation_modes),
            deadline=record.deadline.isoformat() if record.deadline else "",
            bottleneck=record.is_bottleneck,
        )
    elif kind == "scenarios":
        extra.update(scenario_kind=record.kind, place=record.place)
    elif kind == "finance":
        extra.update(
            product_type=record.product_type,
            amount_min=_number(record.amount_min),
            amount_max=_number(record.amount_max),
        )
    elif kind == "experts":
        extra.update(organisation_name=record.organisation_name, professional_title=record.professional_title)
    elif kind == "instruments":
        extra.update(state=record.state, category=record.category)
    elif kind == "policies":
        extra.update(level=record.level, issuer=record.issuer)
    return extra


def document_of(record, *, chains: list[str] | None = None, org: OrgInfo | None = None) -> Document:
    """The record as a matching document. ``chains`` (slugs) and ``org``: given by a batch reader
    that loaded them for many records at once; read from the record otherwise."""
    text = record.search_text()
    if text.startswith(record.title):
        text = text[len(record.title) :].lstrip("\n")
    region = record.county_id or record.prefecture_id or ""
    if chains is None:
        chains = [c.slug for c in record.industry_chains.all()]
    return Document(
        kind=record.library,
        id=record.pk,
        title=record.title,
        text=text,
        chains=sorted(chains),
        region=region,
        new_city=record.new_city or "",
        extra=_extra(record, org),
    )


def _published(model):
    qs = model.objects.published().select_related("owner_org").prefetch_related("industry_chains")
    if model.__name__ == "Policy":
        qs = qs.prefetch_related("clauses")
    return qs


def _documents(model):
    """(documents, documents_for): every published record, BATCH at a time by primary key, and
    the published ones among given ids; three queries per batch: the records, their chains'
    slugs and their owners' names (no model instances for chains or owners, which cost half of
    a rebuild's database time)."""
    from accounts.models import Organisation

    through = model.industry_chains.through
    fk = f"{model.__name__.lower()}_id"
    verified = Organisation.Verification.VERIFIED

    def read(qs):
        qs = qs.defer(*UNREAD_FIELDS)
        if model.__name__ == "Policy":
            qs = qs.prefetch_related("clauses")
        batch = list(qs)
        if not batch:
            return []
        ids = [r.pk for r in batch]
        chains: dict[int, list[str]] = {}
        for pk, slug in through.objects.filter(**{f"{fk}__in": ids}).values_list(fk, "industrychain__slug"):
            chains.setdefault(pk, []).append(slug)
        org_ids = {r.owner_org_id for r in batch if r.owner_org_id}
        orgs = {
            pk: OrgInfo(name, status == verified)
            for pk, name, status in Organisation.objects.filter(pk__in=org_ids).values_list(
                "pk", "name", "verification_status"
            )
        }
        return [
            document_of(
                record, chains=chains.get(record.pk, []), org=orgs.get(record.owner_org_id) or OrgInfo("", False)
            )
            for record in batch
        ]

    def documents():
        last = 0
        while True:
            docs = read(model.objects.published().filter(pk__gt=last).order_by("pk")[:BATCH])
            if not docs:
                return
            yield from docs
            last = docs[-1].id

    def documents_for(ids: list[int]) -> dict:
        return {d.id: d for d in read(model.objects.published().filter(pk__in=ids))}

    return documents, documents_for


def _document_for(model):
    def document_for(pk: int):
        record = _published(model).filter(pk=pk).first()
        return document_of(record) if record else None

    return document_for


def _count(model):
    return lambda: (
        model.objects.filter(status=Status.PUBLISHED)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .count()
    )


def _url_for(lib):
    def url_for(pk: int) -> str:
        from django.urls import reverse

        return reverse("catalog:detail", kwargs={"library": lib.slug, "pk": pk})

    return url_for


def register_catalog_sources() -> None:
    for lib in LIBRARIES.values():
        documents, documents_for = _documents(lib.model)
        register_source(
            Source(
                kind=lib.slug,
                label=lib.label,
                documents=documents,
                document_for=_document_for(lib.model),
                url_for=_url_for(lib),
                documents_for=documents_for,
                # ``_extra`` names a key after the confidential field it copies (budget_min ...),
                # so the library's own list says which keys the engine must drop for a viewer.
                confidential=tuple(lib.model.confidential_fields),
                count=_count(lib.model),
            )
        )


def catalog_model(kind: str):
    lib = LIBRARIES.get(kind)
    return lib.model if lib else None
