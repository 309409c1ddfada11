"""CPU time of ``EmbeddedEngine.suggest`` alone over the suggest bench queries (less
sensitive to a loaded machine than wall time):

    .venv/bin/python bench/search/suggest_engine_cpu.py [index path]
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/anxin-bench-search.sqlite3")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    import django

    django.setup()
    importlib.import_module("search.analysis.dictionaries")._editor_entries = lambda: ([], [], [])
    from bench.search.suggest_queries import suggest_queries
    from search.engines.embedded import EmbeddedEngine

    engine = EmbeddedEngine(sys.argv[1] if len(sys.argv) > 1 else ROOT / "var" / "bench" / "search.sqlite3")
    for params in suggest_queries(60, seed=99):
        engine.suggest(params["q"], 8, params.get("kind"))
    cpu, wall = [], []
    for params in suggest_queries(300):
        c, w = time.thread_time(), time.perf_counter()
        engine.suggest(params["q"], 8, params.get("kind"))
        cpu.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    print(
        f"engine.suggest over {len(cpu)} queries: CPU p50 {pct(cpu, 50):.2f} ms, p95 {pct(cpu, 95):.2f} ms, "
        f"p99 {pct(cpu, 99):.2f} ms; wall p50 {pct(wall, 50):.2f} ms, p95 {pct(wall, 95):.2f} ms; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
