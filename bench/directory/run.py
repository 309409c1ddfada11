"""Time the directory's public pages, HSDS API and coverage on the generated data, check the
query plans use indexes, and check that the spreadsheet import streams (flat memory).

    .venv/bin/python bench/directory/run.py            # after generate.py
    .venv/bin/python bench/directory/run.py --reindex  # rebuild the bench's search index first

The directory's text box and the HSDS ``search`` parameter ask the search index; the
first run builds it from the database with ``search_reindex`` and reports the rate.

Prints a Markdown table (median of 5 runs after one warm-up, queries per request, and
whether any query plan scans the service-point table without an index).
"""

import csv
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.directory.common import setup

RUNS = 5


def explain(connection, sql: str, params) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN " + sql, params)
        return [row[0] for row in cursor.fetchall()]


def full_scans(connection, captured) -> list[str]:
    """Plan lines that read the whole service-point (or child) table without an index."""
    bad = []
    for query in captured:
        sql = query["sql"]
        if "directory_" not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        # Re-run EXPLAIN with the raw SQL Django produced (parameters already inlined by the
        # debug cursor, so run it as-is).
        try:
            plan = explain(connection, sql, ())
        except Exception as exc:
            bad.append(f"(explain failed: {exc})")
            continue
        for line in plan:
            text = line.upper()
            if connection.vendor == "sqlite":
                if (
                    text.startswith("SCAN")
                    and "DIRECTORY_SERVICEPOINT" in text.split(" USING")[0]
                    and "INDEX" not in text
                ):
                    bad.append(line)
            elif "SEQ SCAN ON DIRECTORY_SERVICEPOINT " in text + " ":
                bad.append(line)
    return bad


def time_get(client, connection, url):
    from django.db import reset_queries
    from django.test.utils import CaptureQueriesContext

    # A unique parameter per request: the anonymous page cache must not answer for us.
    sep = "&" if "?" in url else "?"
    client.get(f"{url}{sep}_bench=warm")
    times = []
    for run in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(f"{url}{sep}_bench={run}")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), len(ctx.captured_queries), full_scans(connection, ctx.captured_queries)


def ensure_search_index(force: bool) -> None:
    """Index the public entries from the database (``search_reindex``), timing it, when
    the bench's index does not hold them all (or ``--reindex``)."""
    import os

    from django.core.management import call_command

    from content.directory.models import ServicePoint
    from search.index import get_engine

    public = ServicePoint.objects.public().count()
    engine = get_engine("embedded")
    if not force and engine.count() == public:
        print(f"search index: {public:,} entries, up to date ({engine.path})\n")
        return
    workers = min(4, os.cpu_count() or 1)
    started, load = time.perf_counter(), os.getloadavg()[0]
    call_command("search_reindex", "--engine", "embedded", "--workers", str(workers))
    seconds = time.perf_counter() - started
    print(
        f"search_reindex from the database: {public:,} entries in {seconds:.1f} s = {public / seconds:,.0f} "
        f"entries/s with {workers} analysis workers (load average {load:.1f} → {os.getloadavg()[0]:.1f})\n"
    )


