"""Read side of the network app: statistics by sub-market, the joint Xi'an–Xianyang view,
directories and review queues. Counts are aggregates (no confidential field is read)."""

import datetime as dt

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Coalesce

from catalog.access import home_region_q, review_regions
from catalog.libraries import LIBRARIES

from .models import Carrier, CarrierReport, Case, Engagement, ReviewStatus, ServiceAgency, SubMarket

XI_XIAN = SubMarket.Joint.XI_XIAN
# Libraries counted per sub-market (the shared Xi'an–Xianyang libraries are the first two).
STAT_LIBRARIES = ("achievements", "demands", "instruments", "experts", "scenarios")
JOINT_LIBRARIES = ("achievements", "demands")


def submarkets():
    return SubMarket.objects.filter(active=True).select_related("region")


def _home_counts(model, *, submarket_list, published_by: dt.date | None = None) -> dict[int, dict[str, int]]:
    """{submarket id: {"published": n, "submitted": n}} for one library, two grouped queries at most."""
    out = {m.pk: {"published": 0, "submitted": 0} for m in submarket_list}
    qs = model.objects.filter(status__in=("published", "submitted"))
    if published_by is not None:
        qs = qs.filter(Q(status="submitted") | Q(published_at__date__lte=published_by))
    for level, field, org_field in (
        ("city", "prefecture_id", "owner_org__prefecture_id"),
        ("county", "county_id", "owner_org__county_id"),
    ):
        wanted = {m.region_id: m.pk for m in submarket_list if m.kind == level}
        if not wanted:
            continue
        rows = (
            qs.annotate(home=Coalesce(F(field), F(org_field)))
            .filter(home__in=list(wanted))
            .values("home", "status")
            .annotate(n=Count("id"))
        )
        for row in rows:
            out[wanted[row["home"]]][row["status"]] += row["n"]
    return out


def statistics(*, user=None) -> list[dict]:
    """One row per active sub-market: published (and, for reviewers, pending) records per library,
    carriers, listed agencies and published cases homed in its region."""
    markets = list(submarkets())
    rows = {m.pk: {"submarket": m, "libraries": {}, "published": 0, "submitted": 0} for m in markets}
    for slug in STAT_LIBRARIES:
        counts = _home_counts(LIBRARIES[slug].model, submarket_list=markets)
        for pk, c in counts.items():
            rows[pk]["libraries"][slug] = c["published"]
            rows[pk]["published"] += c["published"]
            rows[pk]["submitted"] += c["submitted"]
    carriers = dict(
        Carrier.objects.filter(status=Carrier.Status.ACTIVE).values_list("prefecture_id").annotate(n=Count("id"))
    )
    agencies = dict(ServiceAgency.objects.filter(listed=True).values_list("prefecture_id").annotate(n=Count("id")))
    cases = dict(Case.objects.filter(status=ReviewStatus.ACCEPTED).values_list("prefecture_id").annotate(n=Count("id")))
    regions = review_regions(user) if user is not None and user.is_authenticated else set()
    for m in markets:
        row = rows[m.pk]
        key = m.region_id if m.kind == SubMarket.Kind.CITY else None
        row["carriers"] = (
            carriers.get(key, 0) if key else Carrier.objects.filter(county_id=m.region_id, status="active").count()
        )
        row["agencies"] = agencies.get(key, 0) if key else 0
        row["cases"] = cases.get(key, 0) if key else 0
        # Pending counts are shown to the general window and to the sub-market's own operators.
        row["show_pending"] = regions is None or m.region_id in (regions or set())
    return [rows[m.pk] for m in markets]


def published_by_submarket(end: dt.date) -> dict[str, int]:
    """Published library records homed in each sub-market as of ``end`` (monitoring breakdown)."""
    markets = list(submarkets())
    totals = {m.pk: 0 for m in markets}
    for slug in STAT_LIBRARIES:
        for pk, c in _home_counts(LIBRARIES[slug].model, submarket_list=markets, published_by=end).items():
            totals[pk] += c["published"]
    return {m.name: totals[m.pk] for m in markets}


def joint_markets(joint: str = XI_XIAN):
    return list(submarkets().filter(joint=joint))


def joint_records(*, user, library: str, joint: str = XI_XIAN, submarket: SubMarket | None = None):
    """The published records of the joint libraries' sub-markets (no copies: each stays in its
    own sub-market), as the user may see them."""
    markets = [submarket] if submarket else joint_markets(joint)
    model = LIBRARIES[library].model
    qs = model.objects.published().select_related("owner_org", "prefecture", "county")
    if not user.is_authenticated:
        qs = qs.filter(visibility="public")
    if not markets:
        return qs.none()
    return qs.filter(home_region_q({m.region_id for m in markets})).order_by("-published_at", "-id")


def home_submarket(record, markets) -> SubMarket | None:
    codes = {
        record.prefecture_id or getattr(record.owner_org, "prefecture_id", None),
        record.county_id or getattr(record.owner_org, "county_id", None),
    }
    for m in markets:
        if m.region_id in codes:
            return m
    return None


def joint_challenges(*, user, joint: str = XI_XIAN):
    """The joint 重大技术需求榜单: challenge calls (programme engine) published by organisations of
    the joint sub-markets' regions."""
    from programmes.selectors import call_list

    codes = {m.region_id for m in joint_markets(joint)}
    if not codes:
        return []
    return (
        call_list(user, kind="challenge")
        .filter(Q(owner_org__prefecture_id__in=codes) | Q(owner_org__county_id__in=codes))
        .exclude(stage="draft")
    )


