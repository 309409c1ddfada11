"""Demo directory for 上海市嘉定区 (310114), idempotent.

- Real hotlines (12356, 962525, Jiading's 39590800, Beijing's 800-810-1117 /
  010-82951332, 希望24 400-161-9995, 12355): real numbers, not marked illustrative.
- Local entries are fictional (addresses, phone numbers) and marked
  ``is_illustrative`` (the page says "示例信息，请以当地公布为准").
- Consultation rooms in about 75 % of Jiading's 399 real villages/communities (chosen
  by a hash of the code, so the same ones every run), a few of them temporarily
  closed: the coverage report shows the district just below the 80 % target, which
  is the realistic and interesting case. Community stations in 10 of 12 townships.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, time, timedelta
from decimal import Decimal

from content.reference.models import AdminArea, AdminAreaLevel

from .importing import HoursRow, Record, write_records
from .models import ServiceOffered, ServicePoint

NAMESPACE = uuid.UUID("0b6f7d0e-2a43-4b8e-9f0a-7c1d2e3f4a5b")
DISTRICT = "310114"
TODAY = date(2025, 10, 10)  # fixed so that re-running the demo changes nothing

SERVICES_OFFERED = [
    ("心理咨询", "counselling", "一对一的心理咨询或谈心。"),
    ("心理疏导", "emotional-support", "倾听、情绪支持和疏导。"),
    ("心理测评", "assessment", "心理健康自评与专业测评。"),
    ("危机干预", "crisis-intervention", "有自伤、自杀风险时的紧急干预。"),
    ("心理健康科普", "psychoeducation", "讲座、宣传和科普资料。"),
    ("团体辅导", "group-support", "小组活动、团体辅导。"),
    ("精神科诊疗", "psychiatry", "精神科医生的诊断和治疗。"),
    ("转介", "referral", "需要时转介到医院或专业机构。"),
]

# Township/street centres (approximate, WGS-84).
TOWNSHIPS = {
    "310114001": ("新成路街道", 31.392, 121.247),
    "310114002": ("真新街道", 31.252, 121.358),
    "310114004": ("嘉定镇街道", 31.383, 121.252),
    "310114102": ("南翔镇", 31.298, 121.318),
    "310114103": ("安亭镇", 31.296, 121.168),
    "310114106": ("马陆镇", 31.338, 121.275),
    "310114109": ("徐行镇", 31.424, 121.276),
    "310114111": ("华亭镇", 31.450, 121.238),
    "310114114": ("外冈镇", 31.368, 121.170),
    "310114118": ("江桥镇", 31.258, 121.330),
    "310114401": ("菊园新区", 31.410, 121.240),
    "310114501": ("嘉定工业区", 31.420, 121.205),
}
STATION_TOWNSHIPS = [code for code in TOWNSHIPS if code not in {"310114002", "310114501"}]

WEEKDAY_HOURS = [HoursRow(d, time(9, 0), time(11, 30)) for d in range(5)] + [
    HoursRow(d, time(13, 30), time(17, 0)) for d in range(5)
]
OFFICE_HOURS = [HoursRow(d, time(8, 30), time(17, 0)) for d in range(5)]
CLINIC_HOURS = [HoursRow(d, time(8, 0), time(16, 30)) for d in range(6)]


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def _id(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def _near(township: str, seed: str, spread: float = 0.02) -> tuple[Decimal, Decimal]:
    _name, lat, lng = TOWNSHIPS[township]
    h = _hash(seed)
    dlat = ((h % 1000) / 1000 - 0.5) * spread
    dlng = (((h // 1000) % 1000) / 1000 - 0.5) * spread
    q = Decimal("0.000001")
    return Decimal(str(lat + dlat)).quantize(q), Decimal(str(lng + dlng)).quantize(q)


def _fake_phone(seed: str) -> str:
    return f"021-5999{_hash(seed) % 10000:04d}"


def _room_name(village: str, seed: int) -> str:
    base = village.replace("村民委员会", "").replace("社区居委会", "社区").replace("居委会", "社区")
    return base + ("谈心室" if seed % 3 == 0 else "心理咨询室")


def local_records() -> list[Record]:
    records = []
    villages = AdminArea.objects.filter(level=AdminAreaLevel.VILLAGE, code__startswith=DISTRICT).order_by("code")
    for village in villages:
        h = _hash(village.code)
        if h % 100 >= 76:
            continue  # no room here yet
        township = village.code[:9]
        lat, lng = _near(township, village.code)
        status = "temporarily closed" if h % 67 == 0 else "active"
        verified = TODAY - timedelta(days=(h % 540))  # some older than 12 months
        records.append(
            Record(
                uuid=_id(f"room:{village.code}"),
                name=_room_name(village.name, h),
                kind="consultation_room",
                organization_name="",
                area_code=village.code,
                address=f"上海市嘉定区{TOWNSHIPS[township][0]}{village.name}党群服务站二楼（示例）",
                latitude=lat,
                longitude=lng,
                hours=WEEKDAY_HOURS,
                hours_note="法定节假日休息；其他时间可拨打 12356",
                services_offered=[("counselling", "心理咨询"), ("emotional-support", "心理疏导")],
                audiences=["public", "elders", "parents"] if h % 2 else ["public", "special-families"],
                fee="free",
                booking="walk_in",
                status=status,
                last_verified=verified,
                is_illustrative=True,
            )
        )
    for code in STATION_TOWNSHIPS:
        name = TOWNSHIPS[code][0]
        lat, lng = _near(code, f"station:{code}", 0.004)
        social_work = _hash(code) % 2 == 0
        records.append(
            Record(
                uuid=_id(f"station:{code}"),
                name=f"{name}{'社区精神健康社工站' if social_work else '心理健康服务驿站'}",
                kind="community_station",
                area_code=f"{code}000",
                address=f"上海市嘉定区{name}社区事务受理服务中心三楼（示例）",
                latitude=lat,
                longitude=lng,
                phones=[("预约电话", _fake_phone(code))],
                hours=[*OFFICE_HOURS, HoursRow(5, time(9, 0), time(12, 0))],
                services_offered=[
                    ("counselling", "心理咨询"),
                    ("assessment", "心理测评"),
                    ("group-support", "团体辅导"),
                    ("referral", "转介"),
                ],
                audiences=["public", "smi-families", "special-families", "elders"],
                booking="appointment",
                last_verified=TODAY - timedelta(days=_hash(code) % 200),
                is_illustrative=True,
            )
        )
    specials = [
        (
            "workplace:jdip",
            "嘉定工业区职工心灵驿站",
            "workplace_station",
            "310114501000",
            "嘉定区总工会",
            "嘉定工业区职工服务中心一楼（示例）",
            ["workers"],
            [("counselling", "心理咨询"), ("psychoeducation", "心理健康科普")],
            OFFICE_HOURS,
            "appointment",
            "free",
        ),
        (
            "workplace:anting",
            "安亭汽车城职业心理健康驿站",
            "workplace_station",
            "310114103000",
            "嘉定区总工会",
            "安亭镇汽车城大厦二楼（示例）",
            ["workers"],
            [("counselling", "心理咨询"), ("assessment", "心理测评")],
            [HoursRow(d, time(12, 0), time(20, 0)) for d in range(5)],
            "appointment",
            "free",
        ),
        (
            "school:jd1",
            "嘉定区第一中学心理辅导室",
            "school_counselling",
            "310114004000",
            "嘉定区教育局",
            "嘉定镇街道某路 1 号（示例）",
            ["children-youth", "students", "parents"],
            [("counselling", "心理咨询")],
            [HoursRow(d, time(12, 0), time(13, 0)) for d in range(5)]
            + [HoursRow(d, time(16, 0), time(17, 30)) for d in range(5)],
            "appointment",
            "free",
        ),
        (
            "school:nx",
            "南翔镇中心小学心理辅导室",
            "school_counselling",
            "310114102000",
            "嘉定区教育局",
            "南翔镇某路 8 号（示例）",
            ["children-youth", "parents"],
            [("counselling", "心理咨询")],
            OFFICE_HOURS,
            "appointment",
            "free",
        ),
        (
            "school:teachers",
            "嘉定区教师心理健康服务点",
            "school_counselling",
            "310114001000",
            "嘉定区教育局",
            "新成路街道教育服务中心（示例）",
            ["teachers"],
            [("counselling", "心理咨询"), ("group-support", "团体辅导")],
            [HoursRow(2, time(14, 0), time(17, 0))],
            "appointment",
            "free",
        ),
        (
            "minor:jq",
            "江桥镇未成年人保护工作站",
            "minor_protection",
            "310114118000",
            "",
            "江桥镇社区事务受理服务中心（示例）",
            ["children-in-difficulty", "children-youth", "parents"],
            [("emotional-support", "心理疏导"), ("referral", "转介")],
            OFFICE_HOURS,
            "walk_in",
            "free",
        ),
        (
            "minor:ml",
            "马陆镇未成年人保护工作站",
            "minor_protection",
            "310114106000",
            "马陆镇人民政府",
            "马陆镇社区事务受理服务中心（示例）",
            ["children-in-difficulty", "children-youth"],
            [("emotional-support", "心理疏导"), ("referral", "转介")],
            OFFICE_HOURS,
            "walk_in",
            "free",
        ),
        (
            "clinic:central",
            "嘉定区中心医院心理门诊",
            "hospital_clinic",
            "310114004000",
            "嘉定区中心医院",
            "嘉定区中心医院门诊楼（示例地址）",
            ["public", "workers", "elders"],
            [("counselling", "心理咨询"), ("assessment", "心理测评"), ("psychiatry", "精神科诊疗")],
            CLINIC_HOURS,
            "appointment",
            "insurance",
        ),
        (
            "clinic:nanxiang",
            "南翔镇社区卫生服务中心心理咨询门诊",
            "hospital_clinic",
            "310114102000",
            "南翔镇社区卫生服务中心",
            "南翔镇社区卫生服务中心二楼（示例）",
            ["public", "elders"],
            [("counselling", "心理咨询"), ("assessment", "心理测评")],
            [HoursRow(1, time(13, 30), time(16, 30)), HoursRow(3, time(13, 30), time(16, 30))],
            "appointment",
            "insurance",
        ),
        (
            "clinic:perinatal",
            "嘉定区妇幼保健院孕产期心理保健门诊",
            "specialist_clinic",
            "310114004000",
            "嘉定区妇幼保健院",
            "嘉定区妇幼保健院门诊三楼（示例地址）",
            ["perinatal", "parents"],
            [("counselling", "心理咨询"), ("assessment", "心理测评")],
            OFFICE_HOURS,
            "appointment",
            "insurance",
        ),
        (
            "clinic:youth",
            "嘉定区精神卫生中心儿童青少年心理门诊",
            "specialist_clinic",
            "310114106000",
            "嘉定区精神卫生中心",
            "嘉定区精神卫生中心门诊楼（示例地址）",
            ["children-youth", "students", "parents"],
            [("counselling", "心理咨询"), ("assessment", "心理测评"), ("psychiatry", "精神科诊疗")],
            CLINIC_HOURS,
            "appointment",
            "insurance",
        ),
        (
            "centre:jd",
            "嘉定区精神卫生中心",
            "mental_health_centre",
            "310114106000",
            "嘉定区精神卫生中心",
            "嘉定区精神卫生中心（示例地址）",
            ["public", "smi-families"],
            [("psychiatry", "精神科诊疗"), ("crisis-intervention", "危机干预"), ("assessment", "心理测评")],
            CLINIC_HOURS,
            "appointment",
            "insurance",
        ),
        (
            "online:jd",
            "嘉定心理健康线上服务（示例）",
            "online",
            "",
            "嘉定区心理卫生协会",
            "",
            ["public", "students", "workers"],
            [("psychoeducation", "心理健康科普"), ("assessment", "心理测评")],
            [HoursRow(d, time(9, 0), time(21, 0)) for d in range(7)],
            "online",
            "free",
        ),
    ]
    for key, name, kind, area, org, address, audiences, offered, hours, booking, fee in specials:
        township = (area or "310114004000")[:9]
        if township not in TOWNSHIPS:
            township = "310114004"
        lat, lng = _near(township, key, 0.01) if kind != "online" else (None, None)
        records.append(
            Record(
                uuid=_id(key),
                name=name,
                kind=kind,
                organization_name=org,
                area_code=area or "310114000000",
                address=f"上海市嘉定区{address}" if address else "",
                latitude=lat,
                longitude=lng,
                phones=[("咨询电话", _fake_phone(key))],
                hours=hours,
                audiences=audiences,
                services_offered=offered,
                booking=booking,
                fee=fee,
                fee_note="按医保规定结算" if fee == "insurance" else "",
                accessibility="有无障碍通道和电梯" if kind in {"hospital_clinic", "mental_health_centre"} else "",
                website="https://example.org/" if kind == "online" else "",
                last_verified=TODAY - timedelta(days=_hash(key) % 420),
                is_illustrative=True,
            )
        )
    # A closed-down entry: in the admin, never on a public page, feed, search or API.
    records.append(
        Record(
            uuid=_id("defunct:old-station"),
            name="原嘉定镇街道心理服务点（已撤销，示例）",
            kind="community_station",
            area_code="310114004000",
            address="上海市嘉定区嘉定镇街道（示例）",
            status="defunct",
            last_verified=TODAY - timedelta(days=400),
            is_illustrative=True,
        )
    )
    return records


def hotline_records() -> list[Record]:
    """Real lines from FACTS.md: real numbers, not illustrative."""
    all_days = ["public"]
    return [
        Record(
            uuid=_id("hotline:12356"),
            name="全国统一心理援助热线 12356",
            kind="hotline",
            organization_name="国家卫生健康委员会",
            description="国家卫生健康委员会统一设立的心理援助热线，2025年5月1日起全国31个省份均已开通。匿名，免费。",
            phones=[("心理援助热线", "12356")],
            hours_note="各城市至少每天18小时，许多城市24小时",
            services_offered=[("emotional-support", "心理疏导"), ("crisis-intervention", "危机干预")],
            audiences=all_days,
            booking="walk_in",
            last_verified=TODAY,
        ),
        Record(
            uuid=_id("hotline:962525"),
            name="上海市心理热线 962525",
            kind="hotline",
            organization_name="上海市精神卫生中心",
            area_code="310000000000",
            description="由上海市精神卫生中心运营，2021年10月10日正式开通，24小时服务。",
            phones=[("心理热线", "962525")],
            is_24_7=True,
            services_offered=[("emotional-support", "心理疏导"), ("crisis-intervention", "危机干预")],
            audiences=all_days,
            last_verified=TODAY,
        ),
        Record(
            uuid=_id("hotline:jiading"),
            name="嘉定区心理援助热线",
            kind="hotline",
            organization_name="嘉定区精神卫生中心",
            area_code="310114000000",
            description="嘉定区公布的心理援助热线。",
            phones=[("心理援助热线", "021-39590800")],
            hours_note="服务时间以嘉定区公布为准",
            services_offered=[("emotional-support", "心理疏导")],
            audiences=all_days,
            last_verified=TODAY,
        ),
        Record(
            uuid=_id("hotline:beijing"),
            name="北京心理危机研究与干预中心热线",
            kind="hotline",
            organization_name="北京心理危机研究与干预中心",
            area_code="110000000000",
            description="设在北京回龙观医院，2002年起提供24小时心理危机干预热线。",
            phones=[("固定电话拨打（免费）", "800-810-1117"), ("手机拨打", "010-82951332")],
            is_24_7=True,
            services_offered=[("crisis-intervention", "危机干预")],
            audiences=all_days,
            last_verified=TODAY,
        ),
        Record(
            uuid=_id("hotline:hope24"),
            name="希望24热线",
            kind="hotline",
            organization_name="希望24热线",
            description="2012年起由志愿者运营的全国性心理危机干预热线。",
            phones=[("危机干预热线", "400-161-9995")],
            is_24_7=True,
            services_offered=[("crisis-intervention", "危机干预")],
            audiences=all_days,
            last_verified=TODAY,
        ),
        Record(
            uuid=_id("hotline:12355"),
            name="12355 青少年服务台",
            kind="hotline",
            organization_name="共青团中央青少年服务台",
            description="共青团设立的青少年服务台，为青少年提供心理和法律方面的帮助。",
            phones=[("青少年服务台", "12355")],
            hours_note="服务时间因城市而异",
            services_offered=[("emotional-support", "心理疏导")],
            audiences=["children-youth", "students", "parents"],
            last_verified=TODAY,
        ),
    ]


def load(log) -> None:
    for order, (name, slug, description) in enumerate(SERVICES_OFFERED, start=1):
        ServiceOffered.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order * 10}
        )
    log(f"服务项目：{len(SERVICES_OFFERED)} 个")
    records = hotline_records() + local_records()
    # Only entries that are not there: an entry an editor changed keeps the editor's version.
    existing = set(ServicePoint.objects.filter(uuid__in=[r.uuid for r in records]).values_list("uuid", flat=True))
    missing = [r for r in records if r.uuid not in existing]
    created, _updated = write_records(missing)
    rooms = sum(1 for r in records if r.kind == "consultation_room")
    log(f"服务点：{len(records)} 个（其中村/社区心理咨询室 {rooms} 个），新增 {created}，已有的保持不变")