def main():
    url = setup()
    from django.db import connection, transaction
    from django.test import Client

    from content.directory.coverage import compute
    from content.directory.hsds import stable_id
    from content.directory.models import ServicePoint
    from content.directory.queries import nearest_services
    from content.directory.spreadsheet import COLUMNS, import_file
    from content.reference.models import AdminArea

    total = ServicePoint.objects.count()
    print(f"database: {url} ({connection.vendor}); service points: {total:,}\n")
    ensure_search_index("--reindex" in sys.argv)
    client = Client()
    county = AdminArea.objects.filter(level=3).order_by("code")[100]
    township = AdminArea.objects.filter(parent=county, level=4).order_by("code").first()
    sp = ServicePoint.objects.public().order_by("-pk").first()
    village = AdminArea.objects.filter(parent=township, level=5).order_by("code").first()
    kind_term = stable_id("term", "anxin-service-kind", "hospital_clinic")
    pages = [
        ("directory home, page 1", "/fuwu/"),
        ("directory home, page 200", "/fuwu/?page=200"),
        ("filter: county", f"/fuwu/?county={county.code}"),
        ("filter: county + township", f"/fuwu/?county={county.code}&township={township.code}"),
        ("filter: kind (hospital clinic)", "/fuwu/?kind=hospital_clinic"),
        ("filter: audience", "/fuwu/?audience=elders"),
        ("filter: 24-hour", "/fuwu/?is_24h=on"),
        ("filter: open now", "/fuwu/?open_now=on"),
        ("filter: county + kind + open now", f"/fuwu/?county={county.code}&kind=consultation_room&open_now=on"),
        ("search box: a village's name", f"/fuwu/?q=村{village.code}"),
        ("search box: a common word", "/fuwu/?q=心理咨询室"),
        ("search box: common word + county", f"/fuwu/?q=心理咨询室&county={county.code}"),
        ("search box: common word, page 10", "/fuwu/?q=心理咨询室&page=10"),
        ("detail page", f"/fuwu/{sp.pk}/"),
        ("hotlines page", "/fuwu/rexian/"),
        ("HSDS /services per_page=50", "/api/hsds/services?per_page=50"),
        ("HSDS /services search", "/api/hsds/services?search=心理咨询室&per_page=50"),
        ("HSDS /services page 1000", "/api/hsds/services?per_page=50&page=1000"),
        ("HSDS /services taxonomy_term_id", f"/api/hsds/services?taxonomy_term_id={kind_term}"),
        ("HSDS /services modified_after", "/api/hsds/services?modified_after=2099-01-01"),
        ("HSDS /services/{id}", f"/api/hsds/services/{sp.uuid}"),
        ("HSDS /service_at_locations", "/api/hsds/service_at_locations?per_page=50"),
        ("HSDS /organizations", "/api/hsds/organizations"),
    ]
    print("| request | median ms | queries | full scans of service points |")
    print("|---|---:|---:|---|")
    for label, path in pages:
        ms, queries, scans = time_get(client, connection, path)
        print(f"| {label} `{path}` | {ms:.1f} | {queries} | {'; '.join(scans) or 'none'} |")

    # The HSDS totals are cached until the directory changes: what the first request
    # after a change pays (an exact COUNT of the public rows).
    from content.directory.counts import directory_changed

    for label, path in [
        ("HSDS /services per_page=50, first request after a change", "/api/hsds/services?per_page=50"),
        ("HSDS /service_at_locations, first request after a change", "/api/hsds/service_at_locations?per_page=50"),
    ]:
        times = []
        for run in range(RUNS):
            directory_changed()
            started = time.perf_counter()
            assert client.get(f"{path}&_bench=c{run}").status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        print(f"| {label} `{path}` | {statistics.median(times):.1f} | 7 | — |")

    started = time.perf_counter()
    report = compute(county)
    print(
        f"| coverage report, one county ({report.villages_total} villages) | "
        f"{(time.perf_counter() - started) * 1000:.1f} | 4 | — |"
    )
    started = time.perf_counter()
    near = nearest_services(31.3, 121.3, limit=5, radius_km=30)
    print(f"| nearest_services(31.3, 121.3) → {len(near)} | {(time.perf_counter() - started) * 1000:.1f} | 1–3 | — |")

    # Import streaming: peak Python memory for a small and a 10× larger file.
    villages = list(AdminArea.objects.filter(level=5).values_list("code", flat=True)[:5000])
    print("\n| spreadsheet import rows | seconds (validate + write) | rows/s | peak traced memory MiB |")
    print("|---:|---:|---:|---:|")
    for rows in (1_000, 5_000):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "import.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow([header for _k, header, _r, _e in COLUMNS])
                for i in range(rows):
                    writer.writerow(
                        [
                            "",
                            f"导入测试点{i}",
                            "consultation_room",
                            "",
                            villages[i % len(villages)],
                            "某路1号",
                            "31.3",
                            "121.3",
                            "预约：021-59990000",
                            "1-5 09:00-17:00",
                            "",
                            "",
                            "",
                            "免费",
                            "",
                            "",
                            "",
                            "active",
                            "2025-09-01",
                            "",
                            "",
                            "是",
                        ]
                    )
            tracemalloc.start()
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    import_file(path)
                    raise RuntimeError("rollback")  # keep the bench database unchanged
            except RuntimeError:
                pass
            seconds = time.perf_counter() - started
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"| {rows:,} | {seconds:.1f} | {rows / seconds:,.0f} | {peak / 2**20:.1f} |")


if __name__ == "__main__":
    main()
