import pytest
from django.core.cache import cache
from wagtail.models import Site


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache switched on, starting empty."""
    settings.ANXIN_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def no_page_cache(settings):
    settings.ANXIN_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def default_site(db):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def hotlines(default_site):
    """Two crisis hotlines in the site settings (the strip on every page)."""
    from content.home.models import CrisisSettings, SiteIdentitySettings

    SiteIdentitySettings.for_site(default_site)  # created on first use: do it before any request
    crisis = CrisisSettings.for_site(default_site)
    crisis.hotlines = [
        ("hotline", {"name": "全国统一心理援助热线", "number": "12356", "hours": "每日不少于18小时", "is_24h": False}),
        ("hotline", {"name": "上海市心理热线", "number": "962525", "hours": "24小时", "is_24h": True}),
    ]
    crisis.save()
    return crisis
