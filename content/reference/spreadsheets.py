"""Writing spreadsheets nobody can turn into a weapon: the one place every CSV and XLSX
the site produces goes through.

A spreadsheet program executes a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and,
after a tab or carriage return, whatever follows) — so an organisation renamed
``=HYPERLINK("http://…"&A1,"点这里")`` would turn every export into a phishing link that
leaks the neighbouring cells ("CSV injection", OWASP). As OWASP recommends, a text cell
starting with one of those characters is written with a leading single quote; in XLSX,
text cells are also stored as strings, never as formulas. Only text is touched: numbers
(a negative count, a coordinate) stay numbers.

``unneutralise`` undoes the quote when a file the site exported comes back as an
import, so an export → edit → import round trip leaves names as they were.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from django.utils.encoding import force_str
from django.utils.functional import Promise

#: What a spreadsheet program reads as the start of a formula (or a DDE command).
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value: Any) -> Any:
    """The value to write into a cell: text starting with a formula character is
    prefixed with a single quote; anything else is returned as it is."""
    if isinstance(value, Promise):
        value = force_str(value)
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return QUOTE + value
    return value


def unneutralise(value: str) -> str:
    """Undo ``neutralise`` on a cell read back from one of our own exports."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(DANGEROUS_PREFIXES):
        return value[1:]
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in values]


class SafeCsvWriter:
    """``csv.writer`` whose rows are neutralised cell by cell."""

    def __init__(self, stream, **kwargs):
        self._writer = csv.writer(stream, **kwargs)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **kwargs)


def xlsx_append(sheet, values: Iterable[Any]) -> list:
    """Append a row of neutralised cells to an openpyxl worksheet (normal or write-only),
    text always stored as a string; returns the row's cells."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    values = safe_row(values)
    if isinstance(sheet, WriteOnlyWorksheet):
        cells = [WriteOnlyCell(sheet, value) for value in values]
    else:
        sheet.append(values)
        cells = list(sheet[sheet.max_row])[: len(values)]
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never "f", whatever the text looks like
    if isinstance(sheet, WriteOnlyWorksheet):
        sheet.append(cells)
    return cells


def protect_wagtail_exports() -> None:
    """Every Wagtail listing with ``list_export`` — our snippet listings (service points,
    attendance reports), our review-due report and Wagtail's own reports (aging pages,
    locked pages, site history, workflows) — writes through SpreadsheetExportMixin, whose
    XLSX text is already typed as strings but whose CSV rows go out as they are:
    neutralise every cell and heading there. Called once from ReferenceConfig.ready()."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_anxin_protected", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(preprocess(self, field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin._anxin_protected = True


__all__ = [
    "DANGEROUS_PREFIXES",
    "SafeCsvWriter",
    "csv_writer",
    "neutralise",
    "protect_wagtail_exports",
    "safe_row",
    "unneutralise",
    "xlsx_append",
]
