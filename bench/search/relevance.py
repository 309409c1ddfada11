"""Search relevance: nDCG@5 and recall@10 over a hand-judged corpus (issue 15, point 7).

    .venv/bin/python bench/search/relevance.py                    # embedded engine
    .venv/bin/python bench/search/relevance.py --json             # machine-readable
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/anxin_relevance \
        .venv/bin/python bench/search/relevance.py --engine postgres

1. Loads ``tests/search/relevance/corpus.json`` as SearchDocuments (areas with every
   ancestor, as the directory's provider sends them) and registers its facet labels,
   which the engines index as text (嘉定 finds 310114).
2. Rebuilds the chosen engine with them (``Engine.rebuild``: what ``search_reindex``
   runs) — its own SQLite file for the embedded engine; for PostgreSQL the index
   tables in DATABASE_URL's database (created when missing, emptied by the rebuild).
3. Sends every query of ``queries.json`` through what ``GET /api/v1/search`` runs:
   ``search.params.parse_query`` (strict, default page size) and
   ``search.index.search`` (the "most"/"or" relaxation and the pinyin retry included),
   and scores the first results against the judgments.

Metrics (``ndcg_at`` and ``recall_at``, checked on hand-computed examples in
``tests/search/test_relevance.py``):

* nDCG@k — linear gain: DCG = Σ grade_i / log2(i + 1) over ranks i = 1…k, divided by
  the DCG of the ideal order of every judged document (grades 3/2/1; unjudged = 0).
* recall@k — judged documents (grade ≥ 1) among the first k / all judged documents.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "tests" / "search" / "relevance"
NDCG_K = 5
RECALL_K = 10


# --- metrics -------------------------------------------------------------------------


def dcg(grades: Iterable[float]) -> float:
    """Discounted cumulative gain with linear gain: Σ grade_i / log2(i + 1), i from 1."""
    return sum(g / math.log2(i + 1) for i, g in enumerate(grades, start=1))


def ndcg_at(ranked: list[str], judgments: dict[str, int], k: int = NDCG_K) -> float:
    """nDCG@k of ``ranked`` ids; 1.0 when the first k are the best k judged documents."""
    ideal = dcg(sorted(judgments.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(judgments.get(doc_id, 0) for doc_id in ranked[:k]) / ideal


def recall_at(ranked: list[str], judgments: dict[str, int], k: int = RECALL_K) -> float:
    """Share of the judged (grade ≥ 1) documents found among the first k."""
    relevant = {doc_id for doc_id, grade in judgments.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / len(relevant)


# --- the corpus ----------------------------------------------------------------------


def load_corpus(directory: Path = CORPUS_DIR):
    """(documents, labels): the corpus as SearchDocuments and its facet labels."""
    from content.reference.models import ancestor_prefixes
    from content.reference.phones import Phone
    from search.documents import SearchDocument

    data = json.loads((directory / "corpus.json").read_text(encoding="utf-8"))
    docs = []
    for item in data["documents"]:
        kind, number = item["id"].split(":")
        area = item.get("area")
        docs.append(
            SearchDocument(
                id=item["id"],
                kind=kind,
                title=item["title"],
                url=f"/{kind}/{number}/",
                summary=item.get("summary", ""),
                body=item.get("body", ""),
                audiences=item.get("audiences", []),
                topics=item.get("topics", []),
                areas=ancestor_prefixes(area.ljust(12, "0")) if area else [],
                facets={"service_kind": item.get("service_kinds", []), "service": item.get("services", [])},
                location=tuple(item["location"]) if item.get("location") else None,
                date=datetime.fromisoformat(item["date"]).replace(tzinfo=UTC) if item.get("date") else None,
                phones=[Phone(number, label).as_dict() for number, label in item.get("phones", [])],
            )
        )
    return docs, data["labels"]


def load_queries(directory: Path = CORPUS_DIR) -> list[dict]:
    return json.loads((directory / "queries.json").read_text(encoding="utf-8"))


def register_labels(labels: dict[str, dict[str, str]]) -> None:
    """Register the corpus's facet labels, as the content apps register theirs."""
    from search.registry import clear_label_cache, register_facet_labels

    for facet, names in labels.items():
        register_facet_labels(facet, lambda values, names=names: {v: names[v] for v in values if v in names})
    clear_label_cache()


def index_corpus(docs) -> None:
    """Rebuild every engine a change goes to (the configured one and its fallback) with
    ``docs``, as ``manage.py search_reindex`` does."""
    from search.index import write_engines

    for engine in write_engines():
        engine.rebuild(list(docs))


# --- running the queries -------------------------------------------------------------


def query_params(item: dict):
    """The query's API parameters as a QueryDict (q, kind and facet filters)."""
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params["q"] = item["q"]
    if item.get("kind"):
        params["kind"] = item["kind"]
    for name in ("audience", "area", "topic", "service_kind", "service"):
        for value in item.get(name, []):
            params.appendlist(name, value)
    return params


def ranked_ids(item: dict) -> list[str]:
    """Ids of the first RECALL_K results, as ``GET /api/v1/search`` would list them."""
    from search.index import search
    from search.params import parse_query

    results = search(parse_query(query_params(item), strict=True))
    return [hit.id for hit in results.hits][:RECALL_K]


