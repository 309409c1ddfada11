"""What the embedded engine leaves out to answer faster, and that the answers stay the same.

* the tabs of kinds that are not shown are only counted: no bm25, no tier passes;
* with ``near``, when the R*Tree found the page's nearest matches, the window's other
  matches of those kinds are not looked up (their distances cannot reach the page);
* the R*Tree's widening box reads positions for the points that match only: a box in a
  city holds thousands of other entries;
* a facet filter whose value few documents of the kind have is read as one set, not
  looked up for every text match; the answers are those of the lookups;
* a filter value no document of a kind has skips that kind's read (it scanned every
  row: 350 ms at 500,000 services), and is checked afresh on every search;
* browsing by a value few documents of the kind have reads that value's facet rows,
  not every row of the kind;
* ``geo.distance_from`` gives ``haversine_km``'s floats.
"""

from __future__ import annotations

import random

import pytest

from search.engines.embedded import EmbeddedEngine, planning, reader
from search.geo import haversine_km
from search.query import SearchQuery

from .conftest import doc, sample_documents


def _articles(n: int) -> list:
    return [
        doc(f"article:{100 + i}", title=f"睡眠小贴士 {i}", summary="失眠的人可以试试。", body="睡不着时别看手机。")
        for i in range(n)
    ]


def _rooms(n: int) -> list:
    rng = random.Random(7)
    return [
        doc(
            f"service:{200 + i}",
            kind="service",
            title=f"第{i}社区心理咨询室",
            summary="失眠和情绪困扰的心理咨询。",
            areas=["31", "3101", "310114"],
            location=(31.0 + rng.uniform(-0.5, 0.5), 121.3 + rng.uniform(-0.5, 0.5)),
        )
        for i in range(n)
    ] + [doc("service:299", kind="service", title="没有位置的心理咨询室", summary="失眠咨询。")]


@pytest.fixture
def engine(tmp_path):
    eng = EmbeddedEngine(tmp_path / "speed.sqlite3")
    eng.rebuild(sample_documents() + _articles(12) + _rooms(40))
    yield eng
    eng.close()


def _statements(engine, run):
    seen: list[str] = []
    conn = engine.connection()
    conn.set_trace_callback(seen.append)
    try:
        result = run()
    finally:
        conn.set_trace_callback(None)
    return result, seen


@pytest.mark.parametrize("window", [500, 5])  # 5: every kind's window is cut ("at least")
def test_tabs_not_shown_are_counted_without_ranking(engine, monkeypatch, window):
    monkeypatch.setattr(reader, "RESULT_WINDOW", window)
    shown, statements = _statements(engine, lambda: engine.search(SearchQuery(q="睡不着", kind="service")))
    article_reads = [s for s in statements if s.startswith("SELECT") and "FROM fts_article WHERE" in s]
    assert article_reads and not any("bm25" in s for s in article_reads)
    assert len(article_reads) == 1  # no exact-tier pass for a tab that is only counted
    assert shown.hits and {h.kind for h in shown.hits} == {"service"}
    # the counts are those of the same search showing every kind
    everything = engine.search(SearchQuery(q="睡不着"))
    assert shown.kind_counts == everything.kind_counts
    assert shown.kind_counts["article"] == min(window, 14)  # articles 1, 3 and the 12 tips


def test_with_a_radius_every_tab_is_still_filtered_by_distance(engine):
    near = (31.0, 121.3)
    query = SearchQuery(q="失眠", kind="article", near=near, radius_km=20)
    counted = engine.search(query).kind_counts
    rooms = [d for d in _rooms(40) if d.location and haversine_km(*near, *d.location) <= 20]
    assert counted["service"] == len(rooms) > 0


def _brute_force(near, docs, query_word="失眠"):
    located = [d for d in docs if d.location and query_word in d.summary + d.title]
    return [d.id for d in sorted(located, key=lambda d: haversine_km(*near, *d.location))]


def test_nearest_pages_skip_the_windows_farther_matches(engine, monkeypatch):
    monkeypatch.setattr(reader, "RESULT_WINDOW", 10)  # the rooms' window is cut: the R*Tree answers
    near = (31.05, 121.28)
    asked: list[int] = []
    positions = reader.ReaderMixin._positions

    def spy(conn, rids):
        asked.extend(rids)
        return positions(conn, rids)

    monkeypatch.setattr(reader.ReaderMixin, "_positions", staticmethod(spy))
    results = engine.search(SearchQuery(q="失眠", kind="service", near=near, per_page=4, page=2))
    expected = _brute_force(near, _rooms(40))
    assert [h.id for h in results.hits] == expected[4:8]
    assert all(h.distance_km == pytest.approx(haversine_km(*near, *h.location), abs=0) for h in results.hits)
    # none of the window's rooms was looked up again: the R*Tree gave the 8 nearest
    assert asked == []


