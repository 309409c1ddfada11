"""Public pages under load: the demo article page vs a bare Django view, same server,
same settings, same run.

    .venv/bin/python -m bench.web.uncached [--duration 10] [--rounds 3]

(``bench.web.run`` measures the cached article with page-view counting on and off.)
This script turns the anonymous page cache off (every request renders: what readers
pay right after a publish) and measures the home page, an article, the directory list
(/fuwu/) and one directory entry beside the bare view, each as a ratio of it.

Builds a demo database once (tests/e2e/bootstrap.py: migrate + the demo loaders), starts
gunicorn on 127.0.0.1 with bench/web/settings.py (the production middleware, the page
cache on), warms both URLs, then alternates article / bare runs with wrk (Debian's
``wrk``; a bounded asyncio client if wrk is missing) and prints the requests per second
and the ratio. Every request sends ``Accept-Encoding: gzip``, like a browser.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.web.run import BARE, ROOT, python_client, start_server, warm, wrk


def build_pages(env: dict, pages_file: Path, rebuild: bool) -> dict[str, str]:
    """{name: path} of the pages measured (the demo database is built once)."""
    db = Path(env["E2E_DB"])
    if rebuild or not db.exists() or not pages_file.exists():
        db.unlink(missing_ok=True)
        print("building the demo database (migrate + demo loaders) …", flush=True)
        subprocess.run([sys.executable, "-m", "tests.e2e.bootstrap", str(pages_file)], cwd=ROOT, env=env, check=True)
    pages = json.loads(pages_file.read_text(encoding="utf-8"))["pages"]
    found = {
        "home": "/",
        "article": pages["article"]["url"],
        "directory": pages["directory home"]["url"],
        "entry": pages["local service detail"]["url"],
    }
    missing = [name for name, url in found.items() if not url]
    if missing:
        raise SystemExit(f"the demo has no {', '.join(missing)} page yet")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", default=str(ROOT / "var" / "bench-web.sqlite3"))
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--cached", action="store_true", help="page cache on: the article only")
    args = parser.parse_args()
    args.uncached = not args.cached

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.web.settings", "E2E_DB": args.db, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    if args.uncached:
        env["BENCH_PAGE_CACHE_SECONDS"] = "0"
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    pages = build_pages(env, Path(args.db + ".pages.json"), args.rebuild)
    measured = dict(pages) if args.uncached else {"article": pages["article"]}
    measured["bare"] = BARE

    server, base = start_server(env, args, counting=False)  # render cost only (run.py measures counting)
    try:
        warm(base, tuple(measured.values()), args.workers)  # templates, the page cache
        results = {name: [] for name in measured}
        from bench.web.mix import cpu_seconds, server_pids

        pids = server_pids(server)
        for round_number in range(1, args.rounds + 1):
            for name, path in measured.items():
                cpu_before, started = cpu_seconds(pids), time.monotonic()
                if args.client == "wrk":
                    result = wrk(base + path, args.duration, args.connections, threads=2)
                else:
                    result = python_client(base + path, args.duration, args.connections)
                # requests per CPU-second of the server: what a request costs, whatever the
                # neighbours on a shared machine leave us (see bench/web/mix.py)
                cpu = cpu_seconds(pids) - cpu_before
                result["per_cpu_second"] = result["rps"] * (time.monotonic() - started) / cpu if cpu else 0.0
                results[name].append(result)
                print(
                    f"round {round_number} {name:9} {result['rps']:9.1f} req/s"
                    f" {result['per_cpu_second']:9.1f} req/CPU-s  non-2xx {result['non_2xx']}",
                    flush=True,
                )
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)  # a loaded machine may take a while to stop the workers
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    medians = {name: statistics.median(r["rps"] for r in rs) for name, rs in results.items()}
    ratios = {name: rps / medians["bare"] for name, rps in medians.items() if name != "bare"}
    summary = {
        "page_cache": "off" if args.uncached else "on",
        "urls": measured,
        "rps_median": {name: round(rps, 1) for name, rps in medians.items()},
        # each round's page and bare runs are back to back: less exposed to the machine's drift
        "ratio_per_round_median": {
            name: round(
                statistics.median(
                    r["rps"] / b["rps"] for r, b in zip(results[name], results["bare"], strict=True) if b["rps"]
                ),
                4,
            )
            for name in ratios
        },
        "ratio": {name: round(ratio, 4) for name, ratio in ratios.items()},
        "per_cpu_second_median": {
            name: round(statistics.median(r["per_cpu_second"] for r in rs), 1) for name, rs in results.items()
        },
        "ratio_per_cpu_second": {
            name: round(
                statistics.median(r["per_cpu_second"] for r in results[name])
                / statistics.median(r["per_cpu_second"] for r in results["bare"]),
                4,
            )
            for name in ratios
        },
        "client": args.client,
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "errors": sum(r["non_2xx"] for rs in results.values() for r in rs),
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.uncached:
        shown = " ".join(f"{name} / bare = {ratio:.3f}" for name, ratio in ratios.items())
        print(shown, "(targets with the cache off: article ≥ 0.03, home ≥ 0.02)")
    else:
        print(f"article / bare = {ratios['article']:.2f} (target ≥ 0.5)")


if __name__ == "__main__":
    main()
