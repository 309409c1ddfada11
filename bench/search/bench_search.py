"""Benchmark the embedded search engine at directory scale.

    .venv/bin/python bench/search/bench_search.py                 # build + measure
    .venv/bin/python bench/search/bench_search.py --skip-build    # measure an existing index
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anxin_bench_search \
        .venv/bin/python bench/search/bench_search.py --engine postgres   # the PostgreSQL engine

1. Generates 500,000 synthetic directory entries + 20,000 articles directly as
   SearchDocuments (bench/search/synthetic.py) and rebuilds the embedded index at
   --path with ``EmbeddedEngine.rebuild`` (2 analysis worker processes by default),
   reporting documents per second (wall clock and CPU seconds).
2. Sends a few hundred varied queries to the JSON API ``GET /api/v1/search``
   through Django's test client (full URL resolution, middleware, parameter
   validation, analysis, engine, JSON encoding — no network), after a warm-up, and
   reports p50/p95/p99.

The machine's load average is printed too: the numbers are only comparable on an
otherwise idle machine.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
# The API needs no project tables; keep the bench off the developers' database.
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/anxin-bench-search.sqlite3")


def cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def segmenter_load_seconds() -> float:
    code = "import time;t=time.perf_counter();import rjieba;rjieba.cut('预热');print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def make_engine(name: str, path: Path):
    if name == "postgres":
        from django.db import connection

        from search.engines.postgres import PostgresEngine

        if connection.vendor != "postgresql":
            sys.exit("--engine postgres needs DATABASE_URL=postgres://…")
        # The bench database has no other project tables: create the engine's own
        # (migrations search.0003 and 0004) unless an earlier run did.
        tables = importlib.import_module("search.migrations.0003_postgres_search_partitions")
        suggest = importlib.import_module("search.migrations.0004_postgres_suggest")
        with connection.cursor() as cur:
            cur.execute("SELECT to_regclass('search_pg_document')")
            statements = suggest.CREATE if cur.fetchone()[0] else tables.CREATE + suggest.CREATE
            for statement in statements:
                cur.execute(statement)
        return PostgresEngine()
    from search.engines.embedded import EmbeddedEngine

    return EmbeddedEngine(path)


def index_size(name: str, path: Path) -> int:
    if name == "postgres":
        from django.db import connection

        with connection.cursor() as cur:
            cur.execute("SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('search_pg_document')")
            return cur.fetchone()[0]
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def build(path: Path, services: int, articles: int, workers: int, engine_name: str = "embedded") -> None:
    from tqdm import tqdm

    from bench.search import synthetic

    engine = make_engine(engine_name, path)
    where = "PostgreSQL table search_pg_document" if engine_name == "postgres" else path
    total = services + articles
    docs = itertools.chain(synthetic.articles(articles), synthetic.services(services))
    print(
        f"building {total:,} documents into {where} with {workers} analysis worker(s); "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    bar = tqdm(total=total, unit="doc", file=sys.stderr, mininterval=2.0, ascii=not sys.stderr.isatty())
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    count = engine.rebuild(docs, progress=bar.update, workers=workers)
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    bar.close()
    size = index_size(engine_name, path)
    print(
        f"indexed {count:,} documents in {elapsed:.1f} s wall = {count / elapsed:,.0f} docs/s "
        f"({cpu:.1f} CPU-seconds over all processes = {count / cpu:,.0f} docs per CPU-second); "
        f"index {size / 2**20:,.0f} MiB; load average now {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def queries(n: int, seed: int = 3) -> list[dict]:
    from bench.search import synthetic

    rng = random.Random(seed)
    words = [
        "失眠",
        "睡不着",
        "焦虑",
        "抑郁症",
        "产后抑郁",
        "网瘾",
        "老年痴呆",
        "厌学",
        "考试焦虑",
        "自伤",
        "正念",
        "职业倦怠",
        "空巢老人",
        "孤独",
        "心理咨询",
        "心理咨询室",
        "谈心室",
        "心理门诊",
        "社工站",
        "心灵驿站",
        "睡不著",
        "憂鬱",
        "心理健康",
        "亲子沟通",
        "情绪低落",
        "阿尔茨海默病",
        "压力大怎么办",
        "孩子沉迷手机",
        "老人记忆力减退",
        "新妈妈情绪",
        "心理热线",
        "哀伤",
        "心理测评",
        "团体辅导",
        "危机干预",
    ]
    sentences = [
        "我最近总是睡不着怎么办",
        "孩子不想上学",
        "老年人心理咨询",
        "附近的心理咨询室",
        "产后情绪低落",
        "工作压力大 心累",
        "嘉定 心理咨询室",
        "我不想活了",
        "自殺",
        'ＡＮＤ OR "失眠"*',
    ]
    provinces = list(synthetic.PROVINCES.items())
    audiences = [a for a, _ in synthetic.AUDIENCES]
    out: list[dict] = []
    for _ in range(n):
        r = rng.random()
        prov, (lat, lng) = rng.choice(provinces)
        county = f"{prov}{rng.randint(1, 3):02d}{rng.randint(1, 10):02d}"
        if r < 0.35:
            out.append({"q": rng.choice(words)})
        elif r < 0.45:
            out.append({"q": rng.choice(sentences)})
        elif r < 0.55:
            out.append({"q": rng.choice(words), "kind": rng.choice(["article", "service"])})
        elif r < 0.65:
            out.append(
                {"q": rng.choice(["心理咨询室", "谈心室", "心理门诊", "社工站", ""]), "kind": "service", "area": county}
            )
        elif r < 0.75:
            out.append(
                {
                    "q": rng.choice(["心理咨询室", "心理门诊", "热线", ""]),
                    "kind": "service",
                    "near": f"{lat + rng.uniform(-1, 1):.4f},{lng + rng.uniform(-1, 1):.4f}",
                }
            )
        elif r < 0.83:
            out.append({"q": rng.choice(words), "audience": rng.choice(audiences)})
        elif r < 0.90:
            out.append({"q": rng.choice(words), "page": str(rng.randint(2, 10))})
        elif r < 0.95:
            out.append({"q": rng.choice(words), "near": f"{lat:.3f},{lng:.3f}"})
        else:
            out.append({"q": "", "area": county[:4], "kind": "service"})
    return out


def measure(path: Path, n: int, warmup: int, engine_name: str = "embedded", mode: str = "search") -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.SEARCH_EMBEDDED_PATH = path
    settings.SEARCH_ENGINE = engine_name
    # Measure the search itself, not the site's anonymous page cache (which would
    # answer repeated identical requests from memory).
    settings.ANXIN_PAGE_CACHE_SECONDS = 0
    from django.test import Client

    from search.analysis import segment

    dicts = importlib.import_module("search.analysis.dictionaries")
    dicts._editor_entries = lambda: ([], [], [])  # the bench database has no project tables
    client = Client()
    t0 = time.perf_counter()
    dicts.current()
    print(
        f"segmenter + dictionaries ready in {time.perf_counter() - t0:.3f} s "
        f"(rjieba load {segment.load_seconds:.3f} s, once per process)"
    )
    url = "/api/v1/suggest" if mode == "suggest" else "/api/v1/search"
    make_queries = queries
    if mode == "suggest":
        from bench.search.suggest_queries import suggest_queries as make_queries
    for params in make_queries(warmup, seed=99):
        client.get(url, params)
    times: list[float] = []
    cpu_times: list[float] = []  # this process's CPU time per request: less sensitive to a busy machine
    by_kind: dict[str, list[float]] = {}
    statuses: dict[int, int] = {}
    qs = make_queries(n)
    print(
        f"measuring {len(qs)} {url} requests through the Django test client; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    for i, params in enumerate(qs, 1):
        t, c = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        dt = (time.perf_counter() - t) * 1000
        times.append(dt)
        cpu_times.append((time.process_time() - c) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        label = (
            "pinyin"
            if mode == "suggest" and params["q"].replace(" ", "").isascii()
            else "chinese"
            if mode == "suggest"
            else "near"
            if "near" in params
            else "area"
            if "area" in params
            else "filter"
            if "audience" in params
            else "page>1"
            if "page" in params
            else "text"
        )
        by_kind.setdefault(label, []).append(dt)
        if i % 50 == 0:
            print(f"  {i}/{len(qs)} requests", file=sys.stderr, flush=True)

    def pct(values, p):
        values = sorted(values)
        return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]

    print(f"statuses: {statuses}")
    print(
        f"latency over {len(times)} requests: p50 {pct(times, 50):.1f} ms, p95 {pct(times, 95):.1f} ms, "
        f"p99 {pct(times, 99):.1f} ms, max {max(times):.1f} ms, mean {statistics.mean(times):.1f} ms; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"CPU time of this process per request: p50 {pct(cpu_times, 50):.1f} ms, "
        f"p95 {pct(cpu_times, 95):.1f} ms, p99 {pct(cpu_times, 99):.1f} ms"
    )
    for label, values in sorted(by_kind.items()):
        print(f"  {label:7s} n={len(values):3d} p50 {pct(values, 50):6.1f} ms  p95 {pct(values, 95):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path", type=Path, default=ROOT / "var" / "bench" / "search.sqlite3")
    parser.add_argument("--services", type=int, default=500_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument(
        "--engine",
        choices=["embedded", "postgres"],
        default="embedded",
        help="postgres: the PostgreSQL engine, in the database of DATABASE_URL (must be PostgreSQL)",
    )
    parser.add_argument(
        "--mode",
        choices=["search", "suggest"],
        default="search",
        help="suggest: measure GET /api/v1/suggest (keystroke prefixes, pinyin, initials) instead",
    )
    args = parser.parse_args()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    print(f"segmenter cold load in a fresh process: {segmenter_load_seconds():.3f} s")
    import django

    django.setup()
    importlib.import_module("search.analysis.dictionaries")._editor_entries = lambda: ([], [], [])
    # The bench database has no project tables: area names come from the generator, as
    # the site's provider would give them from AdminArea (one lookup per batch).
    from bench.search import synthetic
    from search.registry import register_facet_labels

    register_facet_labels("area", synthetic.area_labels)
    register_facet_labels("audience", lambda values: {v: dict(synthetic.AUDIENCES).get(v, v) for v in values})
    if not args.skip_build:
        build(args.path, args.services, args.articles, args.workers, args.engine)
    measure(args.path, args.queries, args.warmup, args.engine, args.mode)


if __name__ == "__main__":
    main()