def test_nearest_pages_are_the_same_past_the_nearest_found(engine, monkeypatch):
    monkeypatch.setattr(reader, "RESULT_WINDOW", 10)
    near = (31.05, 121.28)
    expected = _brute_force(near, _rooms(40))
    seen = []
    for page in (1, 2, 3):
        hits = engine.search(SearchQuery(q="失眠", kind="service", near=near, per_page=3, page=page)).hits
        seen.extend(h.id for h in hits)
    assert seen == expected[:9]


def test_the_widening_box_reads_positions_of_matching_points_only(tmp_path, monkeypatch):
    from search.engines.embedded import nearest

    rng = random.Random(11)
    others = [
        doc(
            f"service:{900 + i}",
            kind="service",
            title=f"第{i}社工站",
            summary="社区活动和志愿服务。",
            location=(31.05 + rng.uniform(-0.02, 0.02), 121.28 + rng.uniform(-0.02, 0.02)),
        )
        for i in range(60)
    ]
    eng = EmbeddedEngine(tmp_path / "box.sqlite3")
    eng.rebuild(sample_documents() + _rooms(40) + others)
    monkeypatch.setattr(reader, "RESULT_WINDOW", 10)
    read: list[int] = []
    positions = nearest.positions

    def spy(conn, rids):
        read.extend(rids)
        return positions(conn, rids)

    monkeypatch.setattr(nearest, "positions", spy)
    near = (31.05, 121.28)
    try:
        hits = eng.search(SearchQuery(q="失眠", kind="service", near=near, per_page=5)).hits
        ids = dict(eng.connection().execute("SELECT rid, id FROM docs").fetchall())
    finally:
        eng.close()
    assert [h.id for h in hits] == _brute_force(near, _rooms(40))[:5]
    stations = {d.id for d in others}
    assert read and not stations & {ids[rid] for rid in read}  # no 社工站: they don't match 失眠


@pytest.mark.parametrize("kind", ["article", "service", None])
def test_a_rare_facet_value_filters_as_one_set(tmp_path, monkeypatch, kind):
    docs = sample_documents() + [
        doc(
            f"article:{300 + i}", title=f"睡眠{i}", summary="失眠怎么办。", audiences=["elders"] if i % 3 else ["youth"]
        )
        for i in range(30)
    ]
    eng = EmbeddedEngine(tmp_path / "facets.sqlite3")
    eng.rebuild(docs + _rooms(12))
    query = SearchQuery(q="失眠", kind=kind, filters={"audience": ["elders"]})
    try:
        as_set, statements = _statements(eng, lambda: eng.search(query))
        monkeypatch.setattr(planning, "FACET_SET_MAX", -1)  # every value is "common": one lookup a row
        eng._df.clear()
        looked_up, lookups = _statements(eng, lambda: eng.search(query))
    finally:
        eng.close()
    reads = [s for s in statements if "MATCH" in s and "FROM facet" in s]
    assert reads and all("+rowid IN (SELECT rid FROM facet" in s and "EXISTS" not in s for s in reads)
    assert all("EXISTS (SELECT 1 FROM facet" in s for s in lookups if "MATCH" in s and "FROM facet" in s)
    assert [h.id for h in as_set.hits] == [h.id for h in looked_up.hits]
    assert as_set.hits and all("elders" in h.audiences for h in as_set.hits)
    assert as_set.kind_counts == looked_up.kind_counts and as_set.facets == looked_up.facets


