"""Spreadsheet import (CSV or XLSX, one row per service point) and its template.

The file is read twice, streaming (``csv`` row by row, openpyxl in read-only mode):
first every row is validated and every problem collected with its row number and
column; only a clean file is then written, in one transaction. See
docs/data-formats.md for the columns.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date, time
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from content.reference import spreadsheet_import as reading
from content.reference import spreadsheets
from content.reference.models import Audience
from content.reference.phones import normalise_phone

from .importing import (
    BATCH,
    HoursRow,
    ImportRejected,
    Record,
    RowError,
    hours_warning,
    known_area_codes,
    write_records,
)
from .models import REMOTE_KINDS, Booking, Fee, ServiceKind, ServiceOffered, ServiceStatus

# (key, header in the template, required, example)
COLUMNS = [
    ("id", "HSDS标识", False, ""),
    ("name", "名称", True, "马陆镇大裕村心理咨询室"),
    ("kind", "类型", True, "consultation_room"),
    ("organization", "运营机构", False, "马陆镇人民政府"),
    ("area_code", "区划代码", False, "310114106201"),
    ("address", "地址", False, "上海市嘉定区马陆镇大裕村村委会二楼"),
    ("latitude", "纬度", False, "31.3201"),
    ("longitude", "经度", False, "121.2602"),
    ("phones", "电话", False, "预约电话：021-59150000；12356"),
    ("hours", "开放时间", False, "1-5 09:00-17:00；6 09:00-12:00"),
    ("hours_note", "时间说明", False, "法定节假日休息"),
    ("services_offered", "服务项目", False, "心理咨询、心理疏导"),
    ("audiences", "服务人群", False, "老年人、家长"),
    ("fee", "费用", False, "免费"),
    ("fee_note", "费用说明", False, ""),
    ("accessibility", "无障碍", False, "一楼，有坡道"),
    ("booking", "预约方式", False, "直接前往"),
    ("status", "状态", False, "active"),
    ("last_verified", "最近核实", False, "2025-09-01"),
    ("website", "网址", False, ""),
    ("description", "简介", False, ""),
    ("is_illustrative", "示例信息", False, "否"),
]
HEADER_TO_KEY = {}
for _key, _header, _required, _example in COLUMNS:
    HEADER_TO_KEY[_key] = _key
    HEADER_TO_KEY[_header] = _key
REQUIRED = [key for key, _h, required, _e in COLUMNS if required]
LABEL = {key: header for key, header, _r, _e in COLUMNS}
logger = logging.getLogger(__name__)

_LIST_SEP = re.compile(r"[;；\n]+")
_NAME_SEP = re.compile(r"[、,，;；/\s]+")
_LABEL_SEP = re.compile(r"[:：]")
_HOURS = re.compile(r"^(\d)(?:\s*-\s*(\d))?\s+(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})$")
TRUE_WORDS = {"是", "yes", "true", "1", "y"}
FALSE_WORDS = {"否", "no", "false", "0", "n", ""}


def _choice(value: str, choices) -> str | None:
    value = value.strip()
    for code, label in choices.choices:
        if value in (code, str(label)):
            return code
    # Short labels: "心理咨询室" matches "心理咨询室（谈心室/社会工作室）".
    for code, label in choices.choices:
        if value and str(label).startswith(value):
            return code
    return None


def parse_time(value: str) -> time:
    hours, minutes = value.split(":")
    hours, minutes = int(hours), int(minutes)
    if hours == 24 and minutes == 0:
        return time(0, 0)
    return time(hours, minutes)


def parse_hours(text: str) -> tuple[bool, list[HoursRow]]:
    """ "1-5 09:00-17:00；6 09:00-12:00" → rows (1 = Monday … 7 = Sunday); "24/7" → all day."""
    text = (text or "").strip()
    if text.lower() in {"24/7", "24小时", "全天"}:
        return True, []
    rows = []
    for part in _LIST_SEP.split(text):
        part = part.strip()
        if not part:
            continue
        match = _HOURS.match(part)
        if not match:
            raise ValueError(
                _("无法识别“%(part)s”，格式如“1-5 09:00-17:00”（1=周一，7=周日）或“24/7”。") % {"part": part}
            )
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not (1 <= first <= last <= 7):
            raise ValueError(_("星期须为 1–7：%(part)s") % {"part": part})
        opens, closes = parse_time(match.group(3)), parse_time(match.group(4))
        for day in range(first, last + 1):
            rows.append(HoursRow(day - 1, opens, closes))
    return False, rows


class RowReader:
    """Validates one row at a time; the caller batches area look-ups."""

    def __init__(self):
        self.audiences = {}
        for a in Audience.objects.all():
            self.audiences[a.slug] = a.slug
            self.audiences[a.name] = a.slug
        self.offered = {}
        for o in ServiceOffered.objects.all():
            self.offered[o.slug] = (o.slug, o.name)
            self.offered[o.name] = (o.slug, o.name)

    def read(self, number: int, row: dict, errors: list[RowError]) -> Record | None:
        def error(key, message):
            errors.append(RowError(number, LABEL.get(key, key), message))

        before = len(errors)
        row = dict(row)
        for key, value in row.items():
            if not isinstance(value, str):
                continue
            text = value.strip()
            if text.startswith("="):
                # A formula typed as text (Excel would have saved its value): refused, as
                # a spreadsheet would run it again when the directory is exported.
                error(key, _("以“=”开头，像是表格公式，不能导入；如确实以“=”开头，请在前面加一个英文单引号（'）。"))
                text = ""
            row[key] = spreadsheets.unneutralise(text)
        get = lambda key: str(row.get(key) if row.get(key) is not None else "").strip()  # noqa: E731
        name = get("name")
        if not name:
            error("name", _("名称不能为空。"))
        elif len(name) > 200:
            error("name", _("名称不能超过 200 个字。"))
        kind = _choice(get("kind"), ServiceKind)
        if kind is None:
            error("kind", _("未知的服务类型“%(v)s”。") % {"v": get("kind")})
        record = Record(name=name, kind=kind or "", row=number)
        if get("id"):
            try:
                record.uuid = uuid.UUID(get("id"))
            except ValueError:
                error("id", _("HSDS标识必须是 UUID。"))
        record.organization_name = get("organization")[:200]
        code = get("area_code")
        if code:
            if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
                error("area_code", _("区划代码必须是 2、4、6、9 或 12 位数字：%(v)s") % {"v": code})
            else:
                record.area_code = code.ljust(12, "0")
        elif kind and kind not in REMOTE_KINDS:
            error("area_code", _("线下服务点必须填写区划代码。"))
        record.address = get("address")[:255]
        for key, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            raw = get(key)
            if not raw:
                continue
            try:
                value = Decimal(raw).quantize(Decimal("0.000001"))
            except InvalidOperation:
                error(key, _("不是数字：%(v)s") % {"v": raw})
                continue
            if not (low <= value <= high):
                error(key, _("超出范围（%(low)s 到 %(high)s）：%(v)s") % {"low": low, "high": high, "v": raw})
                continue
            setattr(record, key, value)
        if (record.latitude is None) != (record.longitude is None) and len(errors) == before:
            error("longitude", _("经纬度需同时填写或同时留空。"))
        for item in _LIST_SEP.split(get("phones")):
            item = item.strip()
            if not item:
                continue
            parts = _LABEL_SEP.split(item, maxsplit=1)
            label, raw = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else ("", item)
            try:
                record.phones.append((label[:50], normalise_phone(raw)))
            except ValidationError as exc:
                error("phones", exc.messages[0])
        try:
            record.is_24_7, record.hours = parse_hours(get("hours"))
        except ValueError as exc:
            error("hours", str(exc))
        record.hours_note = get("hours_note")[:255]
        for item in _NAME_SEP.split(get("services_offered")):
            if not item:
                continue
            if item in self.offered:
                record.services_offered.append(self.offered[item])
            else:
                error("services_offered", _("未知的服务项目“%(v)s”（请先在“服务项目”中添加）。") % {"v": item})
        for item in _NAME_SEP.split(get("audiences")):
            if not item:
                continue
            if item in self.audiences:
                record.audiences.append(self.audiences[item])
            else:
                error("audiences", _("未知的服务人群“%(v)s”。") % {"v": item})
        for key, choices, default in (("fee", Fee, Fee.FREE), ("booking", Booking, Booking.WALK_IN)):
            raw = get(key)
            value = _choice(raw, choices) if raw else default
            if value is None:
                error(
                    key,
                    _("无法识别“%(v)s”。可选：%(options)s")
                    % {"v": raw, "options": "、".join(map(str, choices.labels))},
                )
            else:
                setattr(record, key, value)
        raw_status = get("status")
        status = _choice(raw_status, ServiceStatus) if raw_status else ServiceStatus.ACTIVE
        if raw_status == "inactive":
            status = ServiceStatus.TEMPORARILY_CLOSED
        if status is None:
            error("status", _("状态须为 active、temporarily closed 或 defunct（或 正常服务/暂停服务/已撤销）。"))
        else:
            record.status = status
        record.fee_note = get("fee_note")[:255]
        record.accessibility = get("accessibility")[:255]
        raw_date = get("last_verified")
        if raw_date:
            try:
                record.last_verified = date.fromisoformat(raw_date[:10])
            except ValueError:
                error("last_verified", _("日期格式应为 YYYY-MM-DD：%(v)s") % {"v": raw_date})
        website = get("website")
        if website:
            try:
                URLValidator()(website)
                record.website = website
            except ValidationError:
                error("website", _("网址无效：%(v)s") % {"v": website})
        record.description = get("description")
        flag = get("is_illustrative").lower()
        if flag in TRUE_WORDS:
            record.is_illustrative = True
        elif flag not in FALSE_WORDS:
            error("is_illustrative", _("请填写“是”或“否”。"))
        return record if len(errors) == before else None


#: Rows one file may hold (``DIRECTORY_IMPORT_MAX_ROWS`` in settings overrides it).
DEFAULT_MAX_ROWS = 1_000_000
ENCODING_LABELS = reading.ENCODING_LABELS
detect_encoding = reading.detect_encoding
_keys = reading.header_keys_for(HEADER_TO_KEY, REQUIRED, LABEL)


def max_rows() -> int:
    return int(getattr(settings, "DIRECTORY_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def _open_rows(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict]]:
    """(row number as the spreadsheet shows it, {key: value}) for each data row."""
    return reading.open_rows(path, _keys, max_rows=max_rows(), encoding=encoding)


def validate_file(path: Path, progress: Callable[[int], None] | None = None, encoding: str | None = None) -> int:
    """First pass: raise ImportRejected with every problem, or return the row count."""
    errors: list[RowError] = []
    reader = RowReader()
    count = 0
    batch: list[Record] = []

    def check_areas():
        known = known_area_codes(r.area_code for r in batch)
        for r in batch:
            if r.area_code and r.area_code not in known:
                errors.append(RowError(r.row, LABEL["area_code"], _("未知的区划代码 %(v)s。") % {"v": r.area_code}))
        batch.clear()

    for number, row in _open_rows(path, encoding):
        count += 1
        record = reader.read(number, row, errors)
        if record is not None:
            batch.append(record)
        if len(batch) >= BATCH:
            check_areas()
        if progress:
            progress(1)
    check_areas()
    if errors:
        raise ImportRejected(reading.sorted_errors(errors))
    if count == 0:
        raise ImportRejected([RowError(2, _("表头"), _("文件里没有数据行。"))])
    return count


class ImportResult(tuple):
    """(created, updated) — unpacks like the pair it always was — plus ``encoding``: how a
    CSV's text was read ("UTF-8", "GBK/GB18030", "UTF-16"; "" for XLSX), and ``warnings``:
    rows that were imported but need an editor's look (a hotline without hours)."""

    def __new__(cls, created: int, updated: int, encoding: str = "", warnings: list[RowError] | None = None):
        result = super().__new__(cls, (created, updated))
        result.encoding = encoding
        result.warnings = list(warnings or [])
        return result

    @property
    def created(self) -> int:
        return self[0]

    @property
    def updated(self) -> int:
        return self[1]


