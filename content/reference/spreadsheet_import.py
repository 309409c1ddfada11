"""Reading spreadsheets users upload (CSV or XLSX): the part every importer shares.

The directory import (content.directory.spreadsheet) and the events import
(content.events.spreadsheet) read files the same way: a CSV's encoding is detected
(a BOM for UTF-8 or UTF-16, else strict UTF-8, else GB18030 — what Excel on Chinese
Windows writes); an XLSX is read streaming (openpyxl read-only); the first row is the
header, mapped to keys by the importer; empty rows are skipped; a file too long, a cell
longer than Excel allows or a file that is not text in any encoding is rejected with a
Chinese message. Every problem is a :class:`RowError` (row as the spreadsheet shows it,
column, message); :class:`ImportRejected` carries all of them and means nothing was
written.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: Excel's own limit for the text in one cell.
MAX_CELL_CHARS = 32_767
_CHUNK = 1024 * 1024
#: Never in a text spreadsheet: C0 controls other than tab/CR/LF, and DEL.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_NOT_TEXT = re.compile(f"[{_CONTROL}]")
#: GB18030 decodes almost any bytes: what it makes of random ones also lands in the
#: private-use area (user-defined byte pairs) or on the replacement character.
_NOT_GB_TEXT = re.compile(f"[{_CONTROL}\ufffd\ue000-\uf8ff]")
ENCODING_LABELS = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GBK/GB18030", "utf-16": "UTF-16"}
SUFFIXES = {".csv", ".xlsx"}


@dataclass
class RowError:
    row: int | str
    column: str
    message: str

    def __str__(self) -> str:
        return _("第 %(row)s 行，%(column)s：%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportRejected(Exception):
    """The file was rejected; ``errors`` lists every problem. Nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(_("文件有 %(n)s 处错误，未导入任何数据。") % {"n": len(errors)})


def sorted_errors(errors: list[RowError]) -> list[RowError]:
    """File-level errors ("-") first, then by row number."""
    return sorted(errors, key=lambda e: int(e.row) if str(e.row).isdigit() else 0)


def file_error(message) -> ImportRejected:
    return ImportRejected([RowError("-", _("文件"), message)])


def check_suffix(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise file_error(_("只支持 .csv 和 .xlsx 文件。"))
    return suffix


def _decodes_as_text(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    not_text = _NOT_GB_TEXT if encoding == "gb18030" else _NOT_TEXT
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                if not_text.search(decoder.decode(chunk)):
                    return False
            if not_text.search(decoder.decode(b"", final=True)):
                return False
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """The text encoding of a CSV: a BOM (UTF-8, UTF-16), else strict UTF-8, else GB18030
    (a superset of GBK, what Excel on Chinese Windows writes). Raises ImportRejected for a
    file that is not text in any of them (random bytes, a workbook named .csv)."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04"):
        raise file_error(_("这是一个 Excel（.xlsx）工作簿，不是 CSV：请把扩展名改为 .xlsx 后再上传。"))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise file_error(_("这是旧版 Excel（.xls）文件：请在 Excel 中“另存为”.xlsx 或 CSV 后再上传。"))
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        if _decodes_as_text(path, encoding):
            return encoding
    supported = "UTF-8、GBK/GB18030、UTF-16"
    raise file_error(
        _("不是文本格式的 CSV，或编码无法识别（支持 %(encodings)s）。请在 Excel 中另存为“CSV UTF-8”后再上传。")
        % {"encodings": supported}
    )


def _check_size(number: int, values, max_rows: int) -> None:
    if number - 1 > max_rows:
        raise file_error(_("文件行数太多：一次最多 %(max)s 行，请拆分成几个文件分别导入。") % {"max": max_rows})
    for value in values:
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise ImportRejected(
                [
                    RowError(
                        number,
                        _("单元格"),
                        _("内容超过 %(max)s 个字符（Excel 单元格的上限）。") % {"max": MAX_CELL_CHARS},
                    )
                ]
            )


def _csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list]]:
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline(_CHUNK)
        dialect = "excel-tab" if "\t" in first and "," not in first else "excel"
        fh.seek(0)
        # csv's own limit (131,072 characters by default, process-wide, so left alone)
        # is larger than Excel's; a longer field is reported as a row error.
        reader = csv.reader(fh, dialect)
        number = 1
        try:
            for number, values in enumerate(reader, start=1):
                yield number, values
        except csv.Error:
            raise ImportRejected(
                [
                    RowError(
                        number + 1,
                        _("单元格"),
                        _("内容超过 %(max)s 个字符（Excel 单元格的上限），或引号不成对。") % {"max": MAX_CELL_CHARS},
                    )
                ]
            )


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple]]:
    from openpyxl import load_workbook

    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise file_error(_("这是旧版 Excel（.xls）文件：请在 Excel 中“另存为”.xlsx 或 CSV 后再上传。"))
    not_xlsx = _("不是有效的 .xlsx 工作簿（文件可能已损坏，或其实是别的格式）。")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # BadZipFile, KeyError, InvalidFileException, XML errors…
        raise file_error(not_xlsx)
    try:
        if not workbook.worksheets:
            raise file_error(not_xlsx)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        number = 0
        while True:
            try:
                values = next(rows)
            except StopIteration:
                break
            except Exception:
                logger.warning("unreadable xlsx row after %s in %s", number, path, exc_info=True)
                raise file_error(not_xlsx)
            number += 1
            yield number, values
    finally:
        workbook.close()


def xlsx_cell(value):
    """An XLSX cell as the importers read it: long integers (area codes typed as numbers)
    as their digits, dates and times as ISO text, anything else as it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) > 1e6:
        return str(int(value))
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()
    return value


def open_rows(
    path: Path,
    header_keys: Callable[[list | tuple | None], list[str | None]],
    *,
    max_rows: int,
    encoding: str | None = None,
) -> Iterator[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {key: value}) for each data row.

    ``header_keys`` maps the header row to a key per column (``None``: ignored column)
    and raises ImportRejected for a missing header or required column; it is called
    with ``None`` for an empty file.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(path)
        clean = xlsx_cell
    else:
        rows = _csv_rows(path, encoding or detect_encoding(path))
        clean = str
    keys = None
    for number, values in rows:
        values = values or ()
        _check_size(number, values, max_rows)
        if keys is None:
            keys = header_keys(values)
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        yield number, {k: clean(v) for k, v in zip(keys, values, strict=False) if k}
    if keys is None:
        header_keys(None)


def header_keys_for(header_to_key: dict[str, str], required: list[str], label: dict[str, str]):
    """A ``header_keys`` function for :func:`open_rows` from a header → key map."""

    def header_keys(header) -> list[str | None]:
        if not header:
            raise ImportRejected([RowError(1, _("表头"), _("文件是空的，或缺少表头行。"))])
        keys = [header_to_key.get(str(h or "").strip()) for h in header]
        missing = [label[k] for k in required if k not in keys]
        if missing:
            raise ImportRejected([RowError(1, _("表头"), _("缺少必填列：%(cols)s") % {"cols": "、".join(missing)})])
        return keys

    return header_keys


__all__ = [
    "ENCODING_LABELS",
    "MAX_CELL_CHARS",
    "ImportRejected",
    "RowError",
    "check_suffix",
    "detect_encoding",
    "file_error",
    "header_keys_for",
    "open_rows",
    "sorted_errors",
    "xlsx_cell",
]
