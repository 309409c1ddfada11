"""Readers vs editors: a mix of public pages under load, quiet and with one save per second.

    .venv/bin/python -m bench.web.mix [--duration 20] [--rounds 3] [--workers 2] [--threads 4] [--redis URL]

On 10 October organizers save attendance reports all day. Before, every save emptied
every cached page. This run measures what readers get while that happens:

1. builds the demo database once (tests/e2e/bootstrap.py, as bench/web/run.py does);
2. lists a mix of public pages: every article, article index, event, the events index,
   the directory home, directory entry pages (/fuwu/<id>/, a third of the mix), the
   hotlines page, searches, questionnaires, the home and audience pages;
3. starts gunicorn (gthread, ``--workers`` × ``--threads``) with bench/web/settings.py:
   production middleware and the page cache on the SQLite-file cache every worker
   shares (or Redis with ``--redis``);
4. runs wrk over the whole mix (a Lua script walks the list), alternating a quiet run and
   a run during which another process saves one attendance report per second through
   the ORM (signals, on-commit invalidation: what an admin save does);
5. prints requests per second of each, their ratio (target ≥ 0.8), and the cost of a
   cache hit: the cached article against a bare Django view in the same server.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.web.run import BARE, ROOT, build, free_port, get

PAGES_SCRIPT = r"""
import json, django
django.setup()
from django.apps import apps
from wagtail.models import Page
from content.directory.models import ServicePoint

def live(label):
    return [p.url for p in apps.get_model(label).objects.live().public().order_by("path") if p.url]

urls = ["/"]
urls += live("home.AudiencePage")[:6]
urls += live("articles.ArticleIndexPage") + live("articles.ArticlePage")[:14]
urls += live("events.EventIndexPage") + live("events.EventPage")[:6]
urls += live("selfcheck.SelfCheckIndexPage") + live("selfcheck.QuestionnairePage")[:2]
urls += ["/fuwu/", "/fuwu/rexian/", "/search/?q=%E5%A4%B1%E7%9C%A0", "/search/?q=%E7%83%AD%E7%BA%BF"]
entries = [f"/fuwu/{pk}/" for pk in ServicePoint.objects.public().order_by("pk").values_list("pk", flat=True)]
share = max(1, len(urls) // 2)  # directory entry pages: a third of the whole mix
urls += entries[:share]
print(json.dumps(urls))
"""

SAVER_SCRIPT = r"""
import sys, time, django
django.setup()
from content.events.models import AttendanceReport
report = AttendanceReport.objects.order_by("pk").first()
deadline = time.monotonic() + float(sys.argv[1])
saves = 0
while time.monotonic() < deadline:
    started = time.monotonic()
    report.attendees = (report.attendees or 0) % 500 + 1
    report.save()
    saves += 1
    time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))
print(saves, time.process_time())
"""

LUA = """
local paths = {PATHS}
local index = 0
request = function()
  index = index %% #paths + 1
  return wrk.format("GET", paths[index], {["Accept-Encoding"] = "gzip"})
