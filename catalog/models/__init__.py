from .base import Attachment, ResourceQuerySet, ReviewEvent, Status, Visibility
from .libraries import Achievement, Demand, Expert, FinancialProduct, Instrument, Policy, PolicyClause, Scenario

__all__ = [
    "Achievement",
    "Attachment",
    "Demand",
    "Expert",
    "FinancialProduct",
    "Instrument",
    "Policy",
    "PolicyClause",
    "ResourceQuerySet",
    "ReviewEvent",
    "Scenario",
    "Status",
    "Visibility",
]
