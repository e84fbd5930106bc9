from .points import PointsModel, PointsRun, PointsScore
from .pools import PoolMembership, PoolProposal, PoolTier
from .profiles import (
    FIGURE_FIELDS,
    AnnualReport,
    ApplicantName,
    BankConsent,
    Demonstration,
    EnterpriseProfile,
    FigureSource,
    LinkedPatent,
    Platform,
    Qualification,
    QualificationKind,
    Verification,
)

__all__ = [
    "FIGURE_FIELDS",
    "AnnualReport",
    "ApplicantName",
    "BankConsent",
    "Demonstration",
    "EnterpriseProfile",
    "FigureSource",
    "LinkedPatent",
    "Platform",
    "PointsModel",
    "PointsRun",
    "PointsScore",
    "PoolMembership",
    "PoolProposal",
    "PoolTier",
    "Qualification",
    "QualificationKind",
    "Verification",
]
