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
        page_cache.register_model(self.get_model("Campaign"), "events")
        # attendance figures ("已服务 N 人次", campaign progress) show only on the events pages:
        # organizers saving reports all day on 10 October leave home, audiences and search cached
        for name in ("AttendanceReport", "AttendanceBreakdown", "CampaignAreaTarget"):
            page_cache.register_model(self.get_model(name), "reach", listed=False)
        page_cache.register_model(self.get_model("OrganizerMembership"), None)  # admin only
