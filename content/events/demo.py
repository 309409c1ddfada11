"""Demo events: World Mental Health Day 2025 in Jiading (人人享有心理健康服务), with attendance
reports for the past events, a 2023 campaign, and a few upcoming events relative to today.

Idempotent: events are found by slug, reports by event; running it twice changes nothing.
Upcoming events that have slipped into the past (a demo database kept for weeks) are moved
forward again so the public list is never empty.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.utils import timezone
from wagtail.models import Site

from content.reference.models import AdminArea, Audience, Organization

from .models import SHANGHAI, AttendanceBreakdown, AttendanceReport, Campaign, CampaignAreaTarget, EventIndexPage
from .models import EventPage as EventPageModel

DISTRICT = "310114000000"
TOWNSHIP_NAMES = {
    "310114004": "嘉定镇街道",
    "310114102": "南翔镇",
    "310114103": "安亭镇",
    "310114106": "马陆镇",
    "310114118": "江桥镇",
    "310114001": "新成路街道",
}

CAMPAIGNS = [
    {
        "slug": "wmhd-2025",
        "name": "世界精神卫生日宣传活动",
        "year": 2025,
        "theme": "人人享有心理健康服务",
        "description": "围绕 10 月 10 日世界精神卫生日，各街镇、医院、学校和社会组织开展讲座、义诊咨询、健步走等活动。",
        "start_date": datetime.date(2025, 9, 20),
        "end_date": datetime.date(2025, 10, 31),
        "target_events": 12,
        "target_reach": 4000,
        "areas": [("310114102000", 3, 800), ("310114004000", 3, 800), ("310114103000", 2, 500)],
    },
    {
        "slug": "wmhd-2023",
        "name": "世界精神卫生日宣传活动",
        "year": 2023,
        "theme": "促进儿童心理健康，共同守护美好未来",
        "description": "2023 年世界精神卫生日，聚焦儿童青少年心理健康。",
        "start_date": datetime.date(2023, 9, 25),
        "end_date": datetime.date(2023, 10, 31),
        "target_events": 2,
        "target_reach": 500,
        "areas": [],
    },
]

# slug, title, kind, organizer, township, (y, m, d, h, min), hours, audiences, capacity, report
# report = (attendees, online, materials, volunteers, {audience slug: count})
PAST_EVENTS = [
    (
        "wmhd2025-opening",
        "世界精神卫生日主题宣传暨义诊咨询",
        "consultation",
        "嘉定区卫生健康委员会",
        "310114004",
        (2025, 10, 10, 9, 0),
        3,
        ["public", "elders"],
        300,
        (620, 0, 1500, 40, {"elders": 210}),
    ),
    (
        "wmhd2025-nanxiang-sleep",
        "睡个好觉：老年人睡眠与情绪讲座",
        "lecture",
        "南翔镇社区卫生服务中心",
        "310114102",
        (2025, 10, 9, 14, 0),
        2,
        ["elders"],
        80,
        (76, 0, 120, 4, {"elders": 76}),
    ),
    (
        "wmhd2025-nanxiang-walk",
        "心手相连健步走",
        "walk",
        "南翔镇社区卫生服务中心",
        "310114102",
        (2025, 10, 11, 8, 30),
        3,
        ["public", "workers"],
        400,
        (350, 0, 400, 30, {}),
    ),
    (
        "wmhd2025-jiading-parents",
        "和孩子好好说话：家长心理课堂",
        "lecture",
        "嘉定镇街道社区卫生服务中心",
        "310114004",
        (2025, 10, 12, 19, 0),
        2,
        ["parents"],
        60,
        (58, 240, 60, 3, {"parents": 58}),
    ),
    (
        "wmhd2025-anting-perinatal",
        "孕产期情绪健康讲座",
        "lecture",
        "嘉定区妇幼保健院",
        "310114103",
        (2025, 10, 15, 14, 0),
        2,
        ["perinatal"],
        50,
        (42, 180, 50, 2, {"perinatal": 42}),
    ),
    (
        "wmhd2025-workers",
        "职场减压团体辅导",
        "group",
        "嘉定区总工会",
        "310114106",
        (2025, 10, 16, 18, 30),
        2,
        ["workers"],
        20,
        (18, 0, 20, 2, {"workers": 18}),
    ),
    (
        "wmhd2025-teachers",
        "班主任心理危机识别培训",
        "training",
        "嘉定区教育局",
        "310114001",
        (2025, 10, 17, 13, 30),
        3,
        ["teachers"],
        120,
        (115, 0, 115, 4, {"teachers": 115}),
    ),
    (
        "wmhd2025-live",
        "心理健康服务在身边：线上直播答疑",
        "online",
        "嘉定区精神卫生中心",
        "",
        (2025, 10, 10, 19, 30),
        1,
        ["public"],
        None,
        (0, 3200, 0, 5, {}),
    ),
    (
        "wmhd2025-jiangqiao-orienteering",
        "心理健康知识定向赛",
        "orienteering",
        "江桥镇社区卫生服务中心",
        "310114118",
        (2025, 10, 18, 9, 0),
        3,
        ["children-youth", "parents"],
        150,
        (138, 0, 300, 15, {"children-youth": 80}),
    ),
    (
        "wmhd2025-special-families",
        "计生特殊家庭心理关爱沙龙",
        "group",
        "嘉定区心理卫生协会",
        "310114004",
        (2025, 10, 20, 14, 0),
        2,
        ["special-families"],
        25,
        (21, 0, 25, 6, {"special-families": 21}),
    ),
    (
        "wmhd2025-malu-publicity",
        "社区心理健康宣传摊位",
        "publicity",
        "马陆镇人民政府",
        "310114106",
        (2025, 10, 10, 9, 30),
        4,
        ["public"],
        None,
        (0, 0, 800, 12, {}),
    ),
    (
        "wmhd2023-children",
        "守护童心：儿童心理健康家长讲座",
        "lecture",
        "嘉定区精神卫生中心",
        "310114004",
        (2023, 10, 10, 14, 0),
        2,
        ["parents", "children-youth"],
        100,
        (96, 150, 100, 3, {"parents": 96}),
    ),
]

# slug, title, kind, organizer, township, days from today, hour, hours, audiences, capacity, registration
UPCOMING_EVENTS = [
    (
        "upcoming-nanxiang-elders",
        "老年人情绪健康讲座",
        "lecture",
        "南翔镇社区卫生服务中心",
        "310114102",
        3,
        14,
        2,
        ["elders"],
        60,
        "",
    ),
    (
        "upcoming-jiading-consult",
        "社区心理义诊咨询日",
        "consultation",
        "嘉定镇街道社区卫生服务中心",
        "310114004",
        7,
        9,
        3,
        ["public"],
        None,
        "",
    ),
    (
        "upcoming-students-live",
        "考前减压：线上直播",
        "online",
        "嘉定区精神卫生中心",
        "",
        10,
        19,
        1,
        ["students", "children-youth"],
        None,
        "",
    ),
    (
        "upcoming-anting-parents",
        "青春期亲子沟通工作坊",
        "group",
        "安亭镇社区卫生服务中心",
        "310114103",
        16,
        9,
        3,
        ["parents"],
        20,
        "https://example.invalid/baoming",
    ),
]


def _index_page(log) -> EventIndexPage:
    home = Site.objects.get(is_default_site=True).root_page
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(
            title="心理健康活动",
            slug="huodong",
            intro="<p>讲座、义诊咨询、团体辅导、健步走……找到身边的心理健康活动，也可以把活动加入手机日历。</p>",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        log(f"活动列表页：{index.title}")
    return index


def _campaigns() -> dict[str, Campaign]:
    result = {}
    for spec in CAMPAIGNS:
        spec = dict(spec)
        area_targets = spec.pop("areas")
        slug = spec.pop("slug")
        campaign, _ = Campaign.objects.get_or_create(slug=slug, defaults=spec)
        for code, events, reach in area_targets:
            CampaignAreaTarget.objects.get_or_create(
                campaign=campaign, area_id=code, defaults={"target_events": events, "target_reach": reach}
            )
        result[slug] = campaign
    return result


def _area(township: str) -> AdminArea:
    if not township:
        return AdminArea.objects.get(code=DISTRICT)
    # The event takes place in the township's first village/community when there is one.
    return AdminArea.objects.filter(parent_id=f"{township}000").order_by("code").first() or AdminArea.objects.get(
        code=f"{township}000"
    )


def _venue(township: str):
    """The township's community station from the directory demo, if it was loaded."""
    if not township or not apps.is_installed("content.directory"):
        return None
    try:
        service_point = apps.get_model("directory", "ServicePoint")
    except LookupError:
        return None
    return (
        service_point.objects.filter(name__startswith=TOWNSHIP_NAMES.get(township, "?"), kind="community_station")
        .order_by("pk")
        .first()
    )


