"""Events at scale: build N events with reports, then time every report and public list.

    .venv/bin/python -m bench.events.run [--events 100000] [--rebuild] [--repeat 3]

Uses its own database (``var/bench-events.sqlite3``, or ``DATABASE_URL`` if set — give
PostgreSQL its own database name). Builds it once: migrate, the reference demo (Jiading's
areas, audiences, organizations), a home page and an events index, then
``bench.events.generate`` inserts the events in bulk with a progress bar. Every report is
then run ``--repeat`` times after a warm-up; the best and worst wall time and the best CPU
time (this process — SQLite runs inside it — plus the local PostgreSQL backend, parallel
workers off) are printed, the CPU time against the 1-second budget, with the load
average. The admin page and the downloads are timed through Django's test client (full
request: aggregates, SVG charts, template, CSV/XLSX).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUDGET = 1.0


def setup(database_url: str | None):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{ROOT / 'var' / 'bench-events.sqlite3'}"
    import django

    django.setup()


def build(count: int, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page, Site

    from content.events.models import EventIndexPage, EventPage

    if rebuild and connection.vendor == "sqlite":
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    existing = EventPage.objects.count()
    if existing >= count:
        print(f"database already holds {existing:,} events")
        return
    from content.home.models import HomePage
    from content.reference import demo as reference_demo

    reference_demo.load(print)
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="安心", slug="bench-home")
        Page.get_first_root_node().add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
    index = EventIndexPage.objects.first()
    if index is None:
        index = EventIndexPage(title="活动", slug="huodong")
        home.add_child(instance=index)
        index.save_revision().publish()
    from bench.events.generate import generate

    started = time.perf_counter()
    generate(index, count - existing)
    print(f"generated {count - existing:,} events in {time.perf_counter() - started:.1f} s")


def server_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (0 on SQLite or a remote server).

    Read from /proc/<backend pid>/schedstat (nanoseconds on CPU), so it only works when the
    server runs on this machine; the bench turns parallel workers off so that the backend
    does all of a query's work.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid  # psycopg 3
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def timed(label: str, function, repeat: int, results: list) -> None:
    """Best wall and CPU time of ``repeat`` runs after a warm-up. CPU = this process
    (Python, and SQLite, which runs inside it) + the PostgreSQL backend when local."""
    function()  # warm-up: templates, admin menu, database page cache
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu, started_server = time.perf_counter(), time.process_time(), server_cpu()
        function()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu + server_cpu() - started_server)
    results.append((label, min(times), max(times), min(cpu)))
    flag = "ok" if min(cpu) < BUDGET else "OVER 1 s"
    print(
        f"  {label:<46} wall best {min(times) * 1000:7.1f} ms  worst {max(times) * 1000:7.1f} ms"
        f"  cpu {min(cpu) * 1000:7.1f} ms  {flag}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup(os.environ.get("DATABASE_URL"))

    build(args.events, args.rebuild)

    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    # Fresh planner statistics (the generator and migrations change the tables), and on
    # PostgreSQL a vacuumed visibility map for index-only scans, as autovacuum would leave it.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    if connection.vendor == "postgresql":
        from django.db.backends.signals import connection_created

        connection_created.connect(_serial_queries)
        connection.close()
    print(
        f"load average {_load()} on {os.cpu_count()} cores at the start;"
        " CPU ms is what one request costs on an idle core (wall ms grows with the load)"
    )

    from content.events import reports
    from content.events.models import AttendanceReport, EventIndexPage, EventPage
    from content.events.queries import upcoming_events
    from content.events.scoping import set_user_organization
    from content.reference.models import Organization

    User = get_user_model()
    superuser = User.objects.filter(username="bench-root").first() or User.objects.create_superuser(
        "bench-root", "root@bench.invalid", "x"
    )
    organizer = User.objects.filter(username="bench-organizer").first() or User.objects.create_user(
        "bench-organizer", "org@bench.invalid", "x"
    )
    from django.contrib.auth.models import Group

    organizer.groups.add(Group.objects.get(name="活动组织者"))
    set_user_organization(organizer, Organization.objects.order_by("pk").first())
    print(
        f"{connection.vendor}: {EventPage.objects.count():,} events, {AttendanceReport.objects.count():,} reports",
        flush=True,
    )

    year = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    everything = (datetime.date(2023, 1, 1), datetime.date(2026, 12, 31))
    results: list = []
    for label, (first, last) in (("2025", year), ("2023–2026", everything)):
        queryset = reports.base_queryset(superuser, first, last)
        print(f"reports, {label} ({queryset.count():,} events):")
        timed("by month", lambda q=queryset: reports.by_month(q), args.repeat, results)
        timed("by campaign", lambda q=queryset: reports.by_campaign(q), args.repeat, results)
        timed("by area (township)", lambda q=queryset: reports.by_area(q, 4), args.repeat, results)
        timed("by area (village)", lambda q=queryset: reports.by_area(q, 5), args.repeat, results)
        timed("by organizer", lambda q=queryset: reports.by_organizer(q), args.repeat, results)
        timed("by audience (+ breakdown)", lambda q=queryset: reports.by_audience(q), args.repeat, results)
        timed("by kind", lambda q=queryset: reports.by_kind(q), args.repeat, results)
        timed("totals", lambda q=queryset: reports.totals(q), args.repeat, results)
    timed("campaign progress (all campaigns)", lambda: reports.campaign_progress(superuser), args.repeat, results)

    client = Client()
    client.force_login(superuser)
    url = "/admin/events/reports/?date_from=2025-01-01&date_to=2025-12-31&area_level=4"
    wide = "/admin/events/reports/?date_from=2023-01-01&date_to=2026-12-31&area_level=5"
    print("admin reports page, one tab each (totals, the table and its chart, campaign progress; whole request):")
    for key in reports.DIMENSIONS:
        timed(f"reports page, tab {key}, 2025", lambda k=key: _ok(client.get(f"{url}&table={k}")), args.repeat, results)
        timed(
            f"reports page, tab {key}, 2023–2026, villages",
            lambda k=key: _ok(client.get(f"{wide}&table={k}")),
            args.repeat,
            results,
        )
    timed("CSV (by month)", lambda: _ok(client.get(url + "&format=csv&table=month")), args.repeat, results)
    timed("XLSX (all tables)", lambda: _ok(client.get(url + "&format=xlsx")), args.repeat, results)
    timed("attendance report listing", lambda: _ok(client.get("/admin/snippets/events/attendancereport/")), 2, results)
    organizer_client = Client()
    organizer_client.force_login(organizer)
    timed("reports page, organizer (scoped), 2025", lambda: _ok(organizer_client.get(url)), args.repeat, results)

    index = EventIndexPage.objects.first()
    public = Client()
    print("public pages (anonymous; the test settings turn the page cache off, so all uncached):")
    timed("upcoming list", lambda: _ok(public.get(index.url)), args.repeat, results)
    timed(
        "upcoming list, area + audience filter",
        lambda: _ok(public.get(index.url + "?area=310114102000&audience=elders")),
        args.repeat,
        results,
    )
    timed("month view 2025-10", lambda: _ok(public.get(index.url + "month/2025-10/")), args.repeat, results)
    timed("past events with reach (+ totals)", lambda: _ok(public.get(index.url + "past/")), args.repeat, results)
    staff = Client()
    staff.force_login(superuser)  # logged in: Wagtail's user bar too
    timed("past events, logged in", lambda: _ok(staff.get(index.url + "past/")), args.repeat, results)
    timed("campaign page bench-2025", lambda: _ok(public.get(index.url + "campaign/bench-2025/")), args.repeat, results)
    timed("iCalendar feed (all, capped 1,000)", lambda: _ok(public.get("/calendar/events.ics")), args.repeat, results)
    timed("upcoming_events(area_code=310114102)", lambda: upcoming_events(area_code="310114102"), args.repeat, results)
    over = [label for label, _best, _worst, cpu in results if cpu >= BUDGET]
    print(f"load average {_load()} at the end")
    print("all under 1 s CPU" if not over else f"over budget (CPU): {', '.join(over)}")


def _serial_queries(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")  # all the work in the measured backend


def _load() -> str:
    return " / ".join(f"{value:.1f}" for value in os.getloadavg())


def _ok(response):
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code}")
    return response


if __name__ == "__main__":
    main()
