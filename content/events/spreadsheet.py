"""Events and their attendance from a spreadsheet (CSV or XLSX, one row per event), the
template to fill in, and the export of a date range in the same format (a township's
汇总表).

Reading works like the directory import (content.reference.spreadsheet_import): the
file is read twice, streaming; the first pass validates every row and collects every
problem with its row and column; only a clean file is written (content.events.importing),
in one transaction. An organizer imports their own organization's events only. See
docs/data-formats.md for the columns.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from content.reference import spreadsheet_import as reading
from content.reference import spreadsheets
from content.reference.models import AdminArea, Audience, Organization
from content.reference.spreadsheet_import import ImportRejected, RowError

from . import scoping
from .models import SHANGHAI, Campaign, EventKind, EventPage
from .models.attendance import OVER_CAPACITY_FACTOR

# (key, header, required, example); the headers are what the template and the export write.
COLUMNS = [
    ("id", "编号", False, ""),
    ("title", "活动名称", True, "睡眠与情绪讲座"),
    ("kind", "形式", True, "讲座"),
    ("campaign", "宣传活动", False, ""),
    ("start", "开始时间", True, "2023-10-10 09:00"),
    ("end", "结束时间", True, "2023-10-10 11:00"),
    ("area_code", "区划代码", False, "310114102001"),
    ("area_name", "区划名称", False, ""),
    ("organizer", "主办机构", False, ""),
    ("address", "地址", False, "南翔镇人民街 1 号社区活动室"),
    ("online_url", "线上观看链接", False, ""),
    ("audiences", "面向人群", False, "老年人"),
    ("capacity", "容纳人数", False, "50"),
    ("summary", "简介", False, ""),
    ("attendees", "现场人次", False, "45"),
    ("online_views", "线上观看", False, "0"),
    ("materials", "发放资料", False, "60"),
    ("volunteers", "志愿者", False, "3"),
]
ALIASES = {
    "活动形式": "kind",
    "开始": "start",
    "结束": "end",
    "区划": "area_name",
    "地区": "area_name",
    "所属宣传活动": "campaign",
    "现场参与人次": "attendees",
    "线上观看人次": "online_views",
    "发放资料份数": "materials",
    "志愿者人数": "volunteers",
}
LABEL = {key: header for key, header, _r, _e in COLUMNS}
HEADER_TO_KEY = {**{key: key for key in LABEL}, **{header: key for key, header in LABEL.items()}, **ALIASES}
REQUIRED = [key for key, _h, required, _e in COLUMNS if required]
FIGURES = ("attendees", "online_views", "materials", "volunteers")
DEFAULT_MAX_ROWS = 100_000

_NAME_SEP = re.compile(r"[、,，;；/\s]+")
_DATETIME = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$")


def max_rows() -> int:
    return int(getattr(settings, "EVENTS_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


@dataclass
class EventRecord:
    """One event as the importer understood it (already validated)."""

    row: int
    title: str
    kind: str
    start: datetime
    end: datetime
    area_code: str
    organizer_id: int
    pk: int | None = None
    campaign_id: int | None = None
    address: str = ""
    online_url: str = ""
    audience_ids: list[int] = field(default_factory=list)
    capacity: int | None = None
    summary: str = ""
    figures: dict[str, int] | None = None  # None: no attendance figures in the row

    @property
    def key(self) -> tuple:
        return (self.organizer_id, self.title, self.start)


def parse_datetime(text: str) -> datetime:
    """ "2023-10-10 09:00" (also 2023/10/10 9:00, 2023年10月10日, ISO from XLSX) in Beijing time."""
    text = text.strip()
    match = _DATETIME.match(text.replace("T", " ", 1) if "T" in text else text)
    if match:
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        return datetime(year, month, day, hour, minute, second, tzinfo=SHANGHAI)
    value = datetime.fromisoformat(text)  # ValueError for anything else
    return value.astimezone(SHANGHAI) if value.tzinfo else value.replace(tzinfo=SHANGHAI)


def _choice(value: str, choices) -> str | None:
    for code, label in choices.choices:
        if value in (code, str(label)):
            return code
    return None


def _count(raw) -> int:
    """A non-negative whole number ("1,234", 45.0 from Excel); ValueError otherwise."""
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError(raw)
        raw = int(raw)
    value = int(str(raw).replace(",", "").replace("，", "").strip())
    if value < 0 or value > 2_147_483_647:
        raise ValueError(raw)
    return value


class RowReader:
    """Validates one row at a time for ``user`` (an organizer: their organization only)."""

    def __init__(self, user):
        self.user = user
        self.scoped = scoping.is_scoped(user)
        self.own_id = scoping.organization_id_for(user) if self.scoped else None
        self.own_name = Organization.objects.filter(pk=self.own_id).values_list("name", flat=True).first() or ""
        self.kinds = {}
        for code, label in EventKind.choices:
            self.kinds[code] = code
            self.kinds[str(label)] = code
        self.audiences = {}
        for pk, slug, name in Audience.objects.values_list("pk", "slug", "name"):
            self.audiences[slug] = pk
            self.audiences[name] = pk
        self.campaigns = {}
        for campaign in Campaign.objects.all():
            for name in (campaign.slug, str(campaign), campaign.name):
                self.campaigns.setdefault(name, []).append(campaign.pk)
        self._areas: dict[str, list[str]] = {}
        self._organizations: dict[str, int | None] = {}
        self._events: dict[int, int | None] = {}
        self.seen: dict[tuple, int] = {}
        self.seen_ids: dict[int, int] = {}
        self.now = timezone.now()

    def _area_codes(self, code: str, name: str) -> list[str]:
        key = f"code:{code}" if code else f"name:{name}"
        if key not in self._areas:
            query = AdminArea.objects.filter(code=code) if code else AdminArea.objects.filter(name=name)
            self._areas[key] = list(query.values_list("code", flat=True)[:2])
        return self._areas[key]

    def _organization(self, name: str) -> int | None:
        if name not in self._organizations:
            self._organizations[name] = Organization.objects.filter(name=name).values_list("pk", flat=True).first()
        return self._organizations[name]

    def _event_organizer(self, pk: int) -> int | None:
        if pk not in self._events:
            self._events[pk] = EventPage.objects.filter(pk=pk).values_list("organizer_id", flat=True).first()
        return self._events[pk]

    def read(self, number: int, row: dict, errors: list[RowError]) -> EventRecord | None:
        def error(key, message):
            errors.append(RowError(number, LABEL.get(key, key), message))

        before = len(errors)
        values: dict[str, object] = {}
        for key, value in row.items():
            if isinstance(value, str):
                text = value.strip()
                if text.startswith("="):
                    error(key, _("以“=”开头，像是表格公式，不能导入；如确实以“=”开头，请在前面加一个英文单引号（'）。"))
                    text = ""
                value = spreadsheets.unneutralise(text)
            values[key] = value

        def get(key) -> str:
            value = values.get(key)
            if value is None:
                return ""
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return str(value).strip()

        title = get("title")
        if not title:
            error("title", _("活动名称不能为空。"))
        elif len(title) > 255:
            error("title", _("活动名称不能超过 255 个字。"))
        kind = self.kinds.get(get("kind"))
        if kind is None:
            error(
                "kind",
                _("未知的活动形式“%(v)s”。可选：%(options)s")
                % {"v": get("kind"), "options": "、".join(str(label) for label in EventKind.labels)},
            )
        times = {}
        for key in ("start", "end"):
            raw = get(key)
            if not raw:
                error(key, _("请填写时间，格式如 2023-10-10 09:00（北京时间）。"))
                continue
            try:
                times[key] = parse_datetime(raw)
            except (ValueError, OverflowError):
                error(key, _("无法识别的时间“%(v)s”，格式如 2023-10-10 09:00（北京时间）。") % {"v": raw})
        if len(times) == 2 and times["end"] <= times["start"]:
            error("end", _("结束时间必须晚于开始时间。"))

        # organizer: an organizer's own organization; anything else is refused
        organizer_name = get("organizer")
        organizer_id = None
        if self.scoped:
            if organizer_name and organizer_name != self.own_name:
                error(
                    "organizer",
                    _("您只能导入本机构（%(own)s）的活动，不能导入“%(v)s”的活动。")
                    % {"own": self.own_name, "v": organizer_name},
                )
            else:
                organizer_id = self.own_id
        elif not organizer_name:
            error("organizer", _("请填写主办机构（与“机构”中的名称一致）。"))
        else:
            organizer_id = self._organization(organizer_name)
            if organizer_id is None:
                error("organizer", _("未知的主办机构“%(v)s”（请先在“机构”中添加）。") % {"v": organizer_name})

        pk = None
        raw_id = get("id")
        if raw_id:
            try:
                pk = _count(raw_id)
            except ValueError:
                error("id", _("编号必须是导出文件中的数字：%(v)s") % {"v": raw_id})
            else:
                owner = self._event_organizer(pk)
                if owner is None:
                    error("id", _("没有编号为 %(v)s 的活动；新活动请留空编号。") % {"v": raw_id})
                elif self.scoped and owner != self.own_id:
                    error("id", _("编号 %(v)s 是其他机构的活动，您只能导入本机构的活动。") % {"v": raw_id})
                elif pk in self.seen_ids:
                    error("id", _("与第 %(row)s 行的编号重复。") % {"row": self.seen_ids[pk]})
                else:
                    self.seen_ids[pk] = number

        code, area_name = get("area_code"), get("area_name")
        area_code = ""
        if code:
            if not code.isdigit() or len(code) not in (2, 4, 6, 9, 12):
                error("area_code", _("区划代码必须是 2、4、6、9 或 12 位数字：%(v)s") % {"v": code})
            elif not self._area_codes(code.ljust(12, "0"), ""):
                error("area_code", _("未知的区划代码 %(v)s。") % {"v": code})
            else:
                area_code = code.ljust(12, "0")
        elif area_name:
            codes = self._area_codes("", area_name)
            if not codes:
                error("area_name", _("未知的区划名称“%(v)s”。") % {"v": area_name})
            elif len(codes) > 1:
                error("area_name", _("有多个名为“%(v)s”的区划，请改填区划代码。") % {"v": area_name})
            else:
                area_code = codes[0]
        else:
            error("area_code", _("请填写区划代码或区划名称。"))

        campaign_id = None
        raw_campaign = get("campaign")
        if raw_campaign:
            found = self.campaigns.get(raw_campaign, [])
            if len(found) != 1:
                error(
                    "campaign",
                    (_("有多个名为“%(v)s”的宣传活动，请填写网址标识（如 wmhd-2023）。") if found else
                     _("未知的宣传活动“%(v)s”（请填写名称或网址标识）。")) % {"v": raw_campaign},
                )  # fmt: skip
            else:
                campaign_id = found[0]

        address, online_url = get("address")[:255], get("online_url")
        if online_url:
            try:
                URLValidator(schemes=["http", "https"])(online_url)
            except ValidationError:
                error("online_url", _("网址无效：%(v)s") % {"v": online_url})
        if kind == EventKind.ONLINE and not online_url:
            error("online_url", _("线上直播需要填写观看链接。"))
        if kind and kind != EventKind.ONLINE and not address:
            error("address", _("线下活动请填写地址。"))

        audience_ids = []
        for item in _NAME_SEP.split(get("audiences")):
            if not item:
                continue
            if item in self.audiences:
                audience_ids.append(self.audiences[item])
            else:
                error("audiences", _("未知的面向人群“%(v)s”。") % {"v": item})

        capacity = None
        if get("capacity"):
            try:
                capacity = _count(values.get("capacity")) or None
            except ValueError:
                error("capacity", _("请填写不小于 0 的整数：%(v)s") % {"v": get("capacity")})
        summary = get("summary")
        if len(summary) > 300:
            error("summary", _("简介不能超过 300 个字。"))

        figures = None
        if any(get(key) for key in FIGURES):
            figures = {}
            for key in FIGURES:
                try:
                    figures[key] = _count(values.get(key)) if get(key) else 0
                except ValueError:
                    error(key, _("请填写不小于 0 的整数：%(v)s") % {"v": get(key)})
            if "start" in times and times["start"] > self.now:
                error(LABEL["attendees"], _("活动尚未开始，开始后才能填报参与人次。"))
            if capacity and len(figures) == len(FIGURES):
                figure = figures["online_views"] if kind == EventKind.ONLINE else figures["attendees"]
                if figure > OVER_CAPACITY_FACTOR * capacity:
                    error(
                        "attendees" if kind != EventKind.ONLINE else "online_views",
                        _("人数 %(figure)d 超过容纳人数 %(capacity)d 的三倍，请核对。")
                        % {"figure": figure, "capacity": capacity},
                    )

        if len(errors) != before:
            return None
        record = EventRecord(
            row=number,
            title=title,
            kind=kind,
            start=times["start"],
            end=times["end"],
            area_code=area_code,
            organizer_id=organizer_id,
            pk=pk,
            campaign_id=campaign_id,
            address=address,
            online_url=online_url,
            audience_ids=sorted(set(audience_ids)),
            capacity=capacity,
            summary=summary,
            figures=figures,
        )
        if pk is None:
            if record.key in self.seen:
                error(
                    "title",
                    _("与第 %(row)s 行是同一场活动（主办机构、名称和开始时间相同）。") % {"row": self.seen[record.key]},
                )
                return None
            self.seen[record.key] = number
        return record


_keys = reading.header_keys_for(HEADER_TO_KEY, REQUIRED, LABEL)


def open_rows(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict]]:
    return reading.open_rows(path, _keys, max_rows=max_rows(), encoding=encoding)


def read_file(path: Path, user, progress: Callable[[int], None] | None = None) -> tuple[list[EventRecord], str]:
    """Validate every row; raise ImportRejected with every problem, or return the records
    and the CSV encoding's label ("" for XLSX)."""
    path = Path(path)
    suffix = reading.check_suffix(path)
    encoding = reading.detect_encoding(path) if suffix == ".csv" else None
    if scoping.is_scoped(user) and scoping.organization_id_for(user) is None:
        raise reading.file_error(_("您的账号还没有关联机构，不能导入活动；请联系管理员。"))
    reader = RowReader(user)
    errors: list[RowError] = []
    records = []
    for number, row in open_rows(path, encoding):
        record = reader.read(number, row, errors)
        if record is not None:
            records.append(record)
        if progress:
            progress(1)
    if errors:
        raise ImportRejected(reading.sorted_errors(errors))
    if not records:
        raise ImportRejected([RowError(2, _("表头"), _("文件里没有数据行。"))])
    return records, reading.ENCODING_LABELS.get(encoding, "") if encoding else ""


