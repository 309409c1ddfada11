"""Importing statistical division codes (行政区划): from a ``code,name`` CSV file, or rows
read from the official dataset (divisions.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .models import LEVEL_DIGITS, AdminArea, level_of, normalise_area_code

BATCH_SIZE = 5000


@dataclass
class AreaImportError(Exception):
    """Raised with every bad row; nothing has been written."""

    problems: list[str]

    def __str__(self) -> str:
        return "\n".join(self.problems)


def read_area_rows(stream: Iterable[str]) -> list[tuple[str, str]]:
    """Parse ``code,name`` rows (a header row is optional); validate every row first."""
    reader = csv.reader(stream)
    rows: list[tuple[str, str]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for line_no, row in enumerate(reader, start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if line_no == 1 and row[0].strip().lower() == "code":
            continue
        if len(row) < 2:
            problems.append(_("第 %(row)d 行：需要“代码,名称”两列。") % {"row": line_no})
            continue
        raw_code, name = row[0].strip(), row[1].strip()
        try:
            code = normalise_area_code(raw_code)
        except ValueError as exc:
            problems.append(_("第 %(row)d 行：%(error)s") % {"row": line_no, "error": exc})
            continue
        if not name:
            problems.append(_("第 %(row)d 行：名称不能为空。") % {"row": line_no})
            continue
        if code in seen:
            problems.append(_("第 %(row)d 行：代码 %(code)s 重复。") % {"row": line_no, "code": raw_code})
            continue
        seen.add(code)
        rows.append((code, name[:100]))
    if problems:
        raise AreaImportError(problems)
    return rows


def import_areas(
    stream: Iterable[str] | io.TextIOBase,
    progress: Callable[[int, int], None] | None = None,
    *,
    only_missing: bool = False,
) -> tuple[int, int]:
    """Create or update the areas of a ``code,name`` CSV, all or nothing. Returns (created, updated)."""
    return write_areas(read_area_rows(stream), progress=progress, only_missing=only_missing)


def write_areas(
    rows: list[tuple[str, str]],
    progress: Callable[[int, int], None] | None = None,
    *,
    only_missing: bool = False,
) -> tuple[int, int]:
    """Create or update areas (12-digit code, name), all or nothing. Returns (created, updated).

    Rows are sorted by level so every parent exists before its children; the parent is the
    nearest existing ancestor by code prefix. A re-run changes only rows whose name or parent
    differs (``updated`` counts those), so it never duplicates and costs one read when
    nothing changed. ``only_missing`` leaves existing rows alone (load_demo: an editor's
    rename stays). Reads and writes go in batches of BATCH_SIZE.
    """
    rows = sorted(rows, key=lambda r: (level_of(r[0]), r[0]))
    total = len(rows)
    created = updated = 0
    with transaction.atomic():
        existing: dict[str, tuple[str, str | None]] = {}
        codes = [c for c, _name in rows]
        for start in range(0, len(codes), BATCH_SIZE):
            chunk = codes[start : start + BATCH_SIZE]
            for code, name, parent in AdminArea.objects.filter(code__in=chunk).values_list("code", "name", "parent"):
                existing[code] = (name, parent)
        # Ancestors of the rows that are already in the database (not in the rows) can be parents too.
        outside = {
            code[: LEVEL_DIGITS[lvl]].ljust(12, "0") for code in codes for lvl in range(1, level_of(code))
        } - set(codes)
        known = set(existing) | set(AdminArea.objects.filter(code__in=outside).values_list("code", flat=True))
        batch_new: list[AdminArea] = []
        batch_old: list[AdminArea] = []
        done = 0
        for code, name in rows:
            level = level_of(code)
            parent_code = None
            for lvl in range(level - 1, 0, -1):
                candidate = code[: LEVEL_DIGITS[lvl]].ljust(12, "0")
                if candidate in known:
                    parent_code = candidate
                    break
            known.add(code)
            done += 1
            if existing.get(code) == (name, parent_code) or (only_missing and code in existing):
                continue  # unchanged, or not ours to change
            area = AdminArea(
                code=code, name=name, level=level, prefix=code[: LEVEL_DIGITS[level]], parent_id=parent_code
            )
            (batch_old if code in existing else batch_new).append(area)
            if len(batch_new) + len(batch_old) >= BATCH_SIZE:
                created, updated = _flush(batch_new, batch_old, created, updated)
                if progress:
                    progress(done, total)
        created, updated = _flush(batch_new, batch_old, created, updated)
        if progress:
            progress(done, total)
    return created, updated


def _flush(batch_new, batch_old, created, updated):
    from .area_search import refresh_terms

    if batch_new:
        AdminArea.objects.bulk_create(batch_new, batch_size=BATCH_SIZE)
        created += len(batch_new)
    if batch_old:
        AdminArea.objects.bulk_update(batch_old, ["name", "level", "prefix", "parent"], batch_size=BATCH_SIZE)
        updated += len(batch_old)
    refresh_terms(batch_new + batch_old)  # bulk writes skip save(): the chooser's name pieces
    batch_new.clear()
    batch_old.clear()
    return created, updated
