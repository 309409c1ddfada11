from .choices import BYDAY, PUBLIC_STATUSES, REMOTE_KINDS, Booking, Fee, ServiceKind, ServiceStatus, Weekday
from .hsds_ids import OrganizationHsdsId
from .reports import CorrectionProblem, CorrectionReport, CorrectionStatus
from .service_point import (
    VERIFY_INTERVAL_DAYS,
    OpeningHours,
    ServicePoint,
    ServicePointPhone,
    ServicePointQuerySet,
    upper_bound,
)
from .taxonomy import ServiceOffered

__all__ = [
    "BYDAY",
    "PUBLIC_STATUSES",
    "REMOTE_KINDS",
    "VERIFY_INTERVAL_DAYS",
    "Booking",
    "CorrectionProblem",
    "CorrectionReport",
    "CorrectionStatus",
    "Fee",
    "OpeningHours",
    "OrganizationHsdsId",
    "ServiceKind",
    "ServiceOffered",
    "ServicePoint",
    "ServicePointPhone",
    "ServicePointQuerySet",
    "ServiceStatus",
    "Weekday",
    "upper_bound",
]
