"""Fixtures for the search tests: a fresh embedded index per test and sample documents."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model

from search import index as search_index
from search import registry
from search.documents import SearchDocument
from search.engines.embedded import EmbeddedEngine

_counter = itertools.count()


@pytest.fixture(autouse=True)
def fresh_dictionaries(request):
    """A test with a database may have built the cached dictionaries from editor rows
    that are rolled back afterwards (the rollback runs no on-commit invalidation): drop
    them, so the next test does not see another test's synonyms, phrases or rules."""
    yield
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        from search.analysis.dictionaries import invalidate

        invalidate()


@pytest.fixture
def search_settings(settings, tmp_path):
    """Point the embedded engine at a file of its own for this test."""
    settings.SEARCH_ENGINE = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / f"search-{next(_counter)}.sqlite3"
    built = EmbeddedEngine(settings.SEARCH_EMBEDDED_PATH)  # built empty: a missing file is "unavailable"
    built.clear()
    built.close()
    yield settings
    for engine in list(search_index._engines.values()):
        close = getattr(engine, "close", None)
        if close:
            close()
    search_index._engines.clear()


@pytest.fixture
def clean_registry():
    saved = (dict(registry._providers), list(registry._hotlines), dict(registry._labels))
    registry._providers.clear()
    registry._hotlines.clear()
    registry._labels.clear()
    registry.clear_label_cache()
    yield registry
    registry._providers.clear()
    registry._providers.update(saved[0])
    registry._hotlines[:] = saved[1]
    registry._labels.clear()
    registry._labels.update(saved[2])
    registry.clear_label_cache()


HOTLINES = [
    {"name": "全国统一心理援助热线", "number": "12356", "tel": "12356", "hours": "", "is_24h": False},
    {"name": "上海市心理热线", "number": "962525", "tel": "tel:962525", "hours": "24小时", "is_24h": True},
]

LABELS = {
    "audience": {"elders": "老年人", "youth": "青少年", "perinatal": "孕产妇"},
    "area": {
        "31": "上海市",
        "3101": "市辖区",
        "310114": "嘉定区",
        "310114102": "南翔镇",
        "310114103": "安亭镇",
        "310104": "徐汇区",
        "11": "北京市",
    },
    "service_kind": {"consultation_room": "心理咨询室", "clinic": "心理门诊"},
    "service": {"counselling": "心理咨询", "hotline": "热线咨询"},
}


@pytest.fixture
def hotlines(clean_registry):
    clean_registry.register_crisis_hotlines(lambda request: HOTLINES)
    for facet, labels in LABELS.items():
        clean_registry.register_facet_labels(
            facet, lambda values, labels=labels: {v: labels[v] for v in values if v in labels}
        )
    return HOTLINES


def doc(id, kind="article", title="", **kwargs) -> SearchDocument:
    kwargs.setdefault("url", f"/{kind}/{id.split(':')[-1]}/")
    return SearchDocument(id=id, kind=kind, title=title, **kwargs)


def sample_documents() -> list[SearchDocument]:
    return [
        doc(
            "article:1",
            title="失眠怎么办：改善睡眠的五个方法",
            summary="睡不好、早醒的自助建议。",
            body="很多人都有过睡不着的经历。规律作息、减少咖啡因会有帮助。",
            audiences=["elders"],
            topics=["sleep"],
            date=datetime(2025, 3, 1, tzinfo=UTC),
        ),
        doc(
            "article:2",
            title="认识产后抑郁",
            summary="新妈妈的情绪低落不是矫情。",
            body="产后抑郁很常见，家人的支持很重要。",
            audiences=["perinatal"],
            topics=["depression"],
        ),
        doc(
            "article:3",
            title="老年人的心理健康",
            summary="空巢老人如何排解孤独。",
            body="有的老人晚上睡不着，白天没精神。社区的心理咨询室可以提供帮助。",
            audiences=["elders"],
            topics=["elders"],
        ),
        doc(
            "article:4",
            title="孩子沉迷网络游戏怎么办",
            summary="网瘾背后往往有未被满足的需要。",
            body="与其没收手机，不如先了解孩子。",
            audiences=["youth"],
            topics=["internet"],
        ),
        doc(
            "article:5",
            title="焦虑的时候可以做什么",
            summary="呼吸练习和正念。",
            body="考试前紧张是正常的。",
            audiences=["youth"],
            topics=["anxiety"],
        ),
        doc(
            "service:10",
            kind="service",
            title="南翔镇永乐村心理咨询室",
            summary="面向老年人提供心理咨询。",
            body="地址：嘉定区南翔镇永乐村 1 号。",
            audiences=["elders"],
            areas=["31", "3101", "310114", "310114102"],
            facets={"service_kind": ["consultation_room"], "service": ["counselling"]},
            location=(31.298, 121.317),
            phones=[{"number": "021-59120000", "label": "咨询电话", "tel": "02159120000"}],
        ),
        doc(
            "service:11",
            kind="service",
            title="安亭镇心理门诊",
            summary="睡眠障碍、焦虑门诊。",
            body="地址：嘉定区安亭镇。",
            audiences=["elders", "youth"],
            areas=["31", "3101", "310114", "310114103"],
            facets={"service_kind": ["clinic"], "service": ["counselling", "hotline"]},
            location=(31.294, 121.160),
            phones=[{"number": "021-59570000", "label": "门诊电话", "tel": ""}],
        ),
        doc(
            "service:12",
            kind="service",
            title="徐汇区精神卫生中心",
            summary="心理咨询和心理治疗。",
            body="地址：徐汇区宛平南路。",
            audiences=["youth"],
            areas=["31", "3101", "310104"],
            facets={"service_kind": ["clinic"], "service": ["counselling"]},
            location=(31.190, 121.446),
            phones=[{"number": "962525", "label": "热线", "tel": "962525"}],
        ),
        doc(
            "service:13",
            kind="service",
            title="北京某社区心理咨询室",
            summary="社区居民心理咨询。",
            body="地址：北京。",
            audiences=["elders"],
            areas=["11", "1101", "110101"],
            facets={"service_kind": ["consultation_room"], "service": ["counselling"]},
            location=(39.90, 116.40),
        ),
        doc(
            "event:20",
            kind="event",
            title="世界精神卫生日健步走",
            summary="10 月 10 日在嘉定区举办。",
            body="欢迎老年人和家属参加。",
            audiences=["elders"],
            areas=["31", "3101", "310114"],
            location=(31.38, 121.25),
            date=datetime(2025, 10, 10, tzinfo=UTC),
        ),
    ]


@pytest.fixture
def admin_client(client, db):
    """A Django test client logged in as a superuser (for the Wagtail admin)."""
    user = get_user_model().objects.create_superuser("searchadmin", "a@example.com", "pw")
    client.force_login(user)
    return client
