"""Who may see and do what with a record (DESIGN.md section 5). Pages and API both ask here."""

from django.db.models import Q

from .models.base import Resource, Status


def is_owner(user, record: Resource) -> bool:
    if not user.is_authenticated:
        return False
    if record.created_by_id == user.pk:
        return True
    return record.owner_org_id is not None and record.owner_org_id in user.organisation_ids()


def extra_confidential_viewers(user, record: Resource) -> bool:
    """Other apps (deals) may grant confidential access, e.g. to a deal's parties and broker.

    They register a predicate with ``register_confidential_grant``; none is needed here.
    """
    return any(grant(user, record) for grant in _GRANTS)


_GRANTS: list = []


def register_confidential_grant(predicate) -> None:
    """Let another app say "this user may read this record's confidential fields"."""
    if predicate not in _GRANTS:
        _GRANTS.append(predicate)


def can_see_confidential(user, record: Resource) -> bool:
    if not user.is_authenticated:
        return False
    if user.has_role("operator") or is_owner(user, record):
        return True
    regions = review_regions(user)
    if regions and regions & home_region_codes(record):
        return True  # a sub-market's operators are its region's operators (the reviewer role is not)
    return extra_confidential_viewers(user, record)


def can_edit(user, record: Resource) -> bool:
    return is_owner(user, record) and record.status in (Status.DRAFT, Status.RETURNED)


# ---- reviewers limited to a region (sub-markets, issue 17) -------------------------------------
# A higher app (network) registers ``scope(user) -> set of Region codes`` for users who review the
# records of some regions only (a city sub-market's operators). The platform roles operator and
# reviewer (the general window) still review everything.
#
# review_regions is asked on every page a signed-in user opens (visibility and review checks), so
# its answer is kept at two levels, both here and nowhere else: on the user object for the rest of
# the request, and in the shared cache per user for REVIEW_SCOPE_CACHE_SECONDS. The shared entries
# carry a version that any save, delete or m2m change of a model a scope depends on bumps
# (``register_review_scope(..., depends_on=...)``), so a changed scope is never served stale.
_REVIEW_SCOPES: list = []
REVIEW_SCOPE_CACHE_SECONDS = 300
REVIEW_SCOPE_VERSION_KEY = "catalog:review_regions:version"
_MEMO = "_review_regions"


def register_review_scope(scope, *, depends_on=()) -> None:
    """Let another app say "this user reviews the records homed in these regions".

    ``scope(user)`` returns an iterable of Region codes. ``depends_on``: the models (an m2m
    ``through`` model included) whose rows the answer is read from; any change to them forgets
    every cached answer (``forget_review_regions``)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    if scope not in _REVIEW_SCOPES:
        _REVIEW_SCOPES.append(scope)
    for model in depends_on:
        uid = f"catalog-review-scope-{model._meta.label_lower}"
        post_save.connect(_forget_all, sender=model, dispatch_uid=uid + "-save", weak=False)
        post_delete.connect(_forget_all, sender=model, dispatch_uid=uid + "-delete", weak=False)
        m2m_changed.connect(_forget_all, sender=model, dispatch_uid=uid + "-m2m", weak=False)


def _forget_all(**_kwargs) -> None:
    forget_review_regions()


def forget_review_regions(user=None) -> None:
    """Drop every cached review scope (a new version of the shared entries), and ``user``'s
    per-request memo when given (a service that just changed that user's scope)."""
    from django.core.cache import cache

    if user is not None:
        user.__dict__.pop(_MEMO, None)
    try:
        cache.incr(REVIEW_SCOPE_VERSION_KEY)
    except ValueError:  # never set (or evicted): the next read starts a fresh version
        cache.set(REVIEW_SCOPE_VERSION_KEY, 2, None)


def review_regions(user) -> set[str] | None:
    """None: the user reviews every record (general window); otherwise the Region codes
    (prefecture or county) whose records the user reviews, empty when none."""
    if not user.is_authenticated:
        return set()
    if user.has_role("operator", "reviewer"):
        return None
    if _MEMO not in user.__dict__:
        from django.core.cache import cache

        version = cache.get_or_set(REVIEW_SCOPE_VERSION_KEY, 1, None)
        key = f"catalog:review_regions:{version}:{user.pk}"
        codes = cache.get(key)
        if codes is None:
            found: set[str] = set()
            for scope in _REVIEW_SCOPES:
                found |= set(scope(user) or ())
            codes = sorted(found)
            cache.set(key, codes, REVIEW_SCOPE_CACHE_SECONDS)
        user.__dict__[_MEMO] = set(codes)
    return user.__dict__[_MEMO]


def home_region_q(codes, prefix: str = "") -> Q:
    """Records homed in ``codes``: the record's own prefecture or county, else (when the record
    names none) its owner organisation's. Prefecture codes end in 00, county codes do not."""
    prefectures = [c for c in codes if c.endswith("00")]
    counties = [c for c in codes if not c.endswith("00")]
    q = Q(pk__in=[])
    if prefectures:
        q |= Q(**{f"{prefix}prefecture_id__in": prefectures})
        q |= Q(**{f"{prefix}prefecture__isnull": True, f"{prefix}owner_org__prefecture_id__in": prefectures})
    if counties:
        q |= Q(**{f"{prefix}county_id__in": counties})
        q |= Q(**{f"{prefix}county__isnull": True, f"{prefix}owner_org__county_id__in": counties})
    return q


def home_region_codes(record: Resource) -> set[str]:
    """The codes of the region a record is homed in (its own fields, else its owner's)."""
    org = record.owner_org if record.owner_org_id else None
    prefecture = record.prefecture_id or (org.prefecture_id if org else None)
    county = record.county_id or (org.county_id if org else None)
    return {c for c in (prefecture, county) if c}


def can_review(user) -> bool:
    """May the user open a review queue at all (the general window's or a sub-market's)."""
    if not user.is_authenticated:
        return False
    regions = review_regions(user)
    return regions is None or bool(regions)


def can_review_record(user, record: Resource) -> bool:
    """May the user approve or return this record: general-window reviewers always, a
    sub-market's operators only for records homed in their region."""
    if not user.is_authenticated:
        return False
    regions = review_regions(user)
    if regions is None:
        return True
    return bool(regions & home_region_codes(record))


# A record's contact phone and email are for signed-in users only (visitors see the name), so
# that the public pages, the API and exports do not hand them to scrapers.
CONTACT_FIELDS = ("contact_phone", "contact_email")


def confidential_mask(user, record: Resource) -> set[str]:
    """The field names ``user`` must not see on ``record``: its confidential fields unless the
    user may see them, and the contact details for visitors."""
    hidden = set() if can_see_confidential(user, record) else set(record.confidential_fields)
    if not user.is_authenticated:
        hidden.update(CONTACT_FIELDS)
    return hidden
