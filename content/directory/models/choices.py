"""The fixed vocabularies of the directory (kinds, status, fee, booking).

Each maps onto HSDS 3.0: status values are HSDS's own; the others are exported as
attributes with taxonomy terms (see docs/data-formats.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceKind(models.TextChoices):
    CONSULTATION_ROOM = "consultation_room", _("心理咨询室（谈心室/社会工作室）")
    COMMUNITY_STATION = "community_station", _("心理健康服务驿站/社工站")
    WORKPLACE_STATION = "workplace_station", _("职工心灵驿站")
    SCHOOL_COUNSELLING = "school_counselling", _("学校心理辅导室")
    MINOR_PROTECTION = "minor_protection", _("未成年人保护工作站")
    HOSPITAL_CLINIC = "hospital_clinic", _("医院心理门诊")
    SPECIALIST_CLINIC = "specialist_clinic", _("专科门诊（儿童青少年、孕产期等）")
    MENTAL_HEALTH_CENTRE = "mental_health_centre", _("精神卫生中心")
    HOTLINE = "hotline", _("心理援助热线")
    ONLINE = "online", _("线上服务")
    OTHER = "other", _("其他心理服务")


#: Kinds that have no street address of their own.
REMOTE_KINDS = {ServiceKind.HOTLINE, ServiceKind.ONLINE}


class ServiceStatus(models.TextChoices):
    """HSDS 3.0 ``service.status`` values (``inactive`` is read as temporarily closed)."""

    ACTIVE = "active", _("正常服务")
    TEMPORARILY_CLOSED = "temporarily closed", _("暂停服务")
    DEFUNCT = "defunct", _("已撤销")


PUBLIC_STATUSES = (ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED)


class Fee(models.TextChoices):
    FREE = "free", _("免费")
    INSURANCE = "insurance", _("医保")
    SELF_PAY = "self_pay", _("自费")


class Booking(models.TextChoices):
    WALK_IN = "walk_in", _("直接前往")
    APPOINTMENT = "appointment", _("需预约")
    ONLINE = "online", _("线上预约")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


#: iCalendar/HSDS day codes, Monday first (Python's weekday()).
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
