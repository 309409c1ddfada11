"""Wall time of searches filtered by a facet value that is rare, common, or that a kind
does not have (a topic on services, a made-up ``service_kind``), on an existing index:

    .venv/bin/python bench/search/filter_browse.py /tmp/b16/search520k.sqlite3

Build the index with ``bench/search/bench_search.py --path …`` first. Each request is
sent ``--repeat`` times; the best time counts (the page cache is off).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

REQUESTS = [
    {"topic": "internet"},  # a topic only articles have: the services are not read
    {"topic": "internet", "kind": "article"},
    {"audience": "elders"},  # 100,000 of the services: read in rowid order, checked one by one
    {"service_kind": "no-such-kind"},  # a value nobody has
    {"q": "失眠", "topic": "internet"},
    {"q": "心理咨询室", "topic": "internet"},  # a word in 319,401 services, a topic they lack
    {"q": "心理咨询室", "service_kind": "no-such-kind"},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.search.api_client import api_client

    client = api_client(args.path)
    client.get("/api/v1/search", {"q": "预热"})
    print(f"best of {args.repeat}, wall ms; load average {os.getloadavg()[0]:.1f}")
    for params in REQUESTS:
        best = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            response = client.get("/api/v1/search", params)
            dt = (time.perf_counter() - t) * 1000
            best = dt if best is None else min(best, dt)
        counts = response.json().get("counts") if response.status_code == 200 else response.status_code
        print(f"  {best:8.1f} ms  {params}  {counts}", flush=True)


if __name__ == "__main__":
    main()
