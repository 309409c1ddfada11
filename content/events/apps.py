"""events app: campaigns, events, attendance and reach."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "content.events"
    label = "events"
    verbose_name = _("活动")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .search import connect

        connect()

        from anxin.cache import pages as page_cache

        for name in ("EventPage", "EventIndexPage"):
            page_cache.register_page(self.get_model(name), "events")
        for name in ("AttendanceReport", "AttendanceBreakdown", "Campaign", "CampaignAreaTarget"):
            page_cache.register_model(self.get_model(name), "events")
        page_cache.register_model(self.get_model("OrganizerMembership"), None)  # admin only
