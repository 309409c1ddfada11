"""The SQLite-file cache backend: Django's cache API, shared by processes, atomic counters."""

import multiprocessing
import time

import pytest

from anxin.cache.sqlite import SQLiteCache


@pytest.fixture
def make_cache(tmp_path):
    def make(**options):
        return SQLiteCache(str(tmp_path / "cache.sqlite3"), {"OPTIONS": options, "KEY_PREFIX": "t"})

    return make


def test_the_cache_api(make_cache):
    cache = make_cache()
    assert cache.get("missing", "default") == "default"
    cache.set("page", {"title": "失眠怎么办", "body": b"\x00" * 10}, 60)
    assert cache.get("page") == {"title": "失眠怎么办", "body": b"\x00" * 10}
    assert cache.add("page", "other") is False
    assert cache.add("new", 7) is True and cache.get("new") == 7
    assert cache.incr("new", 3) == 10 and cache.decr("new") == 9
    cache.set_many({"a": 1, "b": [2]}, 60)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
    assert cache.has_key("a") and not cache.has_key("c")
    cache.delete_many(["a", "b"])
    assert cache.get_many(["a", "b"]) == {}
    assert cache.delete("page") is True and cache.delete("page") is False
    with pytest.raises(ValueError):
        cache.incr("absent")
    cache.set("float", 1.5)
    assert cache.incr("float") == 2.5  # not an integer: read and written under one lock
    cache.set("flag", True)
    assert cache.get("flag") is True  # bools stay bools (only ints are stored as integers)
    cache.clear()
    assert cache.get("new") is None


def test_expiry_add_and_touch(make_cache):
    cache = make_cache()
    cache.set("short", "x", 1)
    assert cache.get("short") == "x"
    time.sleep(1.1)
    assert cache.get("short") is None and not cache.has_key("short")
    assert cache.add("short", "again", 60) is True  # an expired row can be taken by add
    with pytest.raises(ValueError):
        cache.set("gone", 1, 1)
        time.sleep(1.1)
        cache.incr("gone")
    cache.set("forever", 1, None)
    assert cache.touch("forever", 1) is True
    time.sleep(1.1)
    assert cache.get("forever") is None
    cache.set("zero", 1, 0)  # timeout 0: expires at once, as Django's backends do
    assert cache.get("zero") is None


def test_culling_keeps_the_rows_that_never_expire(make_cache):
    cache = make_cache(MAX_ENTRIES=50, CULL_EVERY=10)
    cache.set("generation", 123, None)
    for number in range(200):
        cache.set(f"page{number}", number, 300 + number)
    db = cache._db()
    (count,) = db.execute("SELECT count(*) FROM cache_entry").fetchone()
    assert count <= 60
    assert cache.get("generation") == 123
    assert cache.get("page199") == 199  # the ones that expire latest survive


def _count_up(path, times, results):
    cache = SQLiteCache(path, {"KEY_PREFIX": "t"})
    results.put([cache.incr("counter") for _ in range(times)])


def _take_slot(path, results):
    cache = SQLiteCache(path, {"KEY_PREFIX": "t"})
    results.put(cache.add("slot", "mine", 60))


def test_counters_and_add_are_exact_across_processes(tmp_path):
    path = str(tmp_path / "cache.sqlite3")
    SQLiteCache(path, {"KEY_PREFIX": "t"}).set("counter", 0, None)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [context.Process(target=_count_up, args=(path, 200, results)) for _ in range(4)]
    takers = [context.Process(target=_take_slot, args=(path, results)) for _ in range(6)]
    for process in workers + takers:
        process.start()
    outcomes = [results.get(timeout=60) for _ in workers + takers]
    for process in workers + takers:
        process.join(timeout=60)
    counts = [value for outcome in outcomes if isinstance(outcome, list) for value in outcome]
    assert sorted(counts) == list(range(1, 801))  # every increment seen exactly once
    assert [outcome for outcome in outcomes if isinstance(outcome, bool)].count(True) == 1
    assert SQLiteCache(path, {"KEY_PREFIX": "t"}).get("counter") == 800


def test_a_forked_child_opens_its_own_connection(make_cache):
    cache = make_cache()
    cache.set("before-fork", 1)
    parent_connection = cache._db()
    context = multiprocessing.get_context("fork")
    results = context.Queue()

    def child():
        results.put((cache._db() is not parent_connection, cache.get("before-fork"), cache.incr("before-fork")))

    process = context.Process(target=child)
    process.start()
    process.join(timeout=30)
    assert results.get(timeout=5) == (True, 1, 2)
    assert cache.get("before-fork") == 2


def test_culling_bounds_the_bytes_and_gives_the_space_back(make_cache, tmp_path):
    """A flood of distinct URLs (junk query strings) cannot fill the disk."""
    cache = make_cache(MAX_ENTRIES=100000, MAX_BYTES=2_000_000, CULL_EVERY=20)
    cache.set("generation", 1, None)
    page = b"x" * 150_000  # an HSDS page
    for number in range(200):  # 30 MB offered
        cache.set(f"junk{number}", page, 300)
    db = cache._db()
    (size,) = db.execute("SELECT coalesce(sum(length(value)), 0) FROM cache_entry").fetchone()
    assert size <= 2_000_000 + 20 * 150_000  # the bound, plus what arrived since the last cull
    assert cache.get("generation") == 1
    file_size = (tmp_path / "cache.sqlite3").stat().st_size + (tmp_path / "cache.sqlite3-wal").stat().st_size
    assert file_size < 70_000_000  # freed pages go back (auto_vacuum), the WAL is bounded
