"""The area chooser at national scale: 620,000 synthetic areas, then timed chooser requests.

    .venv/bin/python bench/reference/areas.py generate   # ~620,000 areas + name pieces
    .venv/bin/python bench/reference/areas.py run        # times the chooser's requests

Database: ``BENCH_DATABASE_URL`` (default SQLite var/bench/areas.sqlite3). The areas
follow the national shape (31 provinces, ~340 cities, ~2,900 counties, ~38,000 townships,
~580,000 villages) with random place names, plus Jiading's real codes and names
(site/demo/areas-310114.csv). Each request goes through the real admin chooser view
(Django's test client, logged in as an organizer); p50/p95 of 40 requests per kind.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "var" / "bench" / "areas.sqlite3"
CHARS = (
    "东南西北中新华安平和兴福康宁光明长江河山湖海桥林水阳城德胜利丰泰永昌金花石龙凤园庄家塘湾港岭峰溪白云青松柳杨梅竹"
)
SHAPE = [
    (31, ("省", "市")),
    (11, ("市", "州")),
    (9, ("区", "县")),
    (13, ("镇", "街道", "乡")),
    (19, ("村民委员会", "社区居民委员会")),
]
BATCH = 5000
RUNS = 40


def setup():
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SEARCH_EMBEDDED_PATH", str(DEFAULT_DB.parent / "areas-search.sqlite3"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def synthetic_rows(rng):
    """(code, name) for the whole country, parents before children."""
    widths = [2, 2, 2, 3, 3]
    jiading = {}
    with (ROOT / "site" / "demo" / "areas-310114.csv").open(encoding="utf-8") as stream:
        next(stream)
        for line in stream:
            code, name = line.strip().split(",", 1)
            jiading[code.ljust(12, "0")] = name

    def walk(prefix, level):
        count, suffixes = SHAPE[level]
        for number in range(1, rng.randint(count * 2 // 3, count * 4 // 3) + 1):
            code_prefix = prefix + str(number).zfill(widths[level])
            code = code_prefix.ljust(12, "0")
            name = "".join(rng.choice(CHARS) for _ in range(rng.choice((2, 2, 3)))) + rng.choice(suffixes)
            if code not in jiading:  # the real ones come from the file
                yield code, name
            if level < 4:
                yield from walk(code_prefix, level + 1)

    yield from sorted(jiading.items())
    yield from walk("", 0)


def generate():
    setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from tqdm import tqdm

    from content.reference.area_search import terms_for
    from content.reference.models import LEVEL_DIGITS, AdminArea, AreaTerm, level_of

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":  # a throw-away file: no need to wait for the disk
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    with connection.cursor() as cursor:  # plain DELETE: Django's delete() would load every row
        cursor.execute(f"DELETE FROM {AreaTerm._meta.db_table}")
        cursor.execute(f"UPDATE {AdminArea._meta.db_table} SET parent_id = NULL")
        cursor.execute(f"DELETE FROM {AdminArea._meta.db_table}")
    rng = random.Random(13)
    started = time.perf_counter()
    known: set[str] = set()
    areas, terms, total = [], [], 0
    progress = tqdm(desc="areas", unit=" areas", total=620_000)

    def flush():
        AdminArea.objects.bulk_create(areas, batch_size=BATCH)
        AreaTerm.objects.bulk_create(terms, batch_size=BATCH)
        progress.update(len(areas))
        areas.clear()
        terms.clear()

    with transaction.atomic():
        for code, name in synthetic_rows(rng):
            if code in known:
                continue
            level = level_of(code)
            parent = next(
                (c for c in (code[: LEVEL_DIGITS[lv]].ljust(12, "0") for lv in range(level - 1, 0, -1)) if c in known),
                None,
            )
            known.add(code)
            areas.append(
                AdminArea(code=code, name=name, level=level, prefix=code[: LEVEL_DIGITS[level]], parent_id=parent)
            )
            terms.extend(AreaTerm(term=t, level=level, area_id=code) for t in terms_for(name))
            total += 1
            if len(areas) >= BATCH:
                flush()
        flush()
    progress.close()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.perf_counter() - started
    print(f"{total:,} areas, {AreaTerm.objects.count():,} name pieces in {elapsed:.0f} s ({total / elapsed:,.0f}/s)")


def run():
    setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from content.reference.models import AdminArea

    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-organizer")
    user.groups.add(Group.objects.get(name="活动组织者"))
    client = Client()
    client.force_login(user)
    url = reverse("wagtailsnippetchoosers_reference_adminarea:choose_results")
    rng = random.Random(7)
    sample = list(AdminArea.objects.order_by("?").values_list("code", "name", "level")[:400])
    towns = [row for row in sample if row[2] == 4] or sample
    villages = [row for row in sample if row[2] == 5]
    counties = list(AdminArea.objects.filter(level=3).values_list("code", flat=True)[:200])
    kinds = {
        "name: 嘉定镇街道": lambda: {"q": "嘉定镇街道"},
        "name: 嘉定": lambda: {"q": "嘉定"},
        "name: 街道 (≈10,000 matches)": lambda: {"q": "街道"},
        "name: a township's name": lambda: {"q": rng.choice(towns)[1]},
        "name: a village's first 2 chars": lambda: {"q": rng.choice(villages)[1][:2]},
        "name: 2 words (X 社区)": lambda: {"q": rng.choice(CHARS) + " 社区"},
        "name: 1 char (镇)": lambda: {"q": "镇"},
        "name: no match": lambda: {"q": "不存在的地名"},
        "code: full 12 digits": lambda: {"q": rng.choice(sample)[0]},
        "code: 6-digit prefix": lambda: {"q": rng.choice(counties)[:6]},
        "code: 2-digit prefix": lambda: {"q": rng.choice(counties)[:2]},
        "browse: top level": lambda: {},
        "browse: a county's townships": lambda: {"parent": rng.choice(counties)},
        "browse: page 3 of a search": lambda: {"q": "街道", "p": "3"},
    }
    print(f"{AdminArea.objects.count():,} areas ({connection.vendor})\n")
    print("| request | p50 ms | p95 ms | queries |")
    print("|---|---:|---:|---:|")
    for label, params in kinds.items():
        client.get(url, params())  # warm-up
        times, queries = [], 0
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, params())
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
            queries = len(captured)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(f"| {label} | {statistics.median(times):.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    {"generate": generate, "run": run}[sys.argv[1] if len(sys.argv) > 1 else "run"]()
