"""The acceptance line of issue 15: ``search/engines`` hold no Chinese label, no content
kind name, no app's facet or area rule. Read from the source (string literals that are
not docstrings, names, imports), so a label or kind name slipped into an engine fails
here rather than in a review."""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

import pytest

from search import registry
from search.documents import SearchDocument

ENGINES = Path(__file__).resolve().parents[2] / "search" / "engines"
CJK = re.compile(r"[\u4e00-\u9fff]")


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _sources():
    files = sorted(ENGINES.rglob("*.py"))
    assert len(files) >= 10, files  # the package split into modules, all of them read
    for path in files:
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _literals(tree: ast.AST):
    docstrings = _docstring_ids(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def test_no_chinese_text_in_engine_code():
    found = [
        f"{path.name}:{node.lineno} {node.value[:40]!r}"
        for path, tree in _sources()
        for node in _literals(tree)
        if CJK.search(node.value)
    ]
    assert found == []


@pytest.mark.django_db
def test_no_registered_kind_facet_or_content_app_named_in_engine_code():
    kinds = registry.kind_names()
    assert {"article", "service", "event"} <= set(kinds)  # the apps registered theirs
    # facets the apps registered (service_kind, service …); audience, area and topic are
    # also fields of the core's own SearchDocument (audiences, areas, topics), which engines
    # may name
    core_fields = {f.name.removesuffix("s") for f in fields(SearchDocument)} | {f.name for f in fields(SearchDocument)}
    facet_names = set(registry.facets()) - core_fields
    assert "service_kind" in facet_names
    forbidden = {*kinds, *facet_names}
    found = []
    for path, tree in _sources():
        for node in _literals(tree):
            if node.value in forbidden:
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                module = node.module if isinstance(node, ast.ImportFrom) else node.names[0].name
                if module and module.split(".")[0] == "content":
                    found.append(f"{path.name}:{node.lineno} imports {module}")
    assert found == []


def test_the_scan_sees_what_it_forbids(tmp_path):
    """The scan itself: a label and a kind name in a literal are found; a docstring is not."""
    tree = ast.parse('"""说明文字"""\nLABEL = "文章"\nKIND = "article"\n')
    values = [node.value for node in _literals(tree)]
    assert values == ["文章", "article"]
