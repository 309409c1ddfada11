"""Demo reference data: Jiading's real division codes, the groups the policy
documents name, organizations and reviewers. Idempotent: creates what is missing and
never changes a row that exists (an editor may have renamed or edited it)."""

from __future__ import annotations

from django.conf import settings

from .areas import import_areas
from .models import AdminArea, Audience, Expert, Organization, OrganizationKind

DEMO_AREAS_CSV = settings.BASE_DIR / "site" / "demo" / "areas-310114.csv"
DEMO_DISTRICT = "310114000000"

AUDIENCES = [
    ("儿童青少年", "children-youth", "中小学生和青少年，包括留守、流动儿童。"),
    ("大学生", "students", "高校学生与研究生。"),
    ("家长", "parents", "关心孩子心理健康的父母和监护人。"),
    ("孕产妇", "perinatal", "孕期和产后一年内的妈妈及家人。"),
    ("职场人群", "workers", "在职职工、新就业形态劳动者。"),
    ("老年人", "elders", "空巢、独居、丧偶老人和照护者。"),
    ("计生特殊家庭", "special-families", "独生子女伤残或死亡的家庭。"),
    ("困境儿童", "children-in-difficulty", "孤儿、事实无人抚养儿童等困境儿童。"),
    ("残疾人及家属", "disability", "残疾人和他们的家人。"),
    ("严重精神障碍患者家属", "smi-families", "严重精神障碍患者的家属和照护者。"),
    ("教师", "teachers", "中小学和高校教师、班主任、心理教师。"),
    ("公众", "public", "所有关心心理健康的人。"),
]

ORGANIZATIONS = [
    ("嘉定区卫生健康委员会", OrganizationKind.HEALTH_COMMISSION, DEMO_DISTRICT),
    ("嘉定区精神卫生中心", OrganizationKind.MENTAL_HEALTH_CENTRE, DEMO_DISTRICT),
    ("嘉定区中心医院", OrganizationKind.HOSPITAL, DEMO_DISTRICT),
    ("嘉定区妇幼保健院", OrganizationKind.HOSPITAL, DEMO_DISTRICT),
    ("嘉定区教育局", OrganizationKind.GOVERNMENT, DEMO_DISTRICT),
    ("嘉定区总工会", OrganizationKind.SOCIAL_ORGANIZATION, DEMO_DISTRICT),
    ("嘉定区心理卫生协会", OrganizationKind.SOCIAL_ORGANIZATION, DEMO_DISTRICT),
    ("嘉定镇街道社区卫生服务中心", OrganizationKind.COMMUNITY_HEALTH, "310114004000"),
    ("南翔镇社区卫生服务中心", OrganizationKind.COMMUNITY_HEALTH, "310114102000"),
    ("安亭镇社区卫生服务中心", OrganizationKind.COMMUNITY_HEALTH, "310114103000"),
    ("江桥镇社区卫生服务中心", OrganizationKind.COMMUNITY_HEALTH, "310114118000"),
    ("马陆镇人民政府", OrganizationKind.STREET_OFFICE, "310114106000"),
    ("上海市精神卫生中心", OrganizationKind.MENTAL_HEALTH_CENTRE, "310000000000"),
    ("国家卫生健康委员会", OrganizationKind.HEALTH_COMMISSION, None),
    ("北京心理危机研究与干预中心", OrganizationKind.MENTAL_HEALTH_CENTRE, "110000000000"),
    ("希望24热线", OrganizationKind.SOCIAL_ORGANIZATION, None),
    ("共青团中央青少年服务台", OrganizationKind.SOCIAL_ORGANIZATION, None),
]

# Fictional reviewers: the demo must not attribute approval to real people.
EXPERTS = [
    ("王安宁（示例）", "主任医师", "嘉定区精神卫生中心"),
    ("陈思远（示例）", "心理治疗师", "嘉定区中心医院心理门诊"),
    ("李静（示例）", "副主任医师", "嘉定区妇幼保健院"),
]


def load(log) -> None:
    if not DEMO_AREAS_CSV.exists():
        raise FileNotFoundError(DEMO_AREAS_CSV)
    # Provinces outside Shanghai that demo organizations point at.
    for code, name in [("110000000000", "北京市")]:
        AdminArea.objects.get_or_create(code=code, defaults={"name": name})
    with DEMO_AREAS_CSV.open(encoding="utf-8") as fh:
        created, _updated = import_areas(fh, only_missing=True)
    log(f"行政区划：新增 {created}")

    # The standard audiences come from migrate (reference 0002); this fills in any deleted since.
    names = set(Audience.objects.values_list("name", flat=True))
    created = 0
    for order, (name, slug, description) in enumerate(AUDIENCES, start=1):
        if name in names or Audience.objects.filter(slug=slug).exists():
            continue
        Audience.objects.create(slug=slug, name=name, description=description, sort_order=order * 10)
        created += 1
    log(f"服务人群：新增 {created} 个")

    created = 0
    for name, kind, area_code in ORGANIZATIONS:
        created += Organization.objects.get_or_create(name=name, defaults={"kind": kind, "area_id": area_code})[1]
    log(f"机构：新增 {created} 个")

    created = 0
    for name, title, institution in EXPERTS:
        created += Expert.objects.get_or_create(name=name, defaults={"title": title, "institution": institution})[1]
    log(f"审核专家：新增 {created} 位")
