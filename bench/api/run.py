"""The content API under load: cached article detail and article list (Wagtail API v2)
against a bare Django view, same gunicorn server, same run.

    .venv/bin/python -m bench.api.run [--duration 10] [--connections 16] [--workers 2] [--rounds 3]

Builds (or reuses) the demo database of bench/web/run.py, starts gunicorn with
bench/web/settings.py (production middleware, the anonymous page cache on), finds a
demo article through the API itself, warms the URLs, then alternates detail / list /
bare runs (ABBA order) with wrk, or the bounded asyncio client when wrk is missing.
Prints requests/s, the server's CPU time per request and the ratio to the bare view per
round; the target is ≥ 0.5 for both endpoints (issue 16, point 5). Uncached cost is
measured by query counts in tests/anxin/api (≤ 15 queries for an article detail).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import urllib.request
from pathlib import Path

from bench.web.run import BARE, HEADERS, ROOT, build, python_client, server_cpu_seconds, start_server, warm, wrk

LIST = "/api/v2/pages/?type=articles.ArticlePage&fields=summary,audiences&limit=20"


def find_article(base: str) -> str:
    request = urllib.request.Request(base + "/api/v2/pages/?type=articles.ArticlePage&limit=1", headers=HEADERS)
    request.remove_header("Accept-encoding")
    with urllib.request.urlopen(request, timeout=30) as response:  # our own server on 127.0.0.1
        items = json.loads(response.read())["items"]
    if not items:
        raise SystemExit("the demo has no article in the API")
    return f"/api/v2/pages/{items[0]['id']}/"


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
    args = parser.parse_args()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.web.settings", "E2E_DB": args.db, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    build(env, Path(args.db + ".pages.json"), args.rebuild)

    server, base = start_server(env, args, counting=False)
    results: dict[str, list[dict]] = {}
    try:
        warm(base, (BARE,), args.workers)
        paths = {"detail": find_article(base), "list": LIST, "bare": BARE}
        warm(base, tuple(paths.values()), args.workers)
        order = list(paths)
        for round_number in range(1, args.rounds + 1):
            for name in order if round_number % 2 else order[::-1]:
                url = base + paths[name]
                cpu_before = server_cpu_seconds(server)
                if args.client == "wrk":
                    result = wrk(url, args.duration, args.connections, threads=2)
                else:
                    result = python_client(url, args.duration, args.connections)
                result["cpu_us"] = (server_cpu_seconds(server) - cpu_before) / max(result["requests"], 1) * 1e6
                results.setdefault(name, []).append(result)
                print(
                    f"round {round_number} {name:7} {result['rps']:9.1f} req/s"
                    f" {result['cpu_us']:7.0f} µs server CPU per request  non-2xx {result['non_2xx']}",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)

    summary = {"paths": paths}
    for name in ("detail", "list"):
        per_round = [r["rps"] / b["rps"] for r, b in zip(results[name], results["bare"], strict=True)]
        cpu_per_round = [b["cpu_us"] / r["cpu_us"] for r, b in zip(results[name], results["bare"], strict=True)]
        summary[name] = {
            "rps_median": round(statistics.median(r["rps"] for r in results[name]), 1),
            "cpu_us_median": round(statistics.median(r["cpu_us"] for r in results[name])),
            "ratio_per_round": [round(r, 3) for r in per_round],
            "ratio": round(statistics.median(per_round), 3),
            "cpu_ratio": round(statistics.median(cpu_per_round), 3),
        }
    summary["bare"] = {
        "rps_median": round(statistics.median(r["rps"] for r in results["bare"]), 1),
        "cpu_us_median": round(statistics.median(r["cpu_us"] for r in results["bare"])),
    }
    summary.update(
        {
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
    )
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    for name in ("detail", "list"):
        print(f"{name} / bare = {summary[name]['ratio']:.2f} req/s, median of the rounds (target ≥ 0.5)")


if __name__ == "__main__":
    main()
