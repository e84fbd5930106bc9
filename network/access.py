"""Who may do what in the network app. Review rights come from catalog.access.review_regions:
the general window's operators and reviewers review everything, a sub-market's operators only the
records homed in their sub-market's region (registered as a review scope in NetworkConfig.ready)."""

from catalog.access import review_regions

# Asked on every page a signed-in user opens (catalog's visibility and review checks): the answer is
# cached per user in the shared cache and dropped whenever a sub-market or its operators change.
SCOPE_CACHE_SECONDS = 300
SCOPE_CACHE_VERSION_KEY = "network:review_scope:version"


def review_scope(user) -> set[str]:
    """The Region codes of the active sub-markets ``user`` operates (catalog's review-scope hook)."""
    from django.core.cache import cache

    from .models import SubMarket

    version = cache.get_or_set(SCOPE_CACHE_VERSION_KEY, 1, None)
    key = f"network:review_scope:{version}:{user.pk}"
    codes = cache.get(key)
    if codes is None:
        codes = sorted(SubMarket.objects.filter(operators=user, active=True).values_list("region_id", flat=True))
        cache.set(key, codes, SCOPE_CACHE_SECONDS)
    return set(codes)


def forget_review_scopes(**_kwargs) -> None:
    """Signal receiver: a sub-market or its operator list changed, so every cached scope is stale."""
    from django.core.cache import cache

    try:
        cache.incr(SCOPE_CACHE_VERSION_KEY)
    except ValueError:  # never set (or evicted): the next read starts a fresh version
        cache.set(SCOPE_CACHE_VERSION_KEY, 2, None)


def is_submarket_operator(user) -> bool:
    return user.is_authenticated and bool(review_scope(user))


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
    return user.is_authenticated and carrier.organisation_id is not None and carrier.organisation_id in user.organisation_ids()


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
