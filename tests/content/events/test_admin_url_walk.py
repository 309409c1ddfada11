"""Walk every admin URL as organizer A and look for organization B's private titles.

Issue 14, point 1: an organizer of organization A could read the title of B's
never-published event (and the title of a draft of B's published event) through the
explorer, the admin API, search, bulk action confirmations and reports, although
every write was refused. This test enumerates every URL pattern under ``admin/``
(Wagtail's own and the project's), fills its parameters with the ids of B's objects,
adds search and bulk-action query strings, GETs each one and fails if a response
shows one of B's private titles.
"""

from __future__ import annotations

import datetime
import itertools
import re
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from content.events.models import EventPage
from tests import factories
from tests.content.events.conftest import make_event, make_report

PRIVATE_TITLE = "乙机构未公开的团体辅导XQ7"
DRAFT_TITLE = "乙机构草稿里的新标题ZK3"
SECRETS = (PRIVATE_TITLE, DRAFT_TITLE)

# GETs with side effects on the session, or views that fail on purpose.
SKIP_NAMES = {"wagtailadmin_logout", "wagtailadmin_error_test"}

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _admin_patterns():
    """(route template, url name) for every pattern under admin/."""

    def walk(patterns, prefix):
        for entry in patterns:
            pattern = entry.pattern
            if isinstance(pattern, RoutePattern):
                part = str(pattern._route)
            elif isinstance(pattern, RegexPattern):
                regex = pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")
                # named groups → <name>; give up on patterns with anything else regex-like
                part = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", regex)
                if re.search(r"[\\()\[\]*+?|]", part):
                    continue
            else:  # pragma: no cover
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + part)
            elif isinstance(entry, URLPattern):
                yield prefix + part, entry.name

    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and str(entry.pattern) == "admin/":
            yield from walk(entry.url_patterns, "/admin/")


def _values(name, world):
    """Candidate values for a URL parameter called ``name``."""
    if "revision" in name:
        return [str(pk) for pk in world["revisions"]] + ["earliest", "latest"]
    if name == "action":
        return ["delete", "unpublish", "move", "publish", "copy"]
    if name in ("app_label", "content_type_app_name"):
        return ["events", "wagtailcore"]
    if name in ("model_name", "content_type_model_name"):
        return ["eventpage", "page", "attendancereport"]
    return [str(pk) for pk in world["ids"]]


def _urls(world):
    seen = set()
    for template, name in _admin_patterns():
        if name in SKIP_NAMES:
            continue
        params = [m.group("name") for m in _PARAM.finditer(template)]
        choices = [_values(param, world) for param in params]
        for combination in itertools.product(*choices):
            values = iter(combination)
            url = _PARAM.sub(lambda _m, values=values: quote(next(values)), template)
            if url in seen:
                continue
            seen.add(url)
            yield url
            if not params or "action" in params:  # listings, searches and bulk actions
                for query in world["queries"]:
                    yield f"{url}?{query}"


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.fixture
def world_b(past_event_a, event_index, org_b, jiading_town, village, elders):
    owner_b = factories.make_user("organizer_b_walk", role="活动组织者")
    from content.events.scoping import set_user_organization

    set_user_organization(owner_b, org_b)
    make_report(past_event_a, attendees=3)
    draft = make_event(event_index, org_b, jiading_town, title=PRIVATE_TITLE, publish=False, owner=owner_b)
    draft.save_revision(user=owner_b)
    published = make_event(
        event_index,
        org_b,
        jiading_town,
        title="乙机构已公开的讲座",
        owner=owner_b,
        start=timezone.now() - datetime.timedelta(days=2),
    )
    report = make_report(published, attendees=40)
    report.save_revision(user=owner_b)
    published = EventPage.objects.get(pk=published.pk)
    published.title = DRAFT_TITLE
    published.save_revision(user=owner_b, log_action=True)
    revisions = [r.pk for page in (draft, published) for r in page.revisions.all()]
    ids = [draft.pk, published.pk, report.pk]
    # Search terms are fragments, never a whole title: views that echo the query back
    # (“no results for …”) must not count as leaks.
    queries = ["q=XQ7", "search=XQ7", "q=ZK3&search_all=1", "search=ZK3", f"child_of={event_index.pk}"]
    queries += [f"id={draft.pk}", f"id={published.pk}&id={past_event_a.pk}", "type=events.EventPage"]
    return {"ids": ids, "revisions": revisions, "queries": queries}


