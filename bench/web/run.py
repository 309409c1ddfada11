"""Public pages under load: the demo article page vs a bare Django view, same server,
same settings, same run.

    .venv/bin/python -m bench.web.run [--duration 10] [--connections 16] [--workers 2] [--rounds 3]
    .venv/bin/python -m bench.web.run --counting both   # page-view counting on and off, one run

Builds a demo database once (tests/e2e/bootstrap.py: migrate + the demo loaders), starts
gunicorn on 127.0.0.1 with bench/web/settings.py (the production middleware, the page
cache on), warms both URLs, then alternates article / bare runs with wrk (Debian's
``wrk``; a bounded asyncio client if wrk is missing) and prints the requests per second
and the ratio. Every request sends ``Accept-Encoding: gzip`` and a phone browser's
``User-Agent``, like a reader, so page-view counting (content/readership) runs on every
article hit; without an agent a request is not a reader and is not counted.

``--counting both`` starts two servers on the same database and cache, one with
``READERSHIP_ENABLED=true`` and one with ``false``, and alternates article / bare runs on
each (in ABBA order): the two article/bare ratios come from the same run, each the median
of the rounds' ratios (a round's article run against the bare run beside it). The article
views the counting server wrote are then read back from the database and compared with
the requests sent.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BARE = "/__bench__/constant/"
BROWSER = (
    "Mozilla/5.0 (Linux; Android 13; V2217A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36"
)
HEADERS = {"Accept-Encoding": "gzip", "User-Agent": BROWSER}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build(env: dict, pages_file: Path, rebuild: bool) -> str:
    db = Path(env["E2E_DB"])
    if rebuild or not db.exists() or not pages_file.exists():
        db.unlink(missing_ok=True)
        print("building the demo database (migrate + demo loaders) …", flush=True)
        subprocess.run([sys.executable, "-m", "tests.e2e.bootstrap", str(pages_file)], cwd=ROOT, env=env, check=True)
    pages = json.loads(pages_file.read_text(encoding="utf-8"))["pages"]
    article = pages["article"]["url"]
    if not article:
        raise SystemExit("the demo has no article page yet")
    return article


def get(url: str) -> int:
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=30) as response:  # our own server on 127.0.0.1
        response.read()
        return response.status


def wrk(url: str, duration: int, connections: int, threads: int) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", url]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    latency = re.search(r"Latency\s+([\d.]+\w+)", output)
    sent = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rps": rps,
        "requests": sent,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "latency_avg": latency.group(1),
    }


async def _client(host: str, port: int, path: str, deadline: float, counts: list) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    lines = "".join(f"{name}: {value}\r\n" for name, value in HEADERS.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{lines}\r\n".encode()
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
            await reader.readexactly(length)
            counts[0 if 200 <= status < 400 else 1] += 1
            if re.search(rb"(?i)connection:\s*close", head):
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


def python_client(url: str, duration: int, connections: int) -> dict:
    """Bounded fallback: ``connections`` keep-alive connections for ``duration`` seconds."""
    match = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    host, port, path = match.group(1), int(match.group(2)), match.group(3)
    counts = [0, 0]
    deadline = time.monotonic() + duration

    async def main():
        await asyncio.gather(*(_client(host, port, path, deadline, counts) for _ in range(connections)))

    started = time.monotonic()
    asyncio.run(main())
    rps = counts[0] / (time.monotonic() - started)
    return {"rps": rps, "requests": counts[0] + counts[1], "non_2xx": counts[1], "latency_avg": "n/a"}


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time (user + system) used so far by the server's worker processes: what a request
    costs the server, far less disturbed by other programs on the machine than req/s."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    ticks = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def start_server(env: dict, args, counting: bool) -> tuple[subprocess.Popen, str]:
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--log-level",
        "warning",
        "anxin.wsgi:application",
    ]
    server_env = {**env, "READERSHIP_ENABLED": "true" if counting else "false"}
    return subprocess.Popen(command, cwd=ROOT, env=server_env), f"http://127.0.0.1:{port}"


def warm(base: str, paths: tuple[str, ...], workers: int) -> None:
    for _ in range(100):
        try:
            get(base + BARE)
            break
        except OSError:
            time.sleep(0.2)
    for path in paths:  # every worker has the page in its cache connection and templates
        for _ in range(20 * workers):
            assert get(base + path) == 200


def article_views(db: str) -> int:
    """Article page views the servers wrote (content/readership), read straight from the file."""
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT COALESCE(SUM(views), 0) FROM readership_pageviewday WHERE kind = 'article'"
        ).fetchone()[0]


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
    parser.add_argument(
        "--counting", choices=["on", "off", "both"], default="on", help="page-view counting; both: two servers"
    )
    args = parser.parse_args()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.web.settings", "E2E_DB": args.db, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    article = build(env, Path(args.db + ".pages.json"), args.rebuild)

    modes = {"on": [True], "off": [False], "both": [True, False]}[args.counting]
    views_before = article_views(args.db)
    servers = {}
    results = {}
    try:
        for counting in modes:
            servers[counting] = start_server(env, args, counting)
        for _server, base in servers.values():
            warm(base, (article, BARE), args.workers)
        warm_views = 20 * args.workers if True in modes else 0
        runs = [(counting, page) for counting in servers for page in ("article", "bare")]
        for round_number in range(1, args.rounds + 1):
            # ABBA: every other round runs in reverse order, so a drift in the machine's load
            # weighs on both servers and both pages alike
            for counting, page in runs if round_number % 2 else runs[::-1]:
                base = servers[counting][1]
                path = article if page == "article" else BARE
                name = f"{page} counting {'on' if counting else 'off'}"
                cpu_before = server_cpu_seconds(servers[counting][0])
                if args.client == "wrk":
                    result = wrk(base + path, args.duration, args.connections, threads=2)
                else:
                    result = python_client(base + path, args.duration, args.connections)
                result["cpu_us"] = (server_cpu_seconds(servers[counting][0]) - cpu_before) / result["requests"] * 1e6
                results.setdefault(name, []).append(result)
                print(
                    f"round {round_number} {name:20} {result['rps']:9.1f} req/s"
                    f" {result['cpu_us']:7.0f} µs server CPU per request  non-2xx {result['non_2xx']}"
                )
                sys.stdout.flush()
    finally:
        for server, _base in servers.values():
            server.terminate()  # each worker writes the views it holds as it exits
        for server, _base in servers.values():
            server.wait(timeout=30)

    summary = {"article_url": article}
    ratios, cpu_ratios = {}, {}
    for counting in modes:
        state = "on" if counting else "off"
        articles, bares = results[f"article counting {state}"], results[f"bare counting {state}"]
        # each round's article run against the bare run next to it on the same server
        per_round = [a["rps"] / b["rps"] for a, b in zip(articles, bares, strict=True)]
        ratios[state] = statistics.median(per_round)
        # the same ratio from the server's CPU time per request (bare cost / article cost)
        cpu_per_round = [b["cpu_us"] / a["cpu_us"] for a, b in zip(articles, bares, strict=True)]
        cpu_ratios[state] = statistics.median(cpu_per_round)
        summary[f"counting_{state}"] = {
            "article_rps_median": round(statistics.median(r["rps"] for r in articles), 1),
            "bare_rps_median": round(statistics.median(r["rps"] for r in bares), 1),
            "ratio_per_round": [round(r, 3) for r in per_round],
            "ratio": round(ratios[state], 3),
            "article_cpu_us_median": round(statistics.median(r["cpu_us"] for r in articles)),
            "bare_cpu_us_median": round(statistics.median(r["cpu_us"] for r in bares)),
            "cpu_ratio_per_round": [round(r, 3) for r in cpu_per_round],
            "cpu_ratio": round(cpu_ratios[state], 3),
        }
    if True in modes:
        sent = warm_views + sum(r["requests"] for r in results["article counting on"])
        summary["article_requests_sent_to_counting_server"] = sent
        summary["article_views_written"] = article_views(args.db) - views_before
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
    for state, ratio in ratios.items():
        print(f"counting {state}: article / bare = {ratio:.2f}, median of the rounds (target ≥ 0.5)")
        print(f"counting {state}: bare / article server CPU per request = {cpu_ratios[state]:.2f}")
    if len(ratios) == 2:
        change = ratios["on"] / ratios["off"] - 1
        print(f"counting on vs off: req/s ratio changes by {change * 100:+.1f} % (allowed: no fall beyond -10 %)")
        change = cpu_ratios["on"] / cpu_ratios["off"] - 1
        print(f"counting on vs off: CPU ratio changes by {change * 100:+.1f} % (allowed: no fall beyond -10 %)")


if __name__ == "__main__":
    main()
