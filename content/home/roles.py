"""The four roles and the Wagtail permissions that go with them.

The groups are created by a data migration (home/0002). Their permissions are
synchronised after every ``migrate`` (post_migrate, see apps.py) because models
and their permissions arrive with later migrations of other apps; the sync only
ever adds what a role is missing and is idempotent.

- 编辑 (editors): the site's pages (articles, audience and topic pages,
  questionnaires) — create and edit, publishing goes through the review workflow —
  and the whole service directory.
- 审核专家 (expert reviewers): approve or reject in the workflow; may edit a page
  under review. They hold the publish permission because Wagtail publishes an
  approved revision as the approving user (and checks that user's permission);
  approval is their job, so this grants nothing beyond it: an article is published
  by a non-administrator only inside an approval, which records the reviewer
  (content/articles/review.py). Each reviewer account is linked to its ``Expert``.
- 活动组织者 (organizers): events and attendance reports; page permissions on the
  event index pages only; the events app narrows them to their own organization.
- 管理员 (administrators): everything, including site settings, users and roles.
"""

from __future__ import annotations

ROLE_EDITORS = "编辑"
ROLE_REVIEWERS = "审核专家"
ROLE_ORGANIZERS = "活动组织者"
ROLE_ADMINS = "管理员"
ROLES = [ROLE_EDITORS, ROLE_REVIEWERS, ROLE_ORGANIZERS, ROLE_ADMINS]

ALL = "__all__"

# app label → list of permission codename prefixes (add/change/delete/view/publish/lock…)
MODEL_PERMISSIONS: dict[str, dict[str, object]] = {
    ROLE_EDITORS: {
        "articles": ALL,
        "directory": ALL,
        "selfcheck": ALL,
        "reference": ["add", "change", "view"],
        "taggit": ["add", "change", "view"],
        "search": ["add", "change", "view"],
        "events": ["view"],
    },
    ROLE_REVIEWERS: {
        "articles": ["view"],
        # Seeing every organization's events (content.events.scoping); editors and
        # administrators hold it through "view" and ALL.
        "events": ["view_all_events"],
        "reference": ["view"],
        "directory": ["view"],
    },
    ROLE_ORGANIZERS: {
        # Their events and reports (the events app scopes them to their organization);
        # campaigns are set by the commission, memberships by administrators.
        "events": [
            "add_eventpage",
            "change_eventpage",
            "delete_eventpage",
            "view_eventpage",
            "add_attendancereport",
            "change_attendancereport",
            "delete_attendancereport",
            "view_attendancereport",
            "add_attendancebreakdown",
            "change_attendancebreakdown",
            "delete_attendancebreakdown",
            "view_attendancebreakdown",
            "view_campaign",
            "view_campaignareatarget",
        ],
        "reference": ["view"],
        "directory": ["view"],
    },
    ROLE_ADMINS: {
        "articles": ALL,
        "directory": ALL,
        "events": ALL,
        "selfcheck": ALL,
        "reference": ALL,
        "home": ALL,
        "search": ALL,
        "taggit": ALL,
        "auth": ALL,
        "wagtailcore": ["add_workflow", "change_workflow", "delete_workflow", "add_task", "change_task"],
        "wagtailredirects": ALL,
        "wagtailforms": ALL,
    },
}

# Page permissions granted on the root page (so they apply to every site).
ROOT_PAGE_PERMISSIONS = {
    ROLE_EDITORS: ["add_page", "change_page"],
    ROLE_REVIEWERS: ["change_page", "publish_page"],
    ROLE_ADMINS: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
}
# Page permissions granted on every event index page (the events app scopes further).
EVENT_INDEX_PERMISSIONS = ["add_page", "change_page", "publish_page"]

# Collection permissions (images and documents) on the root collection.
COLLECTION_PERMISSIONS = {
    ROLE_EDITORS: ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    ROLE_REVIEWERS: ["choose_image", "choose_document"],
    ROLE_ORGANIZERS: ["add_image", "choose_image", "add_document", "choose_document"],
    ROLE_ADMINS: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
}


def create_groups(apps) -> None:
    """Used by the data migration: the groups themselves."""
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def _matches(codename: str, spec) -> bool:
    if spec == ALL:
        return True
    return any(codename == prefix or codename.startswith(prefix + "_") for prefix in spec)


def sync_role_permissions() -> None:
    """Give every role the permissions this module describes (adds only)."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    access_admin = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin").first()

    for role, by_app in MODEL_PERMISSIONS.items():
        group = groups[role]
        wanted = []
        for app_label, spec in by_app.items():
            for perm in Permission.objects.filter(content_type__app_label=app_label).select_related("content_type"):
                if _matches(perm.codename, spec) or perm.codename in (spec if isinstance(spec, list) else []):
                    wanted.append(perm)
        if access_admin:
            wanted.append(access_admin)
        group.permissions.add(*wanted)

    root = Page.get_first_root_node()
    if root is not None:
        for role, codenames in ROOT_PAGE_PERMISSIONS.items():
            for perm in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
                GroupPagePermission.objects.get_or_create(group=groups[role], page=root, permission=perm)
        grant_event_index_permissions()

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for role, codenames in COLLECTION_PERMISSIONS.items():
            for perm in Permission.objects.filter(codename__in=codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[role], collection=root_collection, permission=perm
                )


def grant_event_index_permissions(page=None) -> None:
    """Organizers may add and edit pages under every event index page."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    try:
        event_index_model = apps.get_model("events", "EventIndexPage")
    except LookupError:
        return
    group, _ = Group.objects.get_or_create(name=ROLE_ORGANIZERS)
    pages = [page] if page is not None else list(event_index_model.objects.all())
    perms = list(Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=EVENT_INDEX_PERMISSIONS))
    for index_page in pages:
        for perm in perms:
            GroupPagePermission.objects.get_or_create(group=group, page=index_page, permission=perm)
