"""Deals, their messages and notifications; technology contracts and their registration; brokers."""

from .brokers import AssessmentPeriod, Broker, BrokerAssignment, WorkLog
from .contracts import (
    TECH_FIELDS,
    Contract,
    ContractSubtype,
    ContractType,
    IPType,
    LegalType,
    PayAfterUseOffer,
    PaymentMode,
    RegistrationCounter,
    Registry,
    RegStatus,
    TrialDecision,
)
from .deals import Deal, DealEvent, DealLink, Message, MessageAttachment, MessageRead, Stage
from .registration import ContractAmendment, ContractTermination, Instalment, RegistrationAction

__all__ = [
    "TECH_FIELDS",
    "AssessmentPeriod",
    "Broker",
    "BrokerAssignment",
    "Contract",
    "ContractAmendment",
    "ContractSubtype",
    "ContractTermination",
    "Instalment",
    "IPType",
    "LegalType",
    "RegStatus",
    "RegistrationAction",
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