def import_file(path: Path, progress: Callable[[int], None] | None = None) -> ImportResult:
    """Validate, then write (all or nothing). Returns (created, updated) with ``encoding``."""
    path = Path(path)
    reading.check_suffix(path)
    encoding = detect_encoding(path) if path.suffix.lower() == ".csv" else None
    validate_file(path, encoding=encoding)
    reader = RowReader()
    errors: list[RowError] = []
    warnings: list[RowError] = []

    def records():
        for number, row in _open_rows(path, encoding):
            record = reader.read(number, row, errors)
            if record is not None:
                if warning := hours_warning(record, LABEL["hours"]):
                    warnings.append(warning)
                yield record

    created, updated = write_records(records(), progress=progress)
    return ImportResult(created, updated, ENCODING_LABELS.get(encoding, "") if encoding else "", warnings)


def template_csv() -> str:
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer)
    writer.writerow([header for _k, header, _r, _e in COLUMNS])
    writer.writerow([example for _k, _h, _r, example in COLUMNS])
    return "\ufeff" + buffer.getvalue()


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("服务点")
    spreadsheets.xlsx_append(sheet, [header for _k, header, _r, _e in COLUMNS])
    spreadsheets.xlsx_append(sheet, [example for _k, _h, _r, example in COLUMNS])
    notes = workbook.create_sheet(_("说明"))
    spreadsheets.xlsx_append(notes, [_("列"), _("必填"), _("说明")])
    help_text = {
        "kind": "、".join(f"{c}={label}" for c, label in ServiceKind.choices),
        "phones": _("多个号码用“；”分隔，可写“说明：号码”。"),
        "hours": _("“1-5 09:00-17:00；6 09:00-12:00”，1=周一…7=周日；全天开放写“24/7”。"),
        "area_code": _("12 位统计用区划代码（村/社区、镇/街道或区县）；热线和线上服务可留空。"),
        "status": _("active / temporarily closed / defunct"),
        "latitude": _("WGS-84 坐标。高德/腾讯地图坐标为 GCJ-02，需先转换。"),
    }
    for key, header, required, _e in COLUMNS:
        spreadsheets.xlsx_append(notes, [header, _("是") if required else _("否"), str(help_text.get(key, ""))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
