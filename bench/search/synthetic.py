"""Deterministic synthetic SearchDocuments: a national directory and an article library.

Services follow the real shape of the 12-digit statistical division codes
(province 2 · city 2 · county 2 · township 3 · village 3 digits) with one
consultation room (or a similar service) per village/community, which is the scale
the design names: ~500,000 entries at the 80 % target.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from search.documents import SearchDocument

PROVINCES = {
    "11": (39.90, 116.40),
    "12": (39.13, 117.20),
    "13": (38.04, 114.51),
    "14": (37.87, 112.55),
    "15": (40.84, 111.75),
    "21": (41.80, 123.43),
    "22": (43.82, 125.32),
    "23": (45.80, 126.53),
    "31": (31.23, 121.47),
    "32": (32.06, 118.80),
    "33": (30.27, 120.15),
    "34": (31.82, 117.23),
    "35": (26.07, 119.30),
    "36": (28.68, 115.86),
    "37": (36.65, 117.12),
    "41": (34.75, 113.63),
    "42": (30.59, 114.31),
    "43": (28.23, 112.94),
    "44": (23.13, 113.26),
    "45": (22.82, 108.37),
    "46": (20.04, 110.20),
    "50": (29.56, 106.55),
    "51": (30.57, 104.07),
    "52": (26.65, 106.63),
    "53": (25.04, 102.71),
    "54": (29.65, 91.13),
    "61": (34.34, 108.94),
    "62": (36.06, 103.83),
    "63": (36.62, 101.78),
    "64": (38.47, 106.27),
    "65": (43.83, 87.62),
}
NAME_CHARS = "安宁和平新华兴民康乐福寿永丰泰嘉定南翔江桥马陆徐行华亭外冈东西北中山河湖海光明阳春秋长青石桥林塘"
SERVICE_KINDS = [
    ("consultation_room", "心理咨询室", 60),
    ("talk_room", "谈心室", 10),
    ("social_work_room", "社会工作室", 8),
    ("wellbeing_station", "心理健康服务驿站", 6),
    ("social_work_station", "社区精神健康社工站", 5),
    ("workplace_station", "职工心灵驿站", 4),
    ("school_room", "心理辅导室", 4),
    ("minor_station", "未成年人保护工作站", 2),
    ("clinic", "心理门诊", 1),
]
AUDIENCES = [
    ("elders", "老年人"),
    ("youth", "青少年"),
    ("children", "儿童"),
    ("perinatal", "孕产妇"),
    ("workers", "职场人群"),
    ("disabled", "残疾人及家属"),
    ("families", "计生特殊家庭"),
    ("students", "学生"),
    ("teachers", "教师"),
    ("patients", "严重精神障碍患者及家属"),
]
OFFERED = [
    ("counselling", "心理咨询"),
    ("listening", "倾听陪伴"),
    ("assessment", "心理测评"),
    ("lecture", "心理健康讲座"),
    ("group", "团体辅导"),
    ("referral", "转介就医"),
    ("hotline", "热线咨询"),
    ("crisis", "危机干预"),
    ("sleep", "睡眠指导"),
    ("parenting", "亲子沟通指导"),
]
TOPICS = [
    ("sleep", "失眠", ["睡不着", "早醒", "多梦", "作息"]),
    ("depression", "抑郁", ["情绪低落", "兴趣减退", "疲乏", "自责"]),
    ("anxiety", "焦虑", ["紧张", "心慌", "担忧", "坐立不安"]),
    ("internet", "网络沉迷", ["网瘾", "手机", "游戏", "作息"]),
    ("dementia", "阿尔茨海默病", ["记忆力减退", "认知障碍", "照护", "走失"]),
    ("school", "厌学", ["不想上学", "成绩下降", "学习压力", "考试焦虑"]),
    ("selfharm", "自伤", ["伤害自己", "情绪调节", "求助", "陪伴"]),
    ("perinatal", "产后抑郁", ["新妈妈", "孕期情绪", "睡眠不足", "家人支持"]),
    ("grief", "哀伤", ["丧亲", "失独", "思念", "告别"]),
    ("work", "职业倦怠", ["工作压力", "加班", "心累", "休息"]),
    ("elders", "空巢老人", ["孤独", "独居", "陪伴", "社区活动"]),
    ("stress", "压力", ["放松训练", "正念", "呼吸练习", "运动"]),
]
FILLER = [
    "这种情况很常见，不必过分自责。",
    "可以先从规律作息和适度运动开始。",
    "如果持续两周以上并影响生活，建议到心理门诊或精神卫生中心就诊。",
    "家人和朋友的理解与陪伴非常重要。",
    "社区的心理咨询室提供免费的倾听和咨询服务。",
    "遇到紧急情况，请拨打12356心理援助热线。",
    "记录每天的情绪变化，有助于发现规律。",
    "不要独自硬扛，主动求助是勇敢的表现。",
    "学校的心理辅导室和老师也可以提供帮助。",
    "专业的评估可以帮助判断是否需要治疗。",
]


def _name(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.choice(NAME_CHARS) for _ in range(n))


def area_label(code: str) -> str:
    """A deterministic place name for a synthetic division code (province/city codes
    get none): what the site's area label provider returns for a real code."""
    if len(code) <= 4 or not code.isdigit():
        return ""
    rng = random.Random(int(code) * 7919 + len(code))
    suffix = {6: ["区", "县"], 9: ["镇", "街道"], 12: ["村", "社区", "居委会"]}.get(len(code), [""])
    return _name(rng) + rng.choice(suffix)