# --- the template and the export ----------------------------------------------------


def headers() -> list[str]:
    return [header for _k, header, _r, _e in COLUMNS]


def _local(value: datetime) -> str:
    return timezone.localtime(value, SHANGHAI).strftime("%Y-%m-%d %H:%M")


def export_rows(queryset) -> Iterator[list]:
    """One row per event in the import's column order (the figures blank without a report)."""
    campaigns = {c.pk: c.slug for c in Campaign.objects.all()}
    events = queryset.select_related("organizer", "area", "attendance").prefetch_related("audiences")
    for page in events.order_by("start", "pk").iterator(chunk_size=500):
        report = getattr(page, "attendance", None)
        figures = [getattr(report, key) for key in FIGURES] if report is not None else ["" for _key in FIGURES]
        yield [
            page.pk,
            page.title,
            str(page.get_kind_display()),
            campaigns.get(page.campaign_id, ""),
            _local(page.start),
            _local(page.end),
            page.area_id,
            page.area.name,
            page.organizer.name,
            page.address,
            page.online_url,
            "、".join(a.name for a in sorted(page.audiences.all(), key=lambda a: (a.sort_order, a.name))),
            page.capacity or "",
            page.summary,
            *figures,
        ]


def export_queryset(user, date_from: date, date_to: date):
    """Every event (live or draft) starting within the range that ``user`` may see."""
    from .queries import local_day_bounds

    start, end = local_day_bounds(date_from, date_to)
    return scoping.scope_events(EventPage.objects.filter(start__gte=start, start__lt=end), user)