def test_the_box_grows_with_the_density_found_and_the_answer_does_not_change(tmp_path, monkeypatch):
    from search.engines.embedded import nearest

    rng = random.Random(5)
    # a few rooms near the point, a dense town 20-30 km away, a sparse ring beyond
    spots = [(31.0 + rng.uniform(-0.01, 0.01), 121.3 + rng.uniform(-0.01, 0.01)) for _ in range(6)]
    spots += [(31.22 + rng.uniform(-0.04, 0.04), 121.3 + rng.uniform(-0.04, 0.04)) for _ in range(120)]
    spots += [(31.0 + rng.uniform(-1, 1), 121.3 + rng.uniform(-1, 1)) for _ in range(40)]
    rooms = [
        doc(f"service:{500 + i}", kind="service", title=f"第{i}心理咨询室", summary="失眠咨询。", location=spot)
        for i, spot in enumerate(spots)
    ]
    eng = EmbeddedEngine(tmp_path / "growth.sqlite3")
    eng.rebuild(rooms)
    monkeypatch.setattr(reader, "RESULT_WINDOW", 10)
    boxes: list[float] = []
    box = nearest.bounding_box

    def spy(lat, lng, radius):
        boxes.append(radius)
        return box(lat, lng, radius)

    monkeypatch.setattr(nearest, "bounding_box", spy)
    answers = {}
    try:
        for growth in ((1.25, 2.5), (2.5, 2.5)):  # by density; always ×2.5
            monkeypatch.setattr(nearest, "MIN_GROWTH", growth[0])
            monkeypatch.setattr(nearest, "MAX_GROWTH", growth[1])
            boxes.clear()
            query = SearchQuery(q="失眠", kind="service", near=(31.0, 121.3), per_page=10)
            answers[growth] = ([h.id for h in eng.search(query).hits], list(boxes))
    finally:
        eng.close()
    expected = [d.id for d in sorted(rooms, key=lambda d: haversine_km(31.0, 121.3, *d.location))][:10]
    (by_density, density_boxes), (fixed, fixed_boxes) = answers[(1.25, 2.5)], answers[(2.5, 2.5)]
    assert by_density == fixed == expected
    assert density_boxes[-1] < fixed_boxes[-1], (density_boxes, fixed_boxes)  # a smaller last box: fewer points


def _browse_engine(tmp_path):
    rooms = _rooms(30)
    for i, room in enumerate(rooms[:-1]):
        room.audiences = ["elders"] if i % 10 == 0 else ["youth"]
        room.facets = {"service_kind": ["clinic" if i % 7 == 0 else "room"]}
    eng = EmbeddedEngine(tmp_path / "browse.sqlite3")
    eng.rebuild(sample_documents() + _articles(8) + rooms)
    return eng


@pytest.mark.parametrize(
    "filters",
    [
        {"audience": ["elders"]},
        {"audience": ["elders", "perinatal"]},
        {"service_kind": ["clinic"], "audience": ["youth"]},
        {"service_kind": ["clinic"], "area": ["310114"]},
        {"topic": ["sleep"]},
    ],
)
def test_browsing_by_a_rare_value_reads_its_facet_rows_with_the_same_answer(tmp_path, monkeypatch, filters):
    eng = _browse_engine(tmp_path)
    try:
        query = SearchQuery(q="", filters=filters, per_page=50)
        driven, statements = _statements(eng, lambda: eng.search(query))
        monkeypatch.setattr(planning, "FACET_SET_MAX", -1)  # every value "common": the kind's rows, one by one
        eng._df.clear()
        scanned = eng.search(query)
    finally:
        eng.close()
    assert [h.id for h in driven.hits] == [h.id for h in scanned.hits]
    assert driven.kind_counts == scanned.kind_counts and driven.facets == scanned.facets
    reads = [s for s in statements if s.startswith("SELECT DISTINCT fi.rid, 0.0 FROM facet AS fi")]
    assert reads  # driven from the facet rows


def test_a_value_the_kind_lacks_skips_its_read_and_is_checked_afresh(tmp_path):
    eng = _browse_engine(tmp_path)
    try:
        query = SearchQuery(q="", filters={"service_kind": ["hotline"]})
        empty, statements = _statements(eng, lambda: eng.search(query))
        assert empty.total == 0 and not empty.hits
        assert not [s for s in statements if "FROM docs WHERE docs.kind" in s]  # no kind read row by row
        with_text = eng.search(SearchQuery(q="心理咨询室", filters={"service_kind": ["hotline"]}))
        assert with_text.total == 0
        # the first hotline is indexed after the counts were cached: found at once
        eng.index([doc("service:777", kind="service", title="心理援助热线", facets={"service_kind": ["hotline"]})])
        assert [h.id for h in eng.search(query).hits] == ["service:777"]
        assert [h.id for h in eng.search(SearchQuery(q="热线", filters={"service_kind": ["hotline"]})).hits] == [
            "service:777"
        ]
    finally:
        eng.close()


def test_distance_from_gives_haversine_floats():
    from search.geo import distance_from

    rng = random.Random(3)
    for _ in range(2000):
        lat1, lng1 = rng.uniform(-89, 89), rng.uniform(-180, 180)
        distance = distance_from(lat1, lng1)
        for _ in range(3):
            lat2, lng2 = rng.uniform(-89, 89), rng.uniform(-180, 180)
            assert distance(lat2, lng2) == haversine_km(lat1, lng1, lat2, lng2)
    assert distance_from(31.0, 121.0)(31.0, 121.0) == 0.0
