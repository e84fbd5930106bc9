"""The deals panel on demand and achievement detail pages (registered with catalog.panels)."""

from catalog.models import Achievement, Demand
from catalog.models.base import Status

from . import access
from .models import Broker, BrokerAssignment


def record_panel(request, record):
    if not isinstance(record, (Demand, Achievement)):
        return None
    user = request.user
    kind = "demands" if isinstance(record, Demand) else "achievements"
    field = "demand" if kind == "demands" else "achievement"
    context = {
        "kind": kind,
        "record": record,
        "can_open": record.status == Status.PUBLISHED,
        "deals": [],
        "brokers": [],
        "assign_brokers": [],
    }
    if user.is_authenticated:
        context["deals"] = list(access.deals_visible_to(user).filter(**{field: record}).order_by("-updated_at")[:10])
        if user.has_role("operator") or access.is_operator(user):
            context["brokers"] = list(BrokerAssignment.objects.filter(**{field: record}).select_related("broker__user"))
            context["assign_brokers"] = list(Broker.objects.filter(active=True).select_related("user"))
    return "deals/_record_panel.html", context