# ---- carriers ------------------------------------------------------------------------------


def carrier_list(params):
    qs = Carrier.objects.select_related("organisation", "prefecture", "partner_city").filter(status="active")
    if params.get("kind") in Carrier.Kind.values:
        qs = qs.filter(kind=params["kind"])
    if params.get("level"):
        qs = qs.filter(level=params["level"])
    if params.get("region"):
        qs = qs.filter(Q(prefecture_id=params["region"]) | Q(county_id=params["region"]))
    return qs


def carrier_counts(end: dt.date | None = None, by: str = "kind") -> dict[str, int]:
    qs = Carrier.objects.filter(status="active")
    if end:
        qs = qs.filter(Q(recognised_on__isnull=True, created_at__date__lte=end) | Q(recognised_on__lte=end))
    labels = dict(Carrier.Kind.choices) if by == "kind" else None
    field = {"kind": "kind", "level": "level", "submarket": "prefecture__name"}[by]
    rows = qs.values_list(field).annotate(n=Count("id")).order_by(field)
    if labels:
        return {str(labels.get(k, k)): n for k, n in rows}
    if by == "level":
        from .models import Level

        return {str(dict(Level.choices).get(k, k)): n for k, n in rows}
    return {k or "—": n for k, n in rows}


def accepted_reports(start: dt.date, end: dt.date):
    return CarrierReport.objects.filter(status=ReviewStatus.ACCEPTED, year__gte=start.year, year__lte=end.year)


def output_totals(start: dt.date, end: dt.date) -> dict:
    from .services import REPORT_FIGURES

    return accepted_reports(start, end).aggregate(
        **{f: Coalesce(Sum(f), 0) for f in REPORT_FIGURES}, reports=Count("id")
    )


def report_queue(*, user):
    """Submitted yearly reports the user reviews (general window: all; a sub-market: its region)."""
    qs = CarrierReport.objects.filter(status=ReviewStatus.SUBMITTED).select_related("carrier", "carrier__prefecture")
    regions = review_regions(user)
    if regions is None:
        return qs
    if not regions:
        return qs.none()
    return qs.filter(Q(carrier__prefecture_id__in=regions) | Q(carrier__county_id__in=regions))


def case_queue(*, user):
    qs = Case.objects.filter(status=ReviewStatus.SUBMITTED).select_related("prefecture")
    regions = review_regions(user)
    if regions is None:
        return qs
    return qs.filter(prefecture_id__in=regions) if regions else qs.none()


# ---- agencies and cases --------------------------------------------------------------------


def agency_list(params):
    qs = (
        ServiceAgency.objects.filter(listed=True)
        .select_related("organisation", "prefecture")
        .annotate(
            rating=Avg("engagements__score"),
            ratings=Count("engagements__score"),
            completed=Count("engagements", filter=Q(engagements__status=Engagement.Status.COMPLETED)),
        )
        .order_by("kind", "organisation__name", "pk")
    )
    if params.get("kind") in ServiceAgency.Kind.values:
        qs = qs.filter(kind=params["kind"])
    if params.get("legal") in ("1", "true"):
        qs = qs.filter(public_legal_service=True)
    return qs


def agency_evaluation(agency) -> list[dict]:
    """The yearly evaluation: services completed, ratings and the average score per year. A testing
    lab's fee-based orders live in sharing (``ServiceOrder``, provider = the agency's organisation):
    delivered and rated ones count here too, by the year they were last updated."""
    from sharing.models import OrderStatus, ServiceOrder

    years: dict[int, dict] = {}

    def add(year, completed, ratings, total):
        row = years.setdefault(year, {"year": year, "completed": 0, "ratings": 0, "total": 0})
        row["completed"] += completed
        row["ratings"] += ratings
        row["total"] += total or 0

    for r in (
        Engagement.objects.filter(agency=agency, status=Engagement.Status.COMPLETED)
        .values("completed_at__year")
        .annotate(completed=Count("id"), ratings=Count("score"), total=Sum("score"))
    ):
        add(r["completed_at__year"], r["completed"], r["ratings"], r["total"])
    for r in (
        ServiceOrder.objects.filter(
            provider_id=agency.organisation_id, status__in=(OrderStatus.DELIVERED, OrderStatus.RATED)
        )
        .values("updated_at__year")
        .annotate(completed=Count("id"), ratings=Count("rating"), total=Sum("rating"))
    ):
        add(r["updated_at__year"], r["completed"], r["ratings"], r["total"])
    rows = sorted(years.values(), key=lambda row: -row["year"])
    for row in rows:
        total = row.pop("total")
        row["average"] = round(total / row["ratings"], 2) if row["ratings"] else None
    return rows


def published_cases(params=None):
    params = params or {}
    qs = Case.objects.filter(status=ReviewStatus.ACCEPTED).select_related("prefecture", "owner_org")
    if params.get("mechanism") in Case.Mechanism.values:
        qs = qs.filter(mechanism=params["mechanism"])
    if str(params.get("year", "")).isdigit():
        qs = qs.filter(year=int(params["year"]))
    return qs


def cases_visible_to(user):
    """Published cases, plus a user's own cases and those the user reviews."""
    qs = Case.objects.select_related("prefecture", "owner_org")
    if not user.is_authenticated:
        return qs.filter(status=ReviewStatus.ACCEPTED)
    regions = review_regions(user)
    if regions is None:
        return qs
    return qs.filter(Q(status=ReviewStatus.ACCEPTED) | Q(created_by=user) | Q(prefecture_id__in=regions or []))
