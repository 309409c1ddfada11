from .attendance import AttendanceBreakdown, AttendanceReport, AttendanceReportForm, breakdown_errors
from .campaigns import Campaign, CampaignAreaTarget
from .membership import OrganizerMembership
from .pages import SHANGHAI, EventIndexPage, EventKind, EventPage

__all__ = [
    "SHANGHAI",
    "AttendanceBreakdown",
    "AttendanceReport",
    "AttendanceReportForm",
    "Campaign",
    "CampaignAreaTarget",
    "EventIndexPage",
    "EventKind",
    "EventPage",
    "OrganizerMembership",
    "breakdown_errors",
]
