"""Stable HSDS identifiers for organizations (reference.Organization has no UUID)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from content.reference.models import Organization


class OrganizationHsdsId(models.Model):
    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="hsds_id")
    hsds_id = models.UUIDField(_("HSDS 标识"), default=uuid.uuid4, unique=True)

    class Meta:
        verbose_name = _("机构 HSDS 标识")
        verbose_name_plural = _("机构 HSDS 标识")

    def __str__(self) -> str:
        return str(self.hsds_id)

    @classmethod
    def for_organization(cls, organization: Organization) -> uuid.UUID:
        return cls.objects.get_or_create(organization=organization)[0].hsds_id
