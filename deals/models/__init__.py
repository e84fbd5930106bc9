"""Deals, their messages and notifications; technology contracts and their registration; brokers."""

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
from .deals import Deal, DealEvent, DealLink, Message, MessageAttachment, MessageRead, Notification, Stage

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
    "Notification",
    "PayAfterUseOffer",
    "PaymentMode",
    "RegistrationCounter",
    "Registry",
    "Stage",
    "TrialDecision",
    "WorkLog",
]
