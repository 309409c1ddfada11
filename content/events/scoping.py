"""Who sees which events: an organizer (活动组织者) only their own organization's.

Editors (编辑), administrators (管理员) and superusers see everything. A user is
*scoped* when they are an organizer — a member of the 活动组织者 group or linked to an
organization through :class:`OrganizerMembership` — and neither an editor nor an
administrator. A scoped user without an organization sees nothing.
"""

from __future__ import annotations

ORGANIZER_GROUP = "活动组织者"
UNSCOPED_GROUPS = ("编辑", "管理员")

_CACHE_ATTR = "_events_scope_cache"


def _scope(user) -> tuple[bool, int | None]:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import OrganizerMembership

    if not getattr(user, "is_authenticated", False) or user.is_superuser:
        result = (False, None)
    else:
        organization_id = (
            OrganizerMembership.objects.filter(user=user).values_list("organization_id", flat=True).first()
        )
        groups = set(user.groups.values_list("name", flat=True))
        is_organizer = organization_id is not None or ORGANIZER_GROUP in groups
        result = (is_organizer and not groups.intersection(UNSCOPED_GROUPS), organization_id)
    setattr(user, _CACHE_ATTR, result)
    return result


def is_scoped(user) -> bool:
    """True if ``user`` may only see their own organization's events and reports."""
    return _scope(user)[0]


def organization_id_for(user) -> int | None:
    return _scope(user)[1]


def organization_for(user):
    from content.reference.models import Organization

    organization_id = organization_id_for(user)
    return Organization.objects.filter(pk=organization_id).first() if organization_id else None


def set_user_organization(user, organization):
    """Make ``user`` an organizer for ``organization`` (or remove the link with ``None``)."""
    from .models import OrganizerMembership

    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    if organization is None:
        OrganizerMembership.objects.filter(user=user).delete()
        return None
    membership, _created = OrganizerMembership.objects.update_or_create(
        user=user, defaults={"organization": organization}
    )
    return membership


def scope_events(queryset, user, field: str = "organizer"):
    """Restrict an EventPage (or related) queryset to what ``user`` may see."""
    if not is_scoped(user):
        return queryset
    return queryset.filter(**{f"{field}_id": organization_id_for(user)})