end
"""


def wrk_mix(base: str, paths: list[str], duration: int, connections: int) -> dict:
    script = LUA.replace("%%", "%").replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in paths) + "}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", handle.name, base + "/"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {"rps": rps, "requests": total, "non_2xx": int(errors.group(1)) if errors else 0}


def cpu_seconds(pids) -> float:
    """User + system CPU time of these processes (steal and waiting for a core don't count)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def server_pids(server) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    return [server.pid, *(int(pid) for pid in found)]


def wrk_one(url: str, duration: int, connections: int) -> float:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-H", "Accept-Encoding: gzip", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--redis", default="", help="REDIS_URL for the cache (default: the SQLite-file cache)")
    parser.add_argument("--db", default=str(ROOT / "var" / "bench-web.sqlite3"))
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.web.settings", "E2E_DB": args.db, "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    env["BENCH_CACHE"] = args.redis or "sqlite"
    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    article = build(env, Path(args.db + ".pages.json"), args.rebuild)
    for suffix in ("", "-wal", "-shm"):  # start with an empty page cache
        Path(args.db + ".cache" + suffix).unlink(missing_ok=True)
    listed = subprocess.run([sys.executable, "-c", PAGES_SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True)
    if listed.returncode != 0:
        raise SystemExit(listed.stderr)
    paths = json.loads(listed.stdout.strip().splitlines()[-1])
    entries = sum(p.startswith("/fuwu/") and p.rstrip("/").split("/")[-1].isdigit() for p in paths)
    print(f"page mix: {len(paths)} pages, {entries} of them directory entry pages", flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
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
        ],
        cwd=ROOT,
        env=env,
    )
    results = {"quiet": [], "saving": [], "article": [], "bare": []}
    saves = []
    try:
        for _ in range(150):
            try:
                get(base + BARE)
                break
            except OSError:
                time.sleep(0.2)
        for path in paths:
            status = get(base + path)
            assert status == 200, (path, status)
        pids = server_pids(server)
        for round_number in range(1, args.rounds + 1):
            cpu_before = cpu_seconds(pids)
            quiet = wrk_mix(base, paths, args.duration, args.connections)
            quiet["cpu"] = cpu_seconds(pids) - cpu_before
            cpu_before = cpu_seconds(pids)
            saver = subprocess.Popen(
                [sys.executable, "-c", SAVER_SCRIPT, str(args.duration + 1)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            saving = wrk_mix(base, paths, args.duration, args.connections)
            saved, saver_cpu = saver.communicate(timeout=120)[0].split()
            saving["cpu"] = cpu_seconds(pids) - cpu_before + float(saver_cpu)  # the saves' own work counts
            saves.append(int(saved))
            article_rps = wrk_one(base + article, max(5, args.duration // 2), args.connections)
            bare_rps = wrk_one(base + BARE, max(5, args.duration // 2), args.connections)
            for name, value in (("quiet", quiet), ("saving", saving)):
                results[name].append(value)
            results["article"].append(article_rps)
            results["bare"].append(bare_rps)
            print(
                f"round {round_number}: mix quiet {quiet['rps']:.1f} req/s, with one save/s {saving['rps']:.1f} req/s"
                f" ({saves[-1]} saves), non-2xx {quiet['non_2xx'] + saving['non_2xx']};"
                f" req per CPU-s {quiet['requests'] / quiet['cpu']:.0f} vs {saving['requests'] / saving['cpu']:.0f};"
                f" cached article {article_rps:.1f}, bare view {bare_rps:.1f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=20)

    quiet = statistics.median(r["rps"] for r in results["quiet"])
    saving = statistics.median(r["rps"] for r in results["saving"])
    article_rps = statistics.median(results["article"])
    bare_rps = statistics.median(results["bare"])
    summary = {
        "pages": len(paths),
        "entry_pages": entries,
        "cache": "redis" if args.redis else "sqlite-file",
        "quiet_rps_median": round(quiet, 1),
        "saving_rps_median": round(saving, 1),
        "ratio_saving_over_quiet": round(saving / quiet, 3),
        # each round's quiet and saving runs are back to back: their ratio is less exposed
        # to the machine's drift than the ratio of the medians
        "ratio_per_round": [
            round(s["rps"] / q["rps"], 3) for q, s in zip(results["quiet"], results["saving"], strict=True)
        ],
        # requests served per CPU-second of the server (plus the saver's own CPU in the saving
        # runs): what the saves cost, independent of how much CPU the machine lent us
        "requests_per_cpu_second_quiet": round(
            sum(r["requests"] for r in results["quiet"]) / sum(r["cpu"] for r in results["quiet"])
        ),
        "requests_per_cpu_second_saving": round(
            sum(r["requests"] for r in results["saving"]) / sum(r["cpu"] for r in results["saving"])
        ),
        "ratio_per_cpu_second": round(
            (sum(r["requests"] for r in results["saving"]) / sum(r["cpu"] for r in results["saving"]))
            / (sum(r["requests"] for r in results["quiet"]) / sum(r["cpu"] for r in results["quiet"])),
            3,
        ),
        "ratio_per_round_median": round(
            statistics.median(s["rps"] / q["rps"] for q, s in zip(results["quiet"], results["saving"], strict=True)), 3
        ),
        "saves_per_round": saves,
        "cached_article_rps_median": round(article_rps, 1),
        "bare_view_rps_median": round(bare_rps, 1),
        "ratio_article_over_bare": round(article_rps / bare_rps, 3),
        "errors": sum(r["non_2xx"] for name in ("quiet", "saving") for r in results[name]),
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration_s": args.duration,
        "rounds": args.rounds,
        "load_average": os.getloadavg(),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    print(
        f"with one save per second / quiet = {summary['ratio_per_cpu_second']:.2f} per CPU-second, "
        f"{saving / quiet:.2f} (medians of req/s), "
        f"{summary['ratio_per_round_median']:.2f} (median of the rounds' ratios); target ≥ 0.8"
    )


if __name__ == "__main__":
    main()
