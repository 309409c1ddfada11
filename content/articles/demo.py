"""Demo psychoeducation articles (original text, written for this demo). Idempotent.

Every article has an expert reviewer from the demo's fictional experts; review
dates are relative to today so the "review due" report always has something in it.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Site

from content.reference.models import Audience, Expert

from .models import ArticleFormat, ArticleIndexPage, ArticlePage

WHO = "世界卫生组织"


def p(*paragraphs: str) -> tuple:
    return ("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))


def h(text: str) -> tuple:
    return ("heading", {"text": text, "level": "h2"})


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def callout(kind: str, title: str, html: str) -> tuple:
    return ("callout", {"kind": kind, "title": title, "text": html})


def faq(*pairs: tuple[str, str]) -> tuple:
    return ("faq", {"title": "常见问题", "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in pairs]})


HOTLINE_12356 = (
    "hotline",
    {"name": "全国统一心理援助热线", "number": "12356", "hours": "每日不少于18小时", "note": "免费、可匿名"},
)
SEEK_HELP = callout(
    "seek_help",
    "何时需要求助",
    ul(
        "情绪低落、失眠或紧张持续两周以上，影响了工作、学习或生活；",
        "出现伤害自己或结束生命的想法；",
        "家人朋友觉得你“像变了一个人”。",
    )
    + "<p>可以先去社区心理咨询室或医院心理门诊，也可以拨打 12356。</p>",
)

ARTICLES = [
    {
        "slug": "insomnia-seven-tips",
        "title": "睡不着觉怎么办：改善失眠的七个小办法",
        "summary": "偶尔失眠很常见。规律作息、白天多活动、睡前放下手机，比“硬躺着”更管用；持续一个月以上要找医生。",
        "audiences": ["public", "workers", "elders"],
        "topics": ["失眠", "睡眠", "压力"],
        "format": ArticleFormat.ARTICLE,
        "expert": 0,
        "review": (-200, 165),
        "color": (61, 99, 140),
        "body": [
            p(
                "几乎每个人都有过睡不着的夜晚：躺下后脑子停不下来，越想睡越清醒。偶尔失眠不必紧张，"
                "但如果一周有三个晚上以上难以入睡或早醒、持续一个月以上，就值得认真对待。"
            ),
            h("七个可以马上开始的小办法"),
            (
                "paragraph",
                "<ol><li>每天固定时间起床，周末也尽量不超过一小时的差别。</li>"
                "<li>床只用来睡觉：躺下二十分钟仍睡不着，就起身到别的房间做点安静的事，困了再回来。</li>"
                "<li>白天晒晒太阳、走走路，午睡不超过半小时。</li>"
                "<li>下午三点以后少喝咖啡、浓茶，晚上不靠饮酒助眠。</li>"
                "<li>睡前一小时放下手机，把明天要做的事写在纸上，“交给”纸。</li>"
                "<li>试试腹式呼吸：吸气四秒、停两秒、呼气六秒，重复十次。</li>"
                "<li>不要看着时钟算“还能睡几小时”，把时钟转过去。</li></ol>",
            ),
            callout("tip", "小贴士", "<p>安眠药要在医生指导下使用，不要自行加量或突然停药。</p>"),
            SEEK_HELP,
            faq(
                (
                    "老人睡得少是不是失眠？",
                    "随着年龄增长，睡眠时间变短、夜里醒来次数增多是常见的，白天精神好就不必担心。",
                ),
                (
                    "失眠会不会是抑郁？",
                    "长期失眠常和情绪低落、焦虑一起出现。如果同时有兴趣减退、自责，建议到心理门诊评估。",
                ),
            ),
        ],
        "sources": [
            ("Insomnia: assessment and management（失眠的评估与管理）", "英国国家卫生与临床优化研究所 NICE", None)
        ],
    },
    {
        "slug": "child-refuses-school",
        "title": "孩子不想上学，家长可以怎么做",
        "summary": "厌学往往不是“懒”，背后可能是学业压力、同伴关系或情绪问题。先倾听，再和老师一起想办法。",
        "audiences": ["parents", "children-youth", "teachers"],
        "topics": ["厌学", "亲子沟通"],
        "format": ArticleFormat.ARTICLE,
        "expert": 1,
        "review": (-120, 20),
        "color": (46, 125, 94),
        "body": [
            p(
                "早上肚子疼、头疼，一到周末就好了；作业拖到深夜；说起学校就发脾气——这些可能是孩子在用自己的方式告诉你："
                "学校里有让他难受的事。"
            ),
            h("先弄清楚发生了什么"),
            p(
                "找一个不赶时间的时候，用“我注意到……”开头，而不是“你怎么又……”。问开放的问题：“学校里最近哪件事最让你烦？”"
                "听完先不评价，也不急着给建议。"
            ),
            h("和学校一起想办法"),
            p(
                "和班主任、心理老师约一次面谈，了解孩子在校的情况：成绩、同学关系、有没有被欺负。很多学校有心理辅导室，"
                "可以为孩子安排辅导。"
            ),
            callout(
                "warning",
                "注意",
                "<p>如果孩子连续多天拒绝上学，或者说出“活着没意思”之类的话，请尽快带孩子到医院儿童青少年心理门诊就诊。</p>",
            ),
            ("quote", {"quote": "孩子需要的不是立刻回到教室，而是先感到被理解。", "attribution": "学校心理教师"}),
            (
                "hotline",
                {"name": "青少年服务台", "number": "12355", "hours": "各地服务时间不同", "note": "心理和法律咨询"},
            ),
        ],
        "sources": [("Adolescent mental health（青少年心理健康）", WHO, None)],
    },
    {
        "slug": "postnatal-low-mood",
        "title": "产后情绪低落，不只是“累了”",
        "summary": "多数妈妈产后会有几天情绪波动；如果低落、焦虑超过两周，可能是产后抑郁，及早求助就能好转。",
        "audiences": ["perinatal", "parents"],
        "topics": ["产后抑郁", "情绪"],
        "format": ArticleFormat.ARTICLE,
        "expert": 2,
        "review": (-400, -35),
        "color": (160, 82, 110),
        "body": [
            p(
                "宝宝出生后的头几天，很多妈妈会莫名流泪、烦躁，这通常在两周内自行缓解。产后抑郁不一样：情绪低落、对什么都提不起兴趣、"
                "觉得自己不是好妈妈，持续两周以上，甚至越来越重。"
            ),
            h("家人可以做的事"),
            p(
                "分担夜里喂养和家务，让妈妈能连续睡上四五个小时；少评论“别人家都不这样”；陪她去做产后复查时，主动提到情绪的变化。"
            ),
            SEEK_HELP,
            p(
                "妇幼保健院的心理保健门诊可以提供评估和治疗。哺乳期也有安全的治疗方法，请和医生商量，不要自己停药或硬扛。"
            ),
            HOTLINE_12356,
        ],
        "sources": [("Maternal mental health（孕产妇心理健康）", WHO, None)],
    },
    {
        "slug": "loneliness-in-later-life",
        "title": "独居老人如何应对孤独",
        "summary": "孤独会影响睡眠、记忆和身体健康。保持和人的联系、规律活动，是最好的“良药”。",
        "audiences": ["elders", "public"],
        "topics": ["孤独", "空巢老人"],
        "format": ArticleFormat.ARTICLE,
        "expert": 0,
        "review": (-60, 300),
        "color": (176, 120, 40),
        "body": [
            p(
                "子女不在身边、老伴离开以后，家里一下子安静下来。感到孤单是正常的，但长期孤独会让人睡不好、记性变差，也更容易生病。"
            ),
            h("每天和一个人说说话"),
            p(
                "给老朋友打个电话，到社区活动室下下棋、唱唱歌。很多街道有老年人心理健康服务驿站，可以参加小组活动，也可以单独聊聊。"
            ),
            h("给子女的建议"),
            p("固定时间打电话或视频，比偶尔回家一次更让人安心。留意老人是否变得不愿出门、吃得少、总说“没意思”。"),
            SEEK_HELP,
        ],
        "sources": [("Mental health of older adults（老年人心理健康）", WHO, None)],
    },
    {
        "slug": "workplace-stress",
        "title": "职场压力大？给情绪减减压",
        "summary": "压力本身不是坏事，长期得不到缓解才伤人。识别信号、调整节奏、寻求支持，三步帮你走出“内耗”。",
        "audiences": ["workers"],
        "topics": ["压力", "焦虑", "职场"],
        "format": ArticleFormat.ARTICLE,
        "expert": 1,
        "review": (-30, 335),
        "color": (70, 80, 150),
        "body": [
            p(
                "加班、考核、人际关系……适度的压力让人专注，但当你发现自己周末也放松不下来、脾气变大、常常胸闷心慌，就该给自己减压了。"
            ),
            h("识别身体发出的信号"),
            p("肩颈僵硬、胃口变差、入睡困难，都是压力的常见表现。"),
            h("三个简单的方法"),
            (
                "paragraph",
                ul(
                    "把大任务拆成小步骤，每完成一步就划掉。",
                    "每工作一小时起身活动五分钟。",
                    "下班后给自己一个“结束仪式”，比如换衣服、散步。",
                ),
            ),
            p("很多单位设有职工心灵驿站，可以预约免费的心理咨询。"),
            SEEK_HELP,
        ],
        "sources": [("Mental health at work（工作场所心理健康）", WHO, None)],
    },
    {
        "slug": "supporting-someone-with-suicidal-thoughts",
        "title": "当亲友说“不想活了”，我们可以怎么陪伴",
        "summary": "认真对待每一句关于死亡的话。直接询问不会“提醒”对方，倾听、陪伴并帮助他联系专业帮助。",
        "audiences": ["public", "smi-families", "parents"],
        "topics": ["危机干预", "自杀预防"],
        "format": ArticleFormat.ARTICLE,
        "expert": 0,
        "review": (-10, 170),
        "color": (150, 50, 50),
        "body": [
            HOTLINE_12356,
            p(
                "如果身边的人说“活着没意思”“不想拖累你们”，请认真对待。直接、平静地问一句“你是不是想过结束自己的生命？”不会增加风险，反而让他知道可以说出来。"
            ),
            h("陪伴的四件事"),
            (
                "paragraph",
                "<ol><li>倾听，不评判，不急着讲道理。</li><li>不要答应替他保密。</li>"
                "<li>移开身边危险的物品，尽量不让他独处。</li><li>陪他拨打心理援助热线，或一起去医院精神科、心理门诊。</li></ol>",
            ),
            callout("warning", "紧急情况", "<p>如果对方已经有具体计划或正在伤害自己，请立即拨打 120 或 110。</p>"),
            (
                "hotline",
                {
                    "name": "北京心理危机研究与干预中心",
                    "number": "800-810-1117",
                    "hours": "24小时",
                    "note": "手机请拨 010-82951332",
                },
            ),
            ("hotline", {"name": "希望24热线", "number": "400-161-9995", "hours": "24小时", "note": "志愿者接听"}),
        ],
        "sources": [("Suicide（自杀）", WHO, None), ("中华人民共和国精神卫生法", "全国人民代表大会常务委员会", None)],
    },
    {
        "slug": "exam-anxiety-toolkit",
        "title": "考试焦虑工具包：给中学生的五张卡片",
        "summary": "考前紧张很正常。这套小工具帮你把担心写下来、把呼吸放慢、把复习排进计划。",
        "audiences": ["children-youth", "teachers"],
        "topics": ["焦虑", "考试"],
        "format": ArticleFormat.TOOLKIT,
        "expert": 1,
        "review": (-90, 275),
        "color": (40, 120, 140),
        "body": [
            p("适度的紧张能让人更专注，太紧张就会“脑子一片空白”。下面五张卡片可以在考前一周开始练习。"),
            h("卡片一：担心清单"),
            p("把担心的事一条条写下来，在每条旁边写“我能做的一件小事”。"),
            h("卡片二：4-2-6 呼吸"),
            p("吸气四秒，屏住两秒，呼气六秒，重复五次。"),
            h("卡片三：番茄复习法"),
            p("学习二十五分钟，休息五分钟，四轮后休息半小时。"),
            callout("tip", "给老师", "<p>可以在班会课上带学生一起练习，并告诉学生学校心理辅导室的开放时间。</p>"),
        ],
        "sources": [("Anxiety disorders（焦虑障碍）", WHO, None)],
    },
    {
        "slug": "caring-for-the-carer",
        "title": "照护严重精神障碍患者的家属，也要照顾好自己",
        "summary": "长期照护让人身心俱疲。了解疾病、用好社区资源、给自己留出喘息时间，是对家人最长久的支持。",
        "audiences": ["smi-families", "special-families", "disability"],
        "topics": ["照护者", "严重精神障碍"],
        "format": ArticleFormat.ARTICLE,
        "expert": 2,
        "review": (-150, 215),
        "color": (100, 90, 60),
        "body": [
            p(
                "照顾患有精神分裂症、双相障碍等疾病的家人，是一场马拉松。很多家属把全部精力放在患者身上，忽略了自己的睡眠、健康和情绪。"
            ),
            h("社区能提供什么"),
            p(
                "社区卫生服务中心为在册患者提供随访和服药指导；社区精神健康社工站可以提供家属支持小组、政策咨询和喘息服务。"
            ),
            h("给自己的“喘息时间”"),
            p("每周留出半天做自己喜欢的事；和其他家属交流经验；觉得撑不住的时候，主动说出来。"),
            SEEK_HELP,
        ],
        "sources": [("中华人民共和国精神卫生法", "全国人民代表大会常务委员会", None)],
    },
    {
        "slug": "early-signs-of-dementia",
        "title": "认识老年痴呆：值得留意的早期信号",
        "summary": "阿尔茨海默病等认知障碍越早发现越好。记性变差影响生活、常迷路、性格改变，都应到记忆门诊看看。",
        "audiences": ["elders", "parents", "public"],
        "topics": ["认知障碍", "阿尔茨海默病"],
        "format": ArticleFormat.ARTICLE,
        "expert": 0,
        "review": (-45, 320),
        "color": (90, 60, 130),
        "body": [
            p(
                "人老了记性差一点是正常的，但如果忘事已经影响到日常生活，就要警惕认知障碍（俗称老年痴呆），其中最常见的是阿尔茨海默病。"
            ),
            h("需要留意的信号"),
            (
                "paragraph",
                ul(
                    "刚说过的话、刚做过的事很快忘记，反复问同一个问题；",
                    "在熟悉的地方迷路；",
                    "做了几十年的家务、算账变得困难；",
                    "性格改变，变得多疑、淡漠或容易发火。",
                ),
            ),
            p("出现这些情况，可以到医院的记忆门诊或精神卫生中心做评估。早诊断能更好地安排治疗和照护。"),
        ],
        "sources": [("Dementia（痴呆症）", WHO, None)],
    },
    {
        "slug": "college-mental-health-pocket-book",
        "title": "大学生心理健康口袋书",
        "summary": "新环境、学业、恋爱和就业，一本小册子陪你度过大学里的情绪起伏：常见困扰、自助方法和求助渠道。",
        "audiences": ["students"],
        "topics": ["情绪", "压力", "求助"],
        "format": ArticleFormat.HANDBOOK,
        "expert": 1,
        "review": (-20, 345),
        "color": (30, 100, 80),
        "body": [
            p(
                "离开家、面对新的同学和更自由的时间安排，很多同学在大一会经历一段“适应期”。这本口袋书整理了大学生最常遇到的几类困扰。"
            ),
            h("口袋书里有什么"),
            (
                "paragraph",
                ul("适应新环境的小练习", "学业拖延怎么办", "失恋后的情绪照顾", "学校心理中心和校外热线的联系方式"),
            ),
            SEEK_HELP,
            HOTLINE_12356,
        ],
        "sources": [("Mental health（心理健康）", WHO, None)],
        "handbook": True,
    },
]


def _cover_image(slug: str, title: str, color: tuple[int, int, int]):
    Image = get_image_model()
    existing = Image.objects.filter(title=f"demo-cover-{slug}").first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", (1200, 675), color)
    draw = ImageDraw.Draw(canvas)
    light = tuple(min(255, c + 60) for c in color)
    for i in range(6):
        draw.ellipse((700 + i * 40, 100 + i * 30, 1100 + i * 20, 500 + i * 25), outline=light, width=6)
    draw.rounded_rectangle((80, 460, 620, 560), radius=30, fill=light)
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=80)
    image = Image(title=f"demo-cover-{slug}", file=ImageFile(buffer, name=f"demo-{slug}.jpg"))
    image.save()
    return image


def _handbook_document():
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    existing = Document.objects.filter(title="大学生心理健康口袋书（演示）").first()
    if existing:
        return existing
    text = (
        "大学生心理健康口袋书（演示版）\n\n"
        "1. 适应新环境：给自己一个月时间，每周认识一位新同学。\n"
        "2. 学业拖延：把任务拆小，从最容易的五分钟开始。\n"
        "3. 情绪照顾：规律作息、运动、和信任的人聊聊。\n"
        "4. 求助渠道：学校心理中心；全国统一心理援助热线 12356。\n"
    )
    document = Document(title="大学生心理健康口袋书（演示）")
    document.file.save("college-pocket-book.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    return document


def _related_services_block():
    """Pick a few demo directory entries, if the directory app has them."""
    try:
        from content.directory.queries import public_service_points
    except ImportError:
        return None
    services = list(public_service_points().order_by("pk")[:2])
    if not services:
        return None
    return ("related_services", {"title": "身边的心理服务", "services": services})


def get_or_create_index(home) -> ArticleIndexPage:
    index = ArticleIndexPage.objects.child_of(home).first()
    if index:
        return index
    index = ArticleIndexPage(
        title="心理健康科普",
        slug="kepu",
        intro="经精神科医师和心理治疗师审核的科普文章、手册和工具包。",
        show_in_menus=True,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def load(log) -> None:
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = get_or_create_index(home)
    experts = list(Expert.objects.order_by("pk"))
    audiences = {a.slug: a for a in Audience.objects.all()}
    today = timezone.localdate()
    related = _related_services_block()
    kept = 0
    for number, spec in enumerate(ARTICLES, start=1):
        if ArticlePage.objects.child_of(index).filter(slug=spec["slug"]).exists():
            kept += 1  # an existing article is the editors' now: never overwritten
            continue
        page = ArticlePage(slug=spec["slug"])
        page.title = spec["title"]
        page.summary = spec["summary"]
        page.format = spec["format"]
        body = list(spec["body"])
        if spec.get("handbook"):
            body.insert(
                2,
                (
                    "document",
                    {
                        "document": _handbook_document(),
                        "title": "大学生心理健康口袋书",
                        "kind": "pocket_book",
                        "description": "可打印、可转发的电子版。",
                    },
                ),
            )
        if related and spec["format"] == ArticleFormat.ARTICLE:
            body.append(related)
        page.body = body
        page.sources = [
            ("source", {"title": title, "publisher": publisher, "url": url, "year": None})
            for title, publisher, url in spec["sources"]
        ]
        page.cover_image = _cover_image(spec["slug"], spec["title"], spec["color"])
        page.cover_alt = "装饰图片"
        page.reviewer = experts[spec["expert"] % len(experts)] if experts else None
        reviewed, next_review = spec["review"]
        page.reviewed_date = today + datetime.timedelta(days=reviewed)
        page.next_review_date = today + datetime.timedelta(days=next_review)
        index.add_child(instance=page)
        page.audiences.set([audiences[slug] for slug in spec["audiences"] if slug in audiences])
        page.topics.set(spec["topics"])
        page.save_revision().publish()
        log(f"[{number}/{len(ARTICLES)}] 新建：{page.title}")
    if kept:
        log(f"已有文章 {kept} 篇，保持不变")
