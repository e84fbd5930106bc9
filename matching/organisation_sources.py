"""Verified enterprises as a matching source (kind "organisations", label 企业).

A firm's document is what it is and what it needs: name, description, industry-chain names and
the titles of its published public demands. Only verified enterprises and state-owned
enterprises are matchable; ``document_for`` answers None for any other organisation, so the
index drops an organisation as soon as it is rejected.
"""

from django.utils.translation import pgettext_lazy

from .sources import Document, Source, register_source

KIND = "organisations"
MATCHABLE_KINDS = ("enterprise", "state_owned")
BATCH = 1000
DEMAND_TITLES = 50  # a firm's newest published demands that describe what it needs


def _queryset():
    from accounts.models import Organisation

    return Organisation.objects.verified().filter(kind__in=MATCHABLE_KINDS).prefetch_related("industry_chains")


def _demand_titles(org) -> list[str]:
    from catalog.models import Demand

    qs = Demand.objects.published().filter(owner_org=org, visibility="public").order_by("-published_at", "-pk")
    return list(qs.values_list("title", flat=True)[:DEMAND_TITLES])


def document_of(org) -> Document:
    chains = list(org.industry_chains.all())
    text = "\n".join(filter(None, [org.description, " ".join(c.name for c in chains), *_demand_titles(org)]))
    return Document(
        kind=KIND,
        id=org.pk,
        title=org.name,
        text=text,
        chains=sorted(c.slug for c in chains),
        region=org.county_id or org.prefecture_id or "",
        new_city=org.new_city or "",
        extra={"verified": True, "kind": org.kind},
    )


def documents():
    last = 0
    while True:
        batch = list(_queryset().filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        yield from (document_of(org) for org in batch)
        last = batch[-1].pk


def document_for(pk: int) -> Document | None:
    org = _queryset().filter(pk=pk).first()
    return document_of(org) if org else None


def matchable_ids(ids) -> set[int]:
    return set(_queryset().filter(pk__in=list(ids)).values_list("pk", flat=True))


def url_for(pk: int) -> str:
    from django.urls import reverse

    return reverse("accounts:organisation_detail", kwargs={"pk": pk})


def published_count() -> int:
    """Verified enterprises and state-owned enterprises: what ``documents`` yields."""
    return _queryset().count()


def register_organisation_source() -> None:
    register_source(
        Source(
            kind=KIND,
            # A library's name, plural in English like the others ("Enterprise" stood out; try-out).
            label=pgettext_lazy("matching library", "企业"),
            documents=documents,
            document_for=document_for,
            url_for=url_for,
            count=published_count,
        )
    )
