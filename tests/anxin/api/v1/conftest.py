"""Fixtures for the /api/v1 tests: the self-check demo pages and the events fixtures
(an events index, a campaign, organizers in two townships) from their own suites."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.content.events.conftest import (  # noqa: F401 (fixtures)
    _fresh_area_choices,
    campaign,
    district,
    event_index,
    home_page,
    jiading_town,
    nanxiang,
    org_a,
    org_b,
    village,
)
from tests.content.selfcheck.conftest import (  # noqa: F401 (fixtures)
    _selfcheck_pages,
    browser_client,
    selfcheck_site,
    submit,
)
from tests.content.selfcheck.test_selfcheck_privacy import captured_logs  # noqa: F401 (fixture)
from tests.content.selfcheck.test_selfcheck_recommendations import _world, recommendation_world  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached pages never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache_on(settings):
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    settings.ANXIN_PAGE_CACHE_STALE_SECONDS = 0
