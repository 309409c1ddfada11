"""CPU time of ``GET /api/v1/search`` per query class on an existing index, in-process
(less sensitive to a shared machine than wall time), and the results themselves, so a
speed change can be checked for identical answers:

    .venv/bin/python bench/search/search_cpu.py /tmp/s100k.sqlite3                   # CPU per class
    .venv/bin/python bench/search/search_cpu.py /tmp/s100k.sqlite3 --dump before.json # + every answer
    .venv/bin/python bench/search/search_cpu.py /tmp/s100k.sqlite3 --compare before.json
    .venv/bin/python bench/search/search_cpu.py /tmp/s100k.sqlite3 --profile          # cProfile, top 30

The queries are ``bench_search.queries`` (same seed, same mix); each request is sent
``--repeat`` times and its smallest CPU time counts. Build the index with
``bench/search/bench_search.py --path … --services 100000 --articles 4000``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def label(params: dict, words: int) -> str:
    if "near" in params:
        return "near"
    if "area" in params:
        return "area"
    if "audience" in params:
        return "filter"
    if "page" in params:
        return "page>1"
    if "kind" in params:
        return "kind"
    return "text-multi" if words >= 2 else "text-1word"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dump", type=Path, help="write every answer (ids, partial flags, totals, facets) here")
    parser.add_argument("--compare", type=Path, help="compare every answer with a --dump file")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--slowest", type=int, default=0, help="list the N requests that cost most")
    parser.add_argument("--only", help="only the queries of this class (near, area, text-1word …)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from bench.search.api_client import api_client

    client = api_client(args.path)
    from bench.search.bench_search import queries
    from search.analysis import analyze_query

    for params in queries(30, seed=99):  # warm-up: dictionaries, statements, page cache of SQLite
        client.get("/api/v1/search", params)
    qs = queries(args.queries)
    if args.only:
        qs = [p for p in qs if label(p, len(analyze_query(p.get("q", "")).terms)) == args.only]
    answers, by_class, cpu_all = [], {}, []
    profiler = cProfile.Profile() if args.profile else None
    for i, params in enumerate(qs, 1):
        best = None
        for _ in range(args.repeat):
            if profiler:
                profiler.enable()
            c = time.process_time()
            response = client.get("/api/v1/search", params)
            dt = (time.process_time() - c) * 1000
            if profiler:
                profiler.disable()
            best = dt if best is None else min(best, dt)
        body = response.json()
        answers.append(
            {
                "params": params,
                "status": response.status_code,
                "total": [body.get("total"), body.get("total_relation"), body.get("searched_as")],
                "results": [[r["id"], r.get("partial"), r.get("distance_km")] for r in body.get("results", [])],
                "counts": body.get("counts"),
                "facets": body.get("facets"),
            }
        )
        cpu_all.append(best)
        by_class.setdefault(label(params, len(analyze_query(params.get("q", "")).terms)), []).append(best)
        if i % 50 == 0:
            print(f"  {i}/{len(qs)}", file=sys.stderr, flush=True)
    print(f"{len(qs)} requests, best of {args.repeat}, CPU ms; load average {os.getloadavg()[0]:.1f}")
    print(f"  {'all':10s} n={len(cpu_all):3d} p50 {pct(cpu_all, 50):6.2f}  p95 {pct(cpu_all, 95):6.2f}")
    for name, values in sorted(by_class.items()):
        print(f"  {name:10s} n={len(values):3d} p50 {pct(values, 50):6.2f}  p95 {pct(values, 95):6.2f}")
    for ms, params in sorted(zip(cpu_all, qs, strict=True), key=lambda item: -item[0])[: args.slowest]:
        print(f"  {ms:6.2f} ms  {params}")
    if args.dump:
        args.dump.write_text(json.dumps(answers, ensure_ascii=False, indent=0), encoding="utf-8")
    if args.compare:
        before = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = [(a["params"], b, a) for a, b in zip(answers, before, strict=True) if a != b]
        print(f"compared with {args.compare}: {len(differ)} of {len(answers)} answers differ")
        for params, old, new in differ[:5]:
            print("  ", params, "\n     before", old, "\n     after ", new)
    if profiler:
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("TOP", "30")))
        if os.environ.get("CALLERS"):
            stats.print_callers(os.environ["CALLERS"])


if __name__ == "__main__":
    main()