def rows_csv(rows: Iterable[list]) -> bytes:
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer)
    writer.writerow(headers())
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_xlsx(rows: Iterable[list], title: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    spreadsheets.xlsx_append(sheet, headers())
    for row in rows:
        spreadsheets.xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_rows() -> list[list]:
    return [[example for _k, _h, _r, example in COLUMNS]]


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("活动")
    spreadsheets.xlsx_append(sheet, headers())
    for row in template_rows():
        spreadsheets.xlsx_append(sheet, row)
    notes = workbook.create_sheet(_("说明"))
    spreadsheets.xlsx_append(notes, [_("列"), _("必填"), _("说明")])
    help_text = {
        "id": _("导出文件中的活动编号；新活动留空。再次导入同一文件只会更新，不会重复。"),
        "kind": "、".join(str(label) for label in EventKind.labels),
        "campaign": _("宣传活动的名称或网址标识（如 wmhd-2023），可留空。"),
        "start": _("北京时间，格式如 2023-10-10 09:00。"),
        "area_code": _("12 位统计用区划代码；也可只填“区划名称”。"),
        "organizer": _("与“机构”中的名称一致；活动组织者可留空（本机构）。"),
        "attendees": _(
            "现场人次、线上观看、发放资料、志愿者：只填人数，不填姓名；活动开始后才能填。都留空表示暂不填报。"
        ),
    }
    for key, header, required, _e in COLUMNS:
        spreadsheets.xlsx_append(notes, [header, _("是") if required else _("否"), str(help_text.get(key, ""))])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
