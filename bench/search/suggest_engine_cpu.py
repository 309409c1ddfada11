"""CPU time of EmbeddedEngine.suggest alone over the suggest bench queries (less sensitive to a
loaded machine than wall time): .venv/bin/python bench/search/suggest_engine_cpu.py [index path]"""

import os
import sys
import time

sys.path.insert(0, ".")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/anxin-bench-search.sqlite3")
import django

django.setup()
import importlib

importlib.import_module("search.analysis.dictionaries")._editor_entries = lambda: ([], [])
from bench.search.suggest_queries import suggest_queries
from search.engines.embedded import EmbeddedEngine

e = EmbeddedEngine(sys.argv[1] if len(sys.argv) > 1 else "var/bench/search.sqlite3")
for p in suggest_queries(60, seed=99):
    e.suggest(p["q"], 8, p.get("kind"))
cpu, wall = [], []
for p in suggest_queries(300):
    c, w = time.thread_time(), time.perf_counter()
    e.suggest(p["q"], 8, p.get("kind"))
    cpu.append((time.thread_time() - c) * 1000)
    wall.append((time.perf_counter() - w) * 1000)


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, round(q / 100 * (len(v) - 1)))]


print(
    f"engine.suggest over 300 queries: CPU p50 {pct(cpu, 50):.2f} ms p95 {pct(cpu, 95):.2f} ms p99 {pct(cpu, 99):.2f} ms; wall p50 {pct(wall, 50):.2f} p95 {pct(wall, 95):.2f} ms; load {os.getloadavg()[0]:.1f}"
)
