"""Time the events spreadsheet import: N rows (events with attendance) into a fresh
database, then the same file again (nothing changes), and optionally a cProfile of the
first import.

    .venv/bin/python bench/events/import_bench.py                 # 1,000 rows, SQLite
    .venv/bin/python bench/events/import_bench.py --rows 5000 --profile
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/anxin_events_import_bench \\
        .venv/bin/python bench/events/import_bench.py

The database is ``BENCH_DATABASE_URL`` (default: SQLite var/bench/events-import.sqlite3,
recreated each run). Prints a Markdown table: validate (read_file) and write
(write_records, incl. the search-index and page-cache work after the commit) seconds,
rows/s, and the queries each took.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "var" / "bench" / "events-import.sqlite3"


def setup() -> str:
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    if url.startswith("sqlite:///"):
        db = Path(url.removeprefix("sqlite:///"))
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SEARCH_EMBEDDED_PATH", str(DEFAULT_DB.parent / "events-import-search.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return url


def fixtures():
    from wagtail.models import Page, Site

    from content.events.models import EventIndexPage
    from content.home.models import HomePage
    from content.reference.models import AdminArea, Audience, Organization

    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="安心", slug="anxin-bench")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(is_default_site=True, defaults={"hostname": "localhost", "root_page": home})
    index = EventIndexPage(title="活动", slug="huodong")
    home.add_child(instance=index)
    index.save_revision().publish()
    for code, name in (("310000000000", "上海市"), ("310114000000", "嘉定区"), ("310114102000", "南翔镇")):
        AdminArea.objects.get_or_create(code=code, defaults={"name": name})
    villages = []
    for n in range(1, 21):
        area, _ = AdminArea.objects.get_or_create(code=f"310114102{n:03d}", defaults={"name": f"南翔第{n}村"})
        villages.append(area.code)
    organization, _ = Organization.objects.get_or_create(name="南翔镇社区卫生服务中心")
    Audience.objects.get_or_create(name="老年人", defaults={"slug": "elderly"})
    return index, organization, villages


def write_file(path: Path, rows: int, organization: str, villages: list[str]) -> None:
    from content.events.spreadsheet import headers

    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers())
        for n in range(rows):
            day = 1 + n % 28
            month = 1 + (n // 28) % 12
            writer.writerow(
                [
                    "",
                    f"心理健康讲座 第{n + 1}场",
                    "讲座",
                    "",
                    f"2023-{month:02d}-{day:02d} {8 + n % 10:02d}:{n % 60:02d}",
                    f"2023-{month:02d}-{day:02d} {9 + n % 10:02d}:{n % 60:02d}",
                    villages[n % len(villages)],
                    "",
                    organization,
                    "社区活动室",
                    "",
                    "老年人",
                    "",
                    "",
                    100 + n % 400,
                    n % 50,
                    80,
                    3,
                ]
            )


def timed(function, *args, **kwargs):
    from django.db import connection, reset_queries

    reset_queries()
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started, len(connection.queries)


class Stopwatch:
    """Seconds spent inside some functions of the import (wrapped for the first run)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    def wrap(self, owner, name: str, label: str):
        original = getattr(owner, name)

        def timed_call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed_call)
        return original


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of the first write")
    args = parser.parse_args()
    url = setup()
    from django.conf import settings
    from django.db import connection

    from content.events.importing import write_records
    from content.events.spreadsheet import read_file

    settings.DEBUG = True  # count queries
    connection.force_debug_cursor = True
    index, organization, villages = fixtures()
    user = _Admin()
    path = DEFAULT_DB.parent / f"events-import-{args.rows}.csv"
    write_file(path, args.rows, organization.name, villages)
    lines = [
        f"database: {url.split('@')[-1]}, {args.rows} rows",
        "",
        "| run | validate s (queries) | write s (queries) | total rows/s | created / updated / unchanged |",
        "|---|---|---|---|---|",
    ]
    from content.events import importing
    from content.events.models import EventPage

    watch = Stopwatch()
    watch.wrap(EventPage, "save", "page rows (EventPage.save: treebeard path given, 2 INSERTs, signals)")
    watch.wrap(importing, "_write_reports", "attendance reports, their revisions and log entries, figures copied")
    watch.wrap(importing, "update_many", "UPDATEs by executemany (revision ids, figures)")
    watch.wrap(importing, "after_import", "after commit: site search + Wagtail search index + one cache bump")
    from wagtail.models import Revision

    watch.wrap(Revision.objects, "bulk_create", "revisions (bulk_create, pages and reports)")
    for run in ("first import", "same file again"):
        (records, _encoding), validate_s, validate_q = timed(read_file, path, user)
        profile = cProfile.Profile() if args.profile and run == "first import" else None
        if profile:
            profile.enable()
        result, write_s, write_q = timed(write_records, records, user=None, index_page=index)
        if profile:
            profile.disable()
        rate = args.rows / (validate_s + write_s)
        lines.append(
            f"| {run} | {validate_s:.2f} ({validate_q}) | {write_s:.2f} ({write_q}) | **{rate:,.0f}** | "
            f"{result.created} / {result.updated} / {result.unchanged} |"
        )
        if profile:
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(35)
        if run == "first import":
            breakdown = dict(watch.seconds)
    lines += ["", "| first import, part of the write | seconds |", "|---|---|"]
    lines += [f"| {label} | {seconds:.2f} |" for label, seconds in sorted(breakdown.items(), key=lambda kv: -kv[1])]
    print("\n".join(lines))


class _Admin:
    """Imports for every organization (like an administrator or the command line)."""

    is_authenticated = True
    is_active = True

    def has_perm(self, perm, obj=None):
        return True


if __name__ == "__main__":
    main()
