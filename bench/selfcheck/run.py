"""Self-check questionnaires: server time, queries and bytes for the form and the result.

    .venv/bin/python -m bench.selfcheck.run [--repeat 50] [--rebuild]

Uses its own database (``var/bench-selfcheck.sqlite3``, or ``DATABASE_URL`` if set — give
PostgreSQL its own database name) with the demo content the result draws on: Jiading's
areas, the directory, the articles and the three questionnaires. Each request goes
through Django's test client (full stack: middleware, Wagtail routing, template); the
median and the worst of ``--repeat`` runs are printed with the query count and the
page weight (HTML, and HTML + the self-check CSS/JS, raw and gzip-compressed) that a
slow phone downloads.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMOS = [
    "content.reference.demo",
    "content.home.demo",
    "content.directory.demo",
    "content.articles.demo",
    "content.selfcheck.demo",
]


def setup(database_url: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{ROOT / 'var' / 'bench-selfcheck.sqlite3'}"
    import django

    django.setup()


def build(rebuild: bool) -> None:
    import importlib

    from django.core.management import call_command
    from django.db import connection, transaction
    from wagtail.models import Page

    if rebuild and connection.vendor == "sqlite":
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    # Wagtail's placeholder page already has the slug the home demo wants.
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").update(slug="wagtail-welcome")
    with transaction.atomic():
        for module in DEMOS:
            importlib.import_module(module).load(lambda message: None)


def timed(call, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, response = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), max(times), queries, response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    setup(args.database_url)
    build(args.rebuild)

    from django.test import Client

    from content.selfcheck.models import QuestionnairePage

    static = ROOT / "content" / "selfcheck" / "static" / "selfcheck"
    assets = b"".join((static / name).read_bytes() for name in ("selfcheck.css", "selfcheck.js"))
    client = Client()
    print(f"{'request':<44} {'median ms':>9} {'worst ms':>9} {'queries':>7} {'HTML KB':>8} {'+assets gz KB':>13}")
    for page in QuestionnairePage.objects.live().order_by("path"):
        form = client.get(page.url)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.content).group(1).decode()
        count = len(page.instrument().questions)
        answers = {f"q{n}": "2" for n in range(1, count + 1)}
        cases = [
            ("GET form", lambda page=page: client.get(page.url)),
            (
                "POST result (area)",
                lambda page=page, a=answers, t=token: client.post(
                    page.url, {**a, "csrfmiddlewaretoken": t, "area": "310114102000"}
                ),
            ),
            (
                "POST result (location)",
                lambda page=page, a=answers, t=token: client.post(
                    page.url, {**a, "csrfmiddlewaretoken": t, "lat": "31.2980", "lng": "121.3180"}
                ),
            ),
            (
                "POST incomplete",
                lambda page=page, t=token: client.post(page.url, {"q1": "1", "csrfmiddlewaretoken": t}),
            ),
        ]
        for label, call in cases:
            median, worst, queries, content = timed(call, args.repeat)
            weight = len(gzip.compress(content)) + len(gzip.compress(assets))
            name = f"{page.short_name} {label}"
            print(
                f"{name:<44} {median:9.1f} {worst:9.1f} {queries:7d} {len(content) / 1024:8.1f} {weight / 1024:13.1f}"
            )


if __name__ == "__main__":
    main()
