import pytest

from tests import factories


@pytest.fixture
def home_page(db):
    return factories.make_home_page()


@pytest.fixture
def article_index(home_page):
    return factories.make_article_index(home_page)


@pytest.fixture
def expert(db):
    return factories.make_expert()


@pytest.fixture
def elders(db):
    return factories.make_audience("老年人", "elders")


@pytest.fixture
def parents(db):
    return factories.make_audience("家长", "parents")