def _address(township: str) -> str:
    name = TOWNSHIP_NAMES.get(township, "")
    return f"上海市嘉定区{name}社区文化活动中心（示例）" if name else ""


def _create_event(index, *, slug, title, kind, organizer, township, start, hours, audiences, capacity, **extra):
    page = EventPageModel.objects.filter(slug=slug).first()
    if page is not None:
        return page, False
    venue = _venue(township) if kind != "online" else None
    page = EventPageModel(
        title=title,
        slug=slug,
        kind=kind,
        organizer=Organization.objects.get(name=organizer),
        area=_area(township),
        venue=venue,
        address="" if kind == "online" else _address(township),
        online_url="https://example.invalid/live" if kind == "online" else "",
        start=start,
        end=start + datetime.timedelta(hours=hours),
        capacity=capacity,
        summary=f"{title}。欢迎参加，活动免费。",
        **extra,
    )
    index.add_child(instance=page)
    page.audiences.set(Audience.objects.filter(slug__in=audiences))
    page.save_revision().publish()
    return page, True


def load(log) -> None:
    index = _index_page(log)
    campaigns = _campaigns()
    log(f"宣传活动：{len(campaigns)} 项")

    created = reports = 0
    for slug, title, kind, organizer, township, when, hours, audiences, capacity, figures in PAST_EVENTS:
        campaign = campaigns["wmhd-2023" if slug.startswith("wmhd2023") else "wmhd-2025"]
        start = datetime.datetime(*when, tzinfo=SHANGHAI)
        page, new = _create_event(
            index,
            slug=slug,
            title=title,
            kind=kind,
            organizer=organizer,
            township=township,
            start=start,
            hours=hours,
            audiences=audiences,
            capacity=capacity,
            campaign=campaign,
        )
        created += new
        if not AttendanceReport.objects.filter(event=page).exists():
            attendees, online, materials, volunteers, breakdown = figures
            report = AttendanceReport(
                event=page,
                attendees=attendees,
                online_views=online,
                materials=materials,
                volunteers=volunteers,
                confirm_over_capacity=bool(capacity and attendees > 3 * capacity),
            )
            report.save()
            for audience in Audience.objects.filter(slug__in=breakdown):
                AttendanceBreakdown.objects.create(report=report, audience=audience, count=breakdown[audience.slug])
            report.save_revision(log_action=True)
            reports += 1

    today = timezone.localdate()
    moved = 0
    for slug, title, kind, organizer, township, days, hour, hours, audiences, capacity, registration in UPCOMING_EVENTS:
        start = datetime.datetime.combine(today + datetime.timedelta(days=days), datetime.time(hour), tzinfo=SHANGHAI)
        page, new = _create_event(
            index,
            slug=slug,
            title=title,
            kind=kind,
            organizer=organizer,
            township=township,
            start=start,
            hours=hours,
            audiences=audiences,
            capacity=capacity,
            registration_url=registration,
        )
        created += new
        # Keep the demo's upcoming events upcoming, unless a person has edited the event.
        if not new and page.end < timezone.now() and not page.revisions.filter(user__isnull=False).exists():
            page.start, page.end = start, start + datetime.timedelta(hours=hours)
            page.save_revision().publish()
            moved += 1
    log(f"活动：新建 {created} 场，填报参与人次 {reports} 份，顺延 {moved} 场近期活动")
