"""Deals, their messages and notifications; technology contracts and their registration; brokers."""

# The notification model moved to the notifications app (issue 10); re-exported for old imports.

from .brokers import AssessmentPeriod, Broker, BrokerAssignment, WorkLog
from .contracts import (
    Contract,
    ContractType,
    PayAfterUseOffer,
    PaymentMode,
    RegistrationCounter,
    Registry,
    TrialDecision,
)
from .deals import Deal, DealEvent, DealLink, Message, MessageAttachment, MessageRead, Stage

__all__ = [
    "AssessmentPeriod",
    "Broker",
    "BrokerAssignment",
    "Contract",
    "ContractType",
    "Deal",
    "DealEvent",
    "DealLink",
    "Message",
    "MessageAttachment",
    "MessageRead",
    "PayAfterUseOffer",
    "PaymentMode",
    "RegistrationCounter",
    "Registry",
    "Stage",
    "TrialDecision",
    "WorkLog",
]
