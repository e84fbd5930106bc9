"""Who may do what in the network app. Review rights come from catalog.access.review_regions:
the general window's operators and reviewers review everything, a sub-market's operators only the
records homed in their sub-market's region (registered as a review scope in NetworkConfig.ready)."""

from catalog.access import review_regions


def review_scope(user) -> set[str]:
    """The Region codes of the active sub-markets ``user`` operates (catalog's review-scope hook;
    catalog.access.review_regions caches the answer and forgets it when a SubMarket changes)."""
    from .models import SubMarket

    return set(SubMarket.objects.filter(operators=user, active=True).values_list("region_id", flat=True))


def is_general_operator(user) -> bool:
    return user.is_authenticated and user.has_role("operator")


def can_review_any(user) -> bool:
    if not user.is_authenticated:
        return False
    regions = review_regions(user)
    return regions is None or bool(regions)


def can_review_region(user, codes: set[str]) -> bool:
    """May ``user`` review a record homed in the Region ``codes`` (its prefecture and county)?"""
    if not user.is_authenticated:
        return False
    regions = review_regions(user)
    return regions is None or bool(regions & {c for c in codes if c})


def carrier_codes(carrier) -> set[str]:
    return {c for c in (carrier.prefecture_id, carrier.county_id) if c}


def is_carrier_member(user, carrier) -> bool:
    return (
        user.is_authenticated
        and carrier.organisation_id is not None
        and carrier.organisation_id in user.organisation_ids()
    )


def can_file_report(user, carrier) -> bool:
    return is_carrier_member(user, carrier) or is_general_operator(user)


def can_review_carrier(user, carrier) -> bool:
    return can_review_region(user, carrier_codes(carrier))


def is_agency_member(user, agency) -> bool:
    return user.is_authenticated and agency.organisation_id in user.organisation_ids()


def can_review_case(user, case) -> bool:
    return can_review_region(user, {case.prefecture_id})


def can_manage_registry(user) -> bool:
    """Carriers, agencies and sub-markets are kept by the general window's operators."""
    return is_general_operator(user)