def area_labels(codes) -> dict[str, str]:
    """A label provider for ``search.registry.register_facet_labels("area", …)``."""
    return {code: label for code in codes if (label := area_label(code))}


def services(total: int = 500_000, seed: int = 7):
    rng = random.Random(seed)
    kinds = [k for k, _label, w in SERVICE_KINDS for _ in range(w)]
    labels = {k: label for k, label, _w in SERVICE_KINDS}
    per_province = -(-total // len(PROVINCES))
    n = 0
    for prov, (plat, plng) in PROVINCES.items():
        made = 0
        city = 0
        while made < per_province and n < total:
            city += 1
            clat, clng = plat + rng.uniform(-1.5, 1.5), plng + rng.uniform(-1.5, 1.5)
            for county in range(1, 11):
                klat, klng = clat + rng.uniform(-0.3, 0.3), clng + rng.uniform(-0.3, 0.3)
                county_code = f"{prov}{city:02d}{county:02d}"
                county_name = area_label(county_code)
                for town in range(1, 17):
                    town_code = f"{county_code}{town:03d}"
                    town_name = area_label(town_code)
                    tlat, tlng = klat + rng.uniform(-0.08, 0.08), klng + rng.uniform(-0.08, 0.08)
                    for village in range(1, 11):
                        if made >= per_province or n >= total:
                            break
                        code = f"{town_code}{village:03d}"
                        vname = area_label(code)
                        kind = rng.choice(kinds)
                        auds = rng.sample(AUDIENCES, rng.randint(1, 3))
                        offered = rng.sample(OFFERED, rng.randint(2, 4))
                        n += 1
                        made += 1
                        yield SearchDocument(
                            id=f"service:{n}",
                            kind="service",
                            title=f"{town_name}{vname}{labels[kind]}",
                            url=f"/directory/{n}/",
                            summary=f"{county_name}{town_name}{vname}的{labels[kind]}，面向"
                            + "、".join(a[1] for a in auds)
                            + "提供"
                            + "、".join(o[1] for o in offered)
                            + "。",
                            body=f"地址：{county_name}{town_name}{vname}{rng.randint(1, 300)}号。"
                            f"开放时间：周一至周五 9:00-17:00。{rng.choice(FILLER)}",
                            audiences=[a[0] for a in auds],
                            areas=[prov, code[:4], county_code, town_code, code],
                            facets={"service_kind": [kind], "service": [o[0] for o in offered]},
                            location=(tlat + rng.uniform(-0.01, 0.01), tlng + rng.uniform(-0.01, 0.01)),
                            phones=[
                                {
                                    "number": f"0{rng.randint(10, 99)}-{rng.randint(50000000, 69999999)}",
                                    "label": "咨询电话",
                                    "tel": "",
                                }
                            ],
                            payload={"address": f"{county_name}{town_name}{vname}"},
                        )
                if made >= per_province or n >= total:
                    break


def articles(total: int = 20_000, seed: int = 11):
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(1, total + 1):
        slug, word, related = rng.choice(TOPICS)
        aud_slug, aud = rng.choice(AUDIENCES)
        pattern = rng.randrange(4)
        if pattern == 0:
            title = f"{aud}{word}怎么办？{rng.choice(related)}的{rng.randint(3, 7)}个建议"
        elif pattern == 1:
            title = f"认识{word}：{rng.choice(related)}与{rng.choice(related)}"
        elif pattern == 2:
            title = f"给{aud}的心理健康小课堂：{word}"
        else:
            title = f"{rng.choice(related)}，也许是{word}在提醒你"
        paragraphs = []
        for _ in range(rng.randint(4, 9)):
            sentences = [
                f"{aud}出现{rng.choice(related)}的情况时，{rng.choice(FILLER)}",
                f"关于{word}，{rng.choice(FILLER)}",
                rng.choice(FILLER),
                f"{rng.choice(related)}和{rng.choice(related)}常常一起出现。",
            ]
            rng.shuffle(sentences)
            paragraphs.append("".join(sentences))
        yield SearchDocument(
            id=f"article:{i}",
            kind="article",
            title=title,
            url=f"/articles/{i}/",
            summary=f"{aud}如何面对{word}：{rng.choice(FILLER)}",
            body="\n".join(paragraphs),
            audiences=[aud_slug],
            topics=[slug],
            date=start + timedelta(hours=i * 3),
        )
