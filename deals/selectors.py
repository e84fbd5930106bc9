"""Read side of deals: resolving the records a deal starts from, lists and counts."""

from dataclasses import dataclass

from django.http import Http404

from catalog.libraries import LIBRARIES

from . import access
from .models.deals import Origin


@dataclass
class LinkedRecord:
    kind: str
    id: int
    title: str
    url: str
    record: object | None = None  # the catalog record, when the kind is a catalog library

    @property
    def owner_org(self):
        return getattr(self.record, "owner_org", None)


def resolve_record(*, kind: str, pk, user) -> LinkedRecord | None:
    """A record named by a library slug (or a matching source kind, e.g. "patents") and id, if the
    user may see it; None when kind/pk are empty or unknown."""
    if not kind or not pk:
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if kind in LIBRARIES:
        model = LIBRARIES[kind].model
        record = model.objects.visible_to(user).filter(pk=pk).first()
        if record is None:
            return None
        return LinkedRecord(kind=kind, id=pk, title=record.title, url=record.get_absolute_url(), record=record)
    # Other kinds (patents ...) through the matching app's public source registry.
    from matching.sources import sources

    source = sources().get(kind)
    if source is None:
        return None
    document = source.document_for(pk)
    if document is None:
        return None
    return LinkedRecord(kind=kind, id=pk, title=document.title, url=source.url_for(pk))


def opening_defaults(*, user, linked: list[LinkedRecord], origin: str) -> dict:
    """Initial values of the open-deal form from the records it starts from."""
    initial = {"origin": origin}
    achievement = next((r.record for r in linked if r.kind == "achievements"), None)
    demand = next((r.record for r in linked if r.kind == "demands"), None)
    supply = achievement.owner_org if achievement else None
    need = demand.owner_org if demand else None
    for r in linked:
        if r.kind in ("experts", "instruments") and supply is None:
            supply = r.owner_org
    mine = user.primary_organisation if user.is_authenticated else None
    if supply is None and need is not None and mine and mine != need:
        supply = mine
    if need is None and supply is not None and mine and mine != supply:
        need = mine
    initial["supply_org"] = supply.pk if supply else None
    initial["demand_org"] = need.pk if need else None
    titles = [r.title for r in linked]
    initial["title"] = " ↔ ".join(titles)[:200] if titles else ""
    patents = [str(r.title) for r in linked if r.kind == "patents"]
    if achievement is not None and achievement.patent_numbers:
        patents.insert(0, achievement.patent_numbers)
    initial["patent_numbers"] = "，".join(patents)[:500]
    return initial


def origin_for(from_kind: str, to_kind: str, explicit: str = "") -> str:
    if explicit in Origin.values:
        return explicit
    if from_kind and to_kind:
        return Origin.MATCH
    kind = from_kind or to_kind
    return {"demands": Origin.DEMAND, "achievements": Origin.ACHIEVEMENT}.get(kind, Origin.OTHER)


def deal_for(*, pk: int, user):
    deal = access.deals_visible_to(user).filter(pk=pk).first()
    if deal is None:
        raise Http404
    return deal


def deal_list(*, user, stage: str = "", q: str = ""):
    qs = access.deals_visible_to(user)
    if stage:
        qs = qs.filter(stage=stage)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs.order_by("-updated_at", "-id")
