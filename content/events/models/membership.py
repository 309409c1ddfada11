"""Which organization an organizer (活动组织者) acts for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizerMembership(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="event_membership"
    )
    organization = models.ForeignKey(
        "reference.Organization", verbose_name=_("机构"), on_delete=models.CASCADE, related_name="organizer_memberships"
    )

    class Meta:
        verbose_name = _("活动组织者所属机构")
        verbose_name_plural = _("活动组织者所属机构")

    def __str__(self) -> str:
        return f"{self.user} → {self.organization}"
