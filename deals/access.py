"""Who may see and do what with a deal (DESIGN.md section 5). Pages, API and the catalog grant ask here.

A deal, its messages and its contract (amounts included, before and after registration) are visible
only to members of the two party organisations, the brokers assigned to the deal and operators.
Everyone else sees registered contracts only as aggregates in the statistics.
"""

from django.db.models import Q, QuerySet

from .models import BrokerAssignment, Deal
from .models.deals import Stage


def is_operator(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role("operator"))


def is_party(user, deal: Deal) -> bool:
    if not user.is_authenticated:
        return False
    return bool({deal.supply_org_id, deal.demand_org_id} & user.organisation_ids())


def is_deal_broker(user, deal: Deal) -> bool:
    if not user.is_authenticated:
        return False
    return BrokerAssignment.objects.filter(deal=deal, broker__user=user, broker__active=True).exists()


def actor_kinds(user, deal: Deal) -> set[str]:
    kinds = set()
    if not user or not user.is_authenticated:
        return kinds
    if is_party(user, deal):
        kinds.add("party")
    if is_deal_broker(user, deal):
        kinds.add("broker")
    if is_operator(user):
        kinds.add("operator")
    return kinds


def opener_side(deal: Deal) -> set[int]:
    """The party organisations the deal's opener acted for; empty when a broker or an operator
    outside both parties opened it."""
    if deal.opened_by_id is None:
        return set()
    return {deal.supply_org_id, deal.demand_org_id} & deal.opened_by.organisation_ids()


def accepting_orgs(deal: Deal) -> set[int]:
    """The party organisations whose consent takes a deal from 意向 into 洽谈: the side that did
    not open it. When a broker or an operator outside both parties opened it, the organisation
    whose confidential fields acceptance would open: the demand's organisation for a deal about a
    demand, else either party."""
    parties = {deal.supply_org_id, deal.demand_org_id}
    opener = opener_side(deal)
    if opener:
        return parties - opener
    if deal.demand_id is not None:
        return {deal.demand_org_id}
    return parties


def may_accept(user, deal: Deal) -> bool:
    """Taking a deal from 意向 into 洽谈 is consent: a member of an accepting organisation
    (``accepting_orgs``) or an operator. A broker, even one an operator assigned, may advise but
    not consent for a party; until then the opener is only knocking, and gains no access to the
    counterpart's confidential fields."""
    if not user or not user.is_authenticated:
        return False
    if is_operator(user):
        return True
    return bool(accepting_orgs(deal) & user.organisation_ids())


def can_view_deal(user, deal: Deal) -> bool:
    return bool(actor_kinds(user, deal))


def deals_visible_to(user) -> QuerySet:
    qs = Deal.objects.select_related("supply_org", "demand_org", "achievement", "demand")
    if not user.is_authenticated:
        return qs.none()
    if is_operator(user):
        return qs
    orgs = user.organisation_ids()
    ids = Deal.objects.filter(
        Q(supply_org_id__in=orgs)
        | Q(demand_org_id__in=orgs)
        | Q(assignments__broker__user=user, assignments__broker__active=True)
    ).values("pk")
    return qs.filter(pk__in=ids)


def granted_demand_ids(user) -> set[int]:
    """Demands whose confidential fields ``user`` may read through deals: brokers assigned to the
    demand, and the parties and brokers of an accepted, live deal on it (past 意向, not terminated).

    Computed once per user object (one request), like ``User.organisation_ids``, so that lists and
    exports ask two queries in all rather than two per record."""
    cached = getattr(user, "_granted_demand_ids", None)
    if cached is None:
        cached = set(
            BrokerAssignment.objects.filter(demand__isnull=False, broker__user=user, broker__active=True).values_list(
                "demand_id", flat=True
            )
        )
        cached |= set(
            deals_visible_to(user)
            .filter(demand__isnull=False)
            .exclude(stage__in=[Stage.INTENT, Stage.TERMINATED])
            .values_list("demand_id", flat=True)
        )
        user._granted_demand_ids = cached
    return cached


def demand_confidential_grant(user, record) -> bool:
    """The catalog's confidential grant for demands (see ``granted_demand_ids``)."""
    from catalog.models import Demand

    if not isinstance(record, Demand) or not user.is_authenticated or record.pk is None:
        return False
    return record.pk in granted_demand_ids(user)


def may_see_broker_ranking(user) -> bool:
    """The broker ranking and each broker's performance figures: brokers on the register,
    operators and leaders only (issue 16); everyone else sees the register without figures."""
    if not user or not user.is_authenticated:
        return False
    if user.has_role("operator", "leader"):
        return True
    from .models import Broker

    return Broker.objects.filter(user=user, active=True).exists()


def may_see_monthly_report(user) -> bool:
    """The monthly statistics report (PDF, XLSX, API): operators and leaders only (issue 16). Its
    figures are aggregates, but the month-by-month detail by region, chain and payment mode is a
    working document of the registry, not a public release."""
    return bool(user and user.is_authenticated and user.has_role("operator", "leader"))
