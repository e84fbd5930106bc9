"""Read side of the talent cloud: the talent map, team progress, yearly introductions."""

from django.db.models import Count, Q

from reference.models import Region

from .models import Category, Placement, ProfileStatus, TalentProfile, Team

TEAM_TARGET = 90  # seed 001 三(四)1④: 三年建设不少于 90支“科学家+工程师”队伍
SHAANXI = "61"


def map_data(*, chain: str = "", category: str = "", level: str = "") -> dict:
    """Verified talents and recorded placements per Shaanxi prefecture and county (aggregates only:
    no names, no contact details), filtered by industry chain, category and level."""
    profiles = TalentProfile.objects.filter(status=ProfileStatus.VERIFIED)
    placements = Placement.objects.all()
    if chain:
        profiles = profiles.filter(industry_chains__slug=chain)
        placements = placements.filter(profile__industry_chains__slug=chain)
    if category:
        profiles = profiles.filter(category=category)
        placements = placements.filter(category=category)
    if level:
        profiles = profiles.filter(level=level)
        placements = placements.filter(level=level)
    by_pref = dict(profiles.values_list("prefecture_id").annotate(n=Count("pk", distinct=True)))
    by_county = dict(profiles.exclude(county=None).values_list("county_id").annotate(n=Count("pk", distinct=True)))
    placed_pref = dict(placements.values_list("prefecture_id").annotate(n=Count("pk")))
    placed_county = dict(placements.exclude(county=None).values_list("county_id").annotate(n=Count("pk")))
    regions = Region.objects.filter(code__startswith=SHAANXI).exclude(level="province").order_by("code")
    prefectures, counties = [], []
    for r in regions:
        if r.level == "prefecture":
            prefectures.append(
                {
                    "code": r.code,
                    "name": r.name,
                    "talents": by_pref.get(r.code, 0),
                    "placements": placed_pref.get(r.code, 0),
                }
            )
        else:
            counties.append(
                {
                    "code": r.code,
                    "name": r.name,
                    "prefecture": r.parent_id,
                    "talents": by_county.get(r.code, 0),
                    "placements": placed_county.get(r.code, 0),
                }
            )
    by_category = dict(profiles.values_list("category").annotate(n=Count("pk", distinct=True)))
    by_level = dict(profiles.values_list("level").annotate(n=Count("pk", distinct=True)))
    return {
        "prefectures": prefectures,
        "counties": counties,
        "by_category": [
            {"code": c.value, "name": str(c.label), "talents": by_category.get(c.value, 0)} for c in Category
        ],
        "by_level": by_level,
        "total": profiles.distinct().count(),
        "unknown_region": by_pref.get(None, 0),
        "placements": placements.count(),
    }


def teams_progress() -> dict:
    teams = Team.objects.annotate(
        scientists=Count("memberships", filter=Q(memberships__role="scientist")),
        engineers=Count("memberships", filter=Q(memberships__role="engineer")),
    ).select_related("organisation")
    n = teams.count()
    return {"teams": teams, "count": n, "target": TEAM_TARGET, "share": round(n * 100 / TEAM_TARGET, 1)}


def introduced_per_year() -> list[dict]:
    """Placements per year: all, and high-level (category 高层次人才 or level A-C)."""
    from django.db.models.functions import ExtractYear

    high = Q(category=Category.HIGH_LEVEL) | Q(level__in=["A", "B", "C"])
    rows = (
        Placement.objects.annotate(year=ExtractYear("started_on"))
        .values("year")
        .annotate(total=Count("pk"), high_level=Count("pk", filter=high))
        .order_by("year")
    )
    return list(rows)
