"""Who sees which events: an organizer (活动组织者) only their own organization's.

The rule is a permission, never a group name: a user who holds
``events.view_all_events`` (granted to 管理员, 编辑 and 审核专家 by
``content.home.roles``; superusers hold every permission) sees every event. Every
other user is *scoped*: they see only the events of the organization their
:class:`OrganizerMembership` names, and without a membership no event at all.
Renaming a group in the admin therefore changes nothing about what its members see.

One helper, :func:`visible_pages`, narrows any page queryset; the admin's page
permission policy, the explorer and chooser hooks and the bulk actions all call it
(see ``wagtail_hooks.py``).
"""

from __future__ import annotations

VIEW_ALL_EVENTS = "events.view_all_events"

_CACHE_ATTR = "_events_scope_cache"


def _scope(user) -> tuple[bool, int | None]:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import OrganizerMembership

    if not getattr(user, "is_authenticated", False):
        result = (True, None)
    elif user.has_perm(VIEW_ALL_EVENTS):  # superusers included
        result = (False, None)
    else:
        organization_id = (
            OrganizerMembership.objects.filter(user=user).values_list("organization_id", flat=True).first()
        )
        result = (True, organization_id)
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


def foreign_event_ids(user):
    """A subquery of the ids of the events ``user`` may not see (``None``: none hidden)."""
    if not is_scoped(user):
        return None
    from .models import EventPage

    events = EventPage.objects.all()
    organization_id = organization_id_for(user)
    if organization_id is not None:
        events = events.exclude(organizer_id=organization_id)
    return events.values("pk")


def visible_pages(queryset, user):
    """Any page queryset without the events of other organizations (for scoped users)."""
    foreign = foreign_event_ids(user)
    return queryset if foreign is None else queryset.exclude(pk__in=foreign)


def can_see_page(user, page) -> bool:
    """False for another organization's event when ``user`` is scoped."""
    if page is None or not is_scoped(user):
        return True
    from .models import EventPage

    specific_class = page.specific_class if hasattr(page, "specific_class") else type(page)
    if specific_class is None or not issubclass(specific_class, EventPage):
        return True
    organizer_id = getattr(page, "organizer_id", None)
    if organizer_id is None or not isinstance(page, EventPage):
        organizer_id = EventPage.objects.filter(pk=page.pk).values_list("organizer_id", flat=True).first()
    organization_id = organization_id_for(user)
    return organization_id is not None and organizer_id == organization_id