def walk(client, user, world, prefixes=("/admin/",)):
    client.force_login(user)
    client.raise_request_exception = False
    walked, leaks = 0, []
    for url in _urls(world):
        if not url.startswith(prefixes):
            continue
        response = client.get(url, follow=False)
        walked += 1
        body = _body(response)
        if any(secret in body for secret in SECRETS):
            leaks.append(url)
    return walked, leaks


def test_organizer_sees_no_private_title_of_another_organization(client, world_b, organizer_a):
    walked, leaks = walk(client, organizer_a, world_b)
    print(f"walked {walked} admin URLs as organizer A, {len(leaks)} leaked")
    assert walked > 300
    assert leaks == [], f"{len(leaks)} of {walked} admin URLs leaked:\n" + "\n".join(leaks)


def test_the_walk_finds_the_titles_where_they_may_be_seen(client, world_b, editor):
    """The same walk as an editor (who may see every event) does find the titles:
    the walk is not blind."""
    _walked, leaks = walk(client, editor, world_b, prefixes=("/admin/pages/", "/admin/api/", "/admin/reports/"))
    assert len(leaks) > 5, leaks


def test_renaming_the_editors_group_changes_nothing(client, world_b, editor, organizer_a, event_index):
    """Scoping is a permission (events.view_all_events), not a group name."""
    from django.contrib.auth.models import Group

    from content.events import scoping

    Group.objects.filter(name="编辑").update(name="内容编辑")
    Group.objects.filter(name="活动组织者").update(name="基层组织者")
    editor = type(editor).objects.get(pk=editor.pk)  # no cached permissions
    assert not scoping.is_scoped(editor)
    client.force_login(editor)
    body = client.get("/admin/pages/search/?q=XQ7").content.decode()
    assert PRIVATE_TITLE in body
    organizer_a = type(organizer_a).objects.get(pk=organizer_a.pk)
    assert scoping.is_scoped(organizer_a)


ADMIN_ONLY_EMAIL = "only-admins-see-this-QW8@commission.invalid"
ADMIN_ONLY_GROUP = "仅管理员可见的组QW8"


@pytest.fixture
def admin_only_world(db):
    """What only administrators may see: other accounts (their e-mail addresses) and the
    groups and their permissions. Ids are filled into every admin URL pattern."""
    from django.contrib.auth.models import Group

    admin = factories.make_user("commission_admin_walk", role="管理员")
    admin.email = ADMIN_ONLY_EMAIL
    admin.is_superuser = True
    admin.save()
    group = Group.objects.create(name=ADMIN_ONLY_GROUP)
    return {
        "ids": [admin.pk, group.pk],
        "revisions": [],
        "queries": ["q=QW8", "search=QW8", "q=only-admins"],
    }


def test_editor_sees_no_administrator_only_data(client, admin_only_world, editor):
    """An editor walks every admin URL (ids of the administrator's account and of an
    administrators' group filled in): no account e-mail, no group of theirs appears."""
    walked, leaks = 0, []
    client.force_login(editor)
    client.raise_request_exception = False
    for url in _urls(admin_only_world):
        response = client.get(url, follow=False)
        walked += 1
        body = _body(response)
        if ADMIN_ONLY_EMAIL in body or ADMIN_ONLY_GROUP in body:
            leaks.append(url)
    print(f"walked {walked} admin URLs as an editor, {len(leaks)} showed administrator-only data")
    assert walked > 300
    assert leaks == [], f"{len(leaks)} of {walked} admin URLs leaked:\n" + "\n".join(leaks)


def test_the_admin_only_walk_is_not_blind(client, admin_only_world):
    """As a superuser, the same walk does show the account and the group."""
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root_walk", "root@example.invalid", "x")
    client.force_login(root)
    account, _group = admin_only_world["ids"]
    assert ADMIN_ONLY_EMAIL in client.get(f"/admin/users/edit/{account}/").content.decode()
    assert ADMIN_ONLY_GROUP in client.get("/admin/groups/").content.decode()