def evaluate(queries: list[dict], progress: Callable[[int, int], None] | None = None) -> dict:
    """Per-query and mean nDCG@5 / recall@10 of the configured engine."""
    rows = []
    for i, item in enumerate(queries, 1):
        ranked = ranked_ids(item)
        judgments = item["judgments"]
        rows.append(
            {
                "q": item["q"],
                "class": item.get("class", ""),
                "filters": {k: item[k] for k in ("kind", "audience", "area") if item.get(k)},
                "ndcg@5": ndcg_at(ranked, judgments),
                "recall@10": recall_at(ranked, judgments),
                "top5": ranked[:NDCG_K],
                "missed": sorted(
                    (d for d, g in judgments.items() if g > 0 and d not in ranked), key=lambda d: -judgments[d]
                ),
                "best": max(judgments, key=judgments.get),
                "best_rank": ranked.index(max(judgments, key=judgments.get)) + 1
                if max(judgments, key=judgments.get) in ranked
                else None,
            }
        )
        if progress:
            progress(i, len(queries))
    by_class: dict[str, list[dict]] = {}
    for row in rows:
        by_class.setdefault(row["class"], []).append(row)

    def mean(values):
        values = list(values)
        return sum(values) / len(values) if values else 0.0

    return {
        "queries": rows,
        "mean_ndcg@5": mean(r["ndcg@5"] for r in rows),
        "mean_recall@10": mean(r["recall@10"] for r in rows),
        "by_class": {
            name: {
                "n": len(group),
                "ndcg@5": mean(r["ndcg@5"] for r in group),
                "recall@10": mean(r["recall@10"] for r in group),
            }
            for name, group in sorted(by_class.items())
        },
    }


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (CJK characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(0, width - columns)


def format_report(report: dict, engine: str) -> str:
    lines = [f"{'query':<36} {'class':<13} {'nDCG@5':>6} {'R@10':>5}  best@  top 5"]
    for r in report["queries"]:
        q = r["q"] + "".join(f" {k}={','.join(v) if isinstance(v, list) else v}" for k, v in r["filters"].items())
        best = "—" if r["best_rank"] is None else str(r["best_rank"])
        lines.append(
            f"{_pad(q, 36)} {r['class']:<13} {r['ndcg@5']:6.3f} {r['recall@10']:5.2f}  {best:>5}  {' '.join(r['top5'])}"
        )
    lines.append("")
    lines.append(f"{'class':<14} {'n':>3} {'nDCG@5':>7} {'R@10':>6}")
    for name, c in report["by_class"].items():
        lines.append(f"{name:<14} {c['n']:>3} {c['ndcg@5']:7.3f} {c['recall@10']:6.3f}")
    lines.append("")
    lines.append(
        f"{engine}: {len(report['queries'])} queries, mean nDCG@5 {report['mean_ndcg@5']:.3f}, "
        f"mean recall@10 {report['mean_recall@10']:.3f}"
    )
    return "\n".join(lines)


# --- command line --------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=["embedded", "postgres"], default="embedded")
    parser.add_argument("--path", type=Path, help="the embedded index file (default: a temporary file)")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="folder with corpus.json and queries.json")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anxin.settings.test")
    # The embedded engine needs no project tables: keep the run off the developers' database.
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/anxin-bench-relevance.sqlite3")
    import django

    django.setup()
    from django.conf import settings

    from bench.search.bench_search import make_engine

    # No SynonymGroup / CrisisPhrase / IntentRule tables in a bench database: the shipped
    # dictionaries, and the intent rules the site ships through migration 0006.
    dictionaries = importlib.import_module("search.analysis.dictionaries")
    shipped = importlib.import_module("search.migrations.0006_shipped_intent_rules").RULES
    intents = [(p, facet, value) for facet, value, text, _note in shipped for p in dictionaries.split_terms(text)]
    dictionaries._editor_entries = lambda: ([], [], intents)
    settings.SEARCH_ENGINE = args.engine
    settings.SEARCH_FALLBACK_ENGINE = ""
    with tempfile.TemporaryDirectory() as tmp:
        settings.SEARCH_EMBEDDED_PATH = args.path or Path(tmp) / "relevance.sqlite3"
        engine = make_engine(args.engine, settings.SEARCH_EMBEDDED_PATH)  # creates the tables / the file
        getattr(engine, "close", lambda: None)()
        docs, labels = load_corpus(args.corpus)
        register_labels(labels)
        index_corpus(docs)
        queries = load_queries(args.corpus)
        print(f"{args.engine}: {len(docs)} documents indexed, {len(queries)} queries", file=sys.stderr)

        def progress(i: int, n: int) -> None:
            if i % 10 == 0 or i == n:
                print(f"  {i}/{n} queries", file=sys.stderr, flush=True)

        report = evaluate(queries, progress)
        from search.index import _engines

        for engine in _engines.values():
            getattr(engine, "close", lambda: None)()
    if args.json:
        print(json.dumps({"engine": args.engine, **report}, ensure_ascii=False, indent=1))
    else:
        print(format_report(report, args.engine))


if __name__ == "__main__":
    main()
