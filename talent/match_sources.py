"""Talent cloud sources for the matching engine (``matching.sources``), with the pair signals of
talent ↔ talent demand and talent ↔ technical demand (``matching.engine.register_pairs``).

Kinds: ``talents`` (verified profiles; indexed with ``visibility: members`` so anonymous visitors
never get them) and ``talent_demands`` (published demands). A talent document holds what the person
does (fields, title, biography, achievements, patent titles), never the contact details.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.sources import Document, Source, register_source

from .models import (
    DEGREE_RANK,
    LEVEL_RANK,
    Category,
    Degree,
    DemandKind,
    DemandStatus,
    Level,
    ProfileStatus,
    TalentDemand,
    TalentProfile,
)

TALENTS, DEMANDS = "talents", "talent_demands"


def _talents():
    return (
        TalentProfile.objects.filter(status=ProfileStatus.VERIFIED)
        .select_related("organisation")
        .prefetch_related("industry_chains", "patents")
    )


def talent_document(p: TalentProfile) -> Document:
    patent_titles = [pt.title for pt in list(p.patents.all())[:20]]
    text = "\n".join(
        filter(None, [p.fields_of_work, p.professional_title, p.biography, p.achievements, *patent_titles])
    )
    return Document(
        kind=TALENTS,
        id=p.pk,
        title=p.name,
        text=text,
        chains=sorted(c.slug for c in p.industry_chains.all()),
        region=p.county_id or p.prefecture_id or "",
        extra={
            "visibility": "members",
            "category": p.category,
            "level": p.level,
            "degree": p.degree,
            "modes": list(p.available_modes or []),
            "talent_verified": True,
            "published_at": p.verified_at.isoformat() if p.verified_at else "",
        },
    )


def _demands():
    return (
        TalentDemand.objects.filter(status=DemandStatus.PUBLISHED)
        .select_related("owner_org")
        .prefetch_related("industry_chains")
    )


def demand_document(d: TalentDemand) -> Document:
    return Document(
        kind=DEMANDS,
        id=d.pk,
        title=d.title,
        text="\n".join(filter(None, [d.fields_of_work, d.description, d.owner_org.name])),
        chains=sorted(c.slug for c in d.industry_chains.all()),
        region=d.county_id or d.prefecture_id or d.owner_org.county_id or d.owner_org.prefecture_id or "",
        new_city=d.owner_org.new_city or "",
        extra={
            "kind": d.kind,
            "category": d.category,
            "min_level": d.min_level,
            "degree": d.degree,
            "verified": d.owner_org.is_verified,
            "published_at": d.published_at.isoformat() if d.published_at else "",
        },
    )


def _batched(qs, build):
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:500])
        if not batch:
            return
        yield from (build(x) for x in batch)
        last = batch[-1].pk


def _one(qs, build):
    def document_for(pk):
        obj = qs().filter(pk=pk).first()
        return build(obj) if obj else None

    return document_for


def _many(qs, build):
    return lambda ids: {obj.pk: build(obj) for obj in qs().filter(pk__in=ids)}


def talent_pair_signals(source: Document, target: Document) -> tuple[dict, list]:
    """Signals between a talent demand and a talent (either direction)."""
    demand, talent = (source, target) if source.kind == DEMANDS else (target, source)
    d, t = demand.extra, talent.extra
    parts, reasons = {}, []
    if d.get("category") and d["category"] == t.get("category"):
        parts["talent_category"] = 1.0
        reasons.append(_("人才类别相符：%(c)s") % {"c": Category(d["category"]).label})
    if d.get("min_level") and t.get("level"):
        if LEVEL_RANK.get(t["level"], 0) >= LEVEL_RANK[d["min_level"]]:
            parts["talent_level"] = 1.0
            reasons.append(_("人才层次满足要求：%(l)s") % {"l": Level(t["level"]).label})
        else:
            parts["talent_level"] = -1.0
    if d.get("degree") and t.get("degree"):
        if DEGREE_RANK.get(t["degree"], 0) >= DEGREE_RANK[d["degree"]]:
            parts["talent_degree"] = 1.0
            reasons.append(_("学位满足要求：%(d)s") % {"d": Degree(t["degree"]).label})
        else:
            parts["talent_degree"] = -1.0
    if d.get("kind") and d["kind"] in (t.get("modes") or []):
        parts["talent_mode"] = 1.0
        reasons.append(_("接受该引才方式：%(k)s") % {"k": DemandKind(d["kind"]).label})
    if talent is target and t.get("talent_verified"):
        reasons.append(_("人才档案已核验"))
    return parts, reasons


def technical_pair_signals(source: Document, target: Document) -> tuple[dict, list]:
    """A technical demand and a talent: the generic chain / region / keyword signals apply; say
    that the person is verified."""
    talent = target if target.kind == TALENTS else None
    return {}, ([_("人才档案已核验")] if talent is not None and talent.extra.get("talent_verified") else [])


def talent_url(pk: int) -> str:
    return reverse("talent:profile", kwargs={"pk": pk})


def demand_url(pk: int) -> str:
    return reverse("talent:demand", kwargs={"pk": pk})


def register() -> None:
    from matching.engine import register_pairs

    register_source(
        Source(
            kind=TALENTS,
            label=gettext_lazy("人才"),
            documents=lambda: _batched(_talents(), talent_document),
            document_for=_one(_talents, talent_document),
            documents_for=_many(_talents, talent_document),
            url_for=talent_url,
            count=lambda: _talents().count(),
        )
    )
    register_source(
        Source(
            kind=DEMANDS,
            label=gettext_lazy("人才需求"),
            documents=lambda: _batched(_demands(), demand_document),
            document_for=_one(_demands, demand_document),
            documents_for=_many(_demands, demand_document),
            url_for=demand_url,
            count=lambda: _demands().count(),
        )
    )
    weights = {"talent_category": 0.10, "talent_level": 0.10, "talent_degree": 0.08, "talent_mode": 0.06}
    pairs = {
        (DEMANDS, TALENTS): talent_pair_signals,
        (TALENTS, DEMANDS): talent_pair_signals,
        ("demands", TALENTS): technical_pair_signals,
    }
    register_pairs(DEMANDS, (TALENTS,), chain_recall={(DEMANDS, TALENTS)}, signals=pairs, weights=weights)
    register_pairs(TALENTS, (DEMANDS, "demands"), chain_recall={(TALENTS, DEMANDS)})
    register_pairs("demands", (TALENTS,))
