from .attendance import AttendanceBreakdown, AttendanceReport, AttendanceReportForm, breakdown_errors
from .campaigns import Campaign, CampaignAreaTarget
from .membership import OrganizerMembership
from .pages import REPORT_FIGURES, SHANGHAI, EventIndexPage, EventKind, EventPage, report_figure_values

__all__ = [
    "REPORT_FIGURES",
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
    "report_figure_values",
]
