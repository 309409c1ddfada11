"""No input makes a public URL answer 500: hypothesis throws hostile query strings, path
parameters and form posts at every public page and API, through the Django test client
(raise_request_exception=False: a crash shows up as a 500 response, and fails the test).

The views are found in anxin/urls.py and the routable pages (articles, events): the
article index (filters, topics, feeds), the directory (list filters, detail, the
correction form), the search page and /api/v1/search, the events index (list, month
view, past, campaign), the iCalendar feeds, the questionnaires, the HSDS API, the
display-mode switches, the sitemap and the offline pages.

Bounded: EXAMPLES requests per view (ANXIN_FUZZ_SCALE multiplies them).
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content.events.models import Campaign, EventIndexPage
from tests import factories
from tests.content.events.conftest import make_event

pytestmark = pytest.mark.django_db

EXAMPLES = int(60 * float(os.environ.get("ANXIN_FUZZ_SCALE", "1")))

#: Text a browser could send (no lone surrogates: they cannot be percent-encoded).
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
nasty = st.sampled_from(
    [
        "", " ", "0", "-1", "1e309", "nan", "inf", "99999999999999999999999", "9" * 400, "0x10", "1.5", "true",
        "\x00", "%00", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --", '"', "\\", "☃", "𡈼",
        "0001-01-01", "9999-12-31T23:59:59-10:00", "2025-02-30", "0999-12", "9999-12", "10000-01",
        "31.3,121.2", "91,181", "310114", "310114102201", "31011410220199", "elders", "lecture",
        "consultation_room", "free", "on", "wmhd", "00000000-0000-0000-0000-000000000000",
        "https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)", "睡不着" * 200,
    ]
)  # fmt: skip
value = st.one_of(nasty, text)
path_int = st.one_of(st.integers(min_value=0, max_value=10**30), st.just(9223372036854775808))
path_text = st.one_of(
    nasty, st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/?#"), min_size=1, max_size=30)
)


def params_for(names):
    return st.dictionaries(st.sampled_from(names), st.one_of(value, st.lists(value, max_size=3)), max_size=len(names))


def _clean(v):
    return [_clean(x) for x in v] if isinstance(v, list) else v


def _fuzz(client: Client, build, examples: int = EXAMPLES, method: str = "get") -> int:
    """build: a strategy of (url, params); every response must be < 500."""
    seen = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=build)
    def run(case):
        url, params = case
        response = getattr(client, method)(url, params)
        seen.append(response.status_code)
        assert response.status_code < 500, (method, url, params, response.status_code)

    run()
    return len(seen)


@pytest.fixture
def site(db, elders):
    from content.selfcheck import demo
    from content.selfcheck.models import QuestionnairePage

    home = factories.make_home_page()
    article_index = factories.make_article_index(home, slug="kepu")
    topic_article = factories.make_article(article_index, audiences=[elders])
    service = factories.make_service_point()
    factories.make_area("310114102201", "南翔村")
    organization = factories.make_organization("南翔镇社区卫生服务中心")
    event_index = EventIndexPage(title="活动", slug="huodong")
    home.add_child(instance=event_index)
    event_index.save_revision().publish()
    campaign = Campaign.objects.create(
        name="世界精神卫生日", slug="wmhd", year=2025, start_date=datetime.date(2025, 9, 20),
        end_date=datetime.date(2025, 10, 31),
    )  # fmt: skip
    event = make_event(event_index, organization, service.area, campaign=campaign, audiences=[elders])
    demo.load(lambda line: None)
    questionnaire = QuestionnairePage.objects.live().first()
    return {
        "articles": article_index.url,
        "article": topic_article.url,
        "events": event_index.url,
        "service": service.pk,
        "event": event.pk,
        "questionnaire": questionnaire.url,
    }


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


SEARCH_PARAMS = ["q", "kind", "audience", "topic", "area", "service_kind", "service", "near", "radius", "page"]
DIRECTORY_PARAMS = ["q", "county", "township", "kind", "audience", "offered", "fee", "open_now", "is_24h", "page"]
EVENT_PARAMS = ["area", "audience", "kind", "campaign", "page"]
HSDS_PARAMS = ["page", "per_page", "search", "taxonomy_term_id", "organization_id", "modified_after", "full_service"]


def test_no_public_url_answers_500(client, site):
    counts = {}

    def fixed(url, names):
        return st.tuples(st.just(url), params_for(names))

    def pathed(template, part, names=()):
        return st.tuples(part.map(lambda p: template.format(p)), params_for(list(names) or ["page"]))

    articles, events = site["articles"], site["events"]
    cases = {
        "home": fixed("/", ["page", "q"]),
        "article index": fixed(articles, ["audience", "topic", "format", "page"]),
        "topics": fixed(articles + "topics/", ["page"]),
        "topic": pathed(articles + "topics/{}/", st.from_regex(r"[-\w]{1,40}", fullmatch=True), ["page"]),
        "feed": fixed(articles + "feed/", ["page"]),
        "audience feed": pathed(articles + "feed/{}/", st.from_regex(r"[-\w]{1,40}", fullmatch=True)),
        "article": fixed(site["article"], ["page", "q"]),
        "directory": fixed("/fuwu/", DIRECTORY_PARAMS),
        "hotlines": fixed("/fuwu/rexian/", ["page"]),
        "service": pathed("/fuwu/{}/", path_int),
        "correction form": pathed("/fuwu/{}/jiucuo/", path_int),
        "search page": fixed("/search/", SEARCH_PARAMS),
        "search api": fixed("/api/v1/search", [*SEARCH_PARAMS, "per_page"]),
        "events": fixed(events, EVENT_PARAMS),
        "past events": fixed(events + "past/", EVENT_PARAMS),
        "month": pathed(events + "month/{}/", st.from_regex(r"[0-9]{4}-[0-9]{2}", fullmatch=True), EVENT_PARAMS),
        "campaign": pathed(events + "campaign/{}/", st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)),
        "ical all": fixed("/calendar/events.ics", ["page"]),
        "ical campaign": pathed("/calendar/campaign/{}.ics", st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True)),
        "ical area": pathed("/calendar/area/{}.ics", path_text),
        "ical event": pathed("/calendar/event/{}.ics", path_int),
        "questionnaire": fixed(site["questionnaire"], ["area", "audience", "q1"]),
        "display mode": pathed("/mode/{}/", path_text, ["next"]),
        "text size": pathed("/text-size/{}/", path_text, ["next"]),
        "offline": fixed("/offline/", ["next"]),
        "sitemap": fixed("/sitemap.xml", ["p", "page"]),
        "sitemap section": pathed("/sitemap-{}.xml", path_text, ["p"]),
        "hsds root": fixed("/api/hsds/", HSDS_PARAMS),
        "hsds services": fixed("/api/hsds/services", HSDS_PARAMS),
        "hsds service": pathed("/api/hsds/services/{}", path_text, HSDS_PARAMS),
        "hsds organizations": fixed("/api/hsds/organizations", HSDS_PARAMS),
        "hsds organization": pathed("/api/hsds/organizations/{}", path_text, HSDS_PARAMS),
        "hsds service_at_locations": fixed("/api/hsds/service_at_locations", HSDS_PARAMS),
        "hsds service_at_location": pathed("/api/hsds/service_at_locations/{}", path_text, HSDS_PARAMS),
    }
    for name, build in cases.items():
        counts[name] = _fuzz(client, build)
    # Forms the public posts: the questionnaire's answers and the correction form.
    answers = [f"q{n}" for n in range(1, 11)] + ["area", "audience", "csrfmiddlewaretoken"]
    counts["questionnaire post"] = _fuzz(client, fixed(site["questionnaire"], answers), method="post")
    correction = ["problem", "details", "contact", "website"]
    counts["correction post"] = _fuzz(
        client, st.tuples(st.just(f"/fuwu/{site['service']}/jiucuo/"), params_for(correction)), method="post"
    )
    total = sum(counts.values())
    print(f"public URL fuzz: {len(counts)} views, {total} requests, 0 answered 500")
    assert total >= len(counts) * min(EXAMPLES, 10)
