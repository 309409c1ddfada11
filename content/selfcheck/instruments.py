"""The three public instruments the demo ships, as plain data (standard Chinese wording).

PHQ-9 and GAD-7: the simplified-Chinese versions distributed with the PHQ screeners
(Pfizer), scored 0–3 per item with the published severity bands. EPDS: the Chinese
wording in common use in mainland maternity care, scored as published by Cox et al.
(items 1, 2 and 4 scored 0→3 from the top option; items 3 and 5–10 reverse-scored,
3→0), with the Chinese-version cut-off of Lee et al. (1998, ≥10) and the original
cut-off for probable depression (Cox et al. 1987, ≥13).

Nothing here is translated by us: wording and scores follow the published versions.
"""

from __future__ import annotations

FREQUENCY_OPTIONS = [("完全不会", 0), ("好几天", 1), ("一半以上的天数", 2), ("几乎每天", 3)]

PHQ_LICENCE = (
    "<p>{name} 由 Robert L. Spitzer 医生、Janet B. W. Williams 医生、Kurt Kroenke 医生及其同事编制，"
    "编制工作获得辉瑞公司（Pfizer）的教育经费资助。按其公开声明，复制、翻译、显示或分发本量表均无需获得许可。"
    '中文版来自 <a href="https://www.phqscreeners.com/">PHQ Screeners</a> 提供的官方译本。</p>'
)


def _band(low, high, label, level, text, topics, kinds):
    return {
        "min_score": low,
        "max_score": high,
        "label": label,
        "level": level,
        "interpretation": text,
        "topics": topics,
        "service_kinds": kinds,
    }


PHQ9 = {
    "short_name": "PHQ-9",
    "title": "抑郁症状自评（PHQ-9）",
    "slug": "phq-9",
    "subject": "mood",
    "summary": "9 道题，了解最近两周的情绪低落、兴趣减退等抑郁相关症状有多频繁。适合成年人。",
    "minutes": 3,
    "audiences": ["public", "workers", "students", "elders", "teachers"],
    "instructions": "<p>在过去两个星期，有多少时候您受到以下任何问题所困扰？</p>",
    "options": FREQUENCY_OPTIONS,
    "questions": [
        ("做事时提不起劲或没有兴趣", False),
        ("感到心情低落、沮丧或绝望", False),
        ("入睡困难、睡不安稳或睡眠过多", False),
        ("感觉疲倦或没有活力", False),
        ("食欲不振或吃太多", False),
        ("觉得自己很糟——或觉得自己很失败，或让自己或家人失望", False),
        ("对事物专注有困难，例如阅读报纸或看电视时", False),
        ("动作或说话速度缓慢到别人已经觉察？或正好相反——烦躁或坐立不安、动来动去的情况更胜于平常", False),
        ("有不如死掉或用某种方式伤害自己的念头", True),
    ],
    "bands": [
        _band(
            0,
            4,
            "无或极轻微",
            "low",
            "<p>最近两周几乎没有抑郁相关的困扰。保持规律作息、适量运动和与人交流，有助于维持好的状态。</p>",
            ["情绪", "压力"],
            ["consultation_room"],
        ),
        _band(
            5,
            9,
            "轻度",
            "mild",
            "<p>最近两周有一些抑郁相关的困扰。可以先从自我调节做起：规律作息、适量运动、和信任的人聊聊。"
            "如果两周后仍没有好转，或困扰越来越多，建议到社区心理咨询室或心理门诊谈一谈。</p>",
            ["抑郁", "情绪", "失眠", "睡眠"],
            ["consultation_room", "community_station", "online"],
        ),
        _band(
            10,
            14,
            "中度",
            "moderate",
            "<p>这些困扰已经比较频繁，可能影响到工作、学习或生活。建议与专业人员谈一谈："
            "可以预约医院的心理门诊，或先到身边的心理咨询室做进一步评估。</p>",
            ["抑郁", "求助", "情绪"],
            ["hospital_clinic", "consultation_room", "community_station"],
        ),
        _band(
            15,
            19,
            "中重度",
            "high",
            "<p>这些困扰相当频繁。建议尽快到医院心理门诊、精神科或精神卫生中心就诊，由医生评估是否需要治疗。"
            "抑郁是可以治疗的，越早求助越好。</p>",
            ["抑郁", "求助", "危机干预"],
            ["hospital_clinic", "mental_health_centre", "specialist_clinic"],
        ),
        _band(
            20,
            27,
            "重度",
            "high",
            "<p>这些困扰几乎每天都在发生。请尽快到精神卫生中心或医院精神科、心理门诊就诊；"
            "如果觉得撑不下去，现在就拨打下面的心理援助热线。抑郁是可以治疗的，您不必独自承受。</p>",
            ["抑郁", "求助", "危机干预"],
            ["mental_health_centre", "hospital_clinic", "specialist_clinic"],
        ),
    ],
    "sources": [
        (
            "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. "
            "J Gen Intern Med. 2001;16(9):606-613.（分数段 0–4/5–9/10–14/15–19/20–27 出自此文）",
            "https://doi.org/10.1046/j.1525-1497.2001.016009606.x",
        ),
        (
            "Wang W, Bian Q, Zhao Y, et al. Reliability and validity of the Chinese version of the Patient Health "
            "Questionnaire (PHQ-9) in the general population. Gen Hosp Psychiatry. 2014;36(5):539-544.",
            "https://doi.org/10.1016/j.genhosppsych.2014.05.021",
        ),
        ("PHQ Screeners：PHQ-9 及其各语言译本。", "https://www.phqscreeners.com/"),
    ],
    "licence": PHQ_LICENCE.format(name="PHQ-9（病人健康问卷抑郁量表）"),
}

GAD7 = {
    "short_name": "GAD-7",
    "title": "焦虑症状自评（GAD-7）",
    "slug": "gad-7",
    "subject": "anxiety",
    "summary": "7 道题，了解最近两周紧张、担忧、难以放松等焦虑相关症状有多频繁。适合成年人。",
    "minutes": 2,
    "audiences": ["public", "workers", "students", "elders", "teachers"],
    "instructions": "<p>在过去两个星期，有多少时候您受到以下任何问题所困扰？</p>",
    "options": FREQUENCY_OPTIONS,
    "questions": [
        ("感觉紧张、焦虑或急切", False),
        ("不能够停止或控制担忧", False),
        ("对各种各样的事情担忧过多", False),
        ("很难放松下来", False),
        ("由于不安而无法静坐", False),
        ("变得容易烦恼或急躁", False),
        ("感到似乎将有可怕的事情发生而害怕", False),
    ],
    "bands": [
        _band(
            0,
            4,
            "无或极轻微",
            "low",
            "<p>最近两周几乎没有焦虑相关的困扰。适度的紧张是正常的，规律作息和放松练习有助于保持状态。</p>",
            ["情绪", "压力"],
            ["consultation_room"],
        ),
        _band(
            5,
            9,
            "轻度",
            "mild",
            "<p>最近两周有一些焦虑相关的困扰。可以试试腹式呼吸、渐进式肌肉放松等方法，减少咖啡因，保证睡眠。"
            "如果困扰持续或加重，建议到社区心理咨询室谈一谈。</p>",
            ["焦虑", "压力", "睡眠"],
            ["consultation_room", "community_station", "online"],
        ),
        _band(
            10,
            14,
            "中度",
            "moderate",
            "<p>焦虑相关的困扰已经比较频繁。建议与专业人员谈一谈，可以预约医院心理门诊做进一步评估。</p>",
            ["焦虑", "求助"],
            ["hospital_clinic", "consultation_room", "community_station"],
        ),
        _band(
            15,
            21,
            "重度",
            "high",
            "<p>焦虑相关的困扰非常频繁，很可能已经明显影响生活。建议尽快到医院心理门诊、精神科或精神卫生中心就诊。"
            "焦虑是可以治疗的。</p>",
            ["焦虑", "求助"],
            ["hospital_clinic", "mental_health_centre", "specialist_clinic"],
        ),
    ],
    "sources": [
        (
            "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety "
            "disorder: the GAD-7. Arch Intern Med. 2006;166(10):1092-1097.（分数段 0–4/5–9/10–14/15–21 出自此文）",
            "https://doi.org/10.1001/archinte.166.10.1092",
        ),
        ("PHQ Screeners：GAD-7 及其各语言译本。", "https://www.phqscreeners.com/"),
    ],
    "licence": PHQ_LICENCE.format(name="GAD-7（广泛性焦虑量表）"),
}

EPDS = {
    "short_name": "EPDS",
    "title": "孕产期情绪自评（爱丁堡产后抑郁量表 EPDS）",
    "slug": "epds",
    "subject": "perinatal",
    "summary": "10 道题，供孕期和产后一年内的妈妈了解最近 7 天的情绪状况。",
    "minutes": 3,
    "audiences": ["perinatal"],
    "instructions": (
        "<p>您正在怀孕或刚生了孩子，我们想了解一下您的感受。请选择一个最能反映您<b>过去 7 天</b>感受的答案。"
        "注意：不只是您今天的感受，而是过去 7 天的感受。</p>"
    ),
    "options": [],
    "questions": [
        (
            "我能看到事物有趣的一面，并笑得开心",
            False,
            [("同以前一样", 0), ("没有以前那么多", 1), ("肯定比以前少", 2), ("完全不能", 3)],
        ),
        (
            "我欣然期待未来的一切",
            False,
            [("同以前一样", 0), ("没有以前那么多", 1), ("肯定比以前少", 2), ("完全不能", 3)],
        ),
        (
            "当事情出错时，我会不必要地责备自己",
            False,
            [("是的，大多数时候", 3), ("是的，有时候", 2), ("并不经常", 1), ("没有", 0)],
        ),
        ("我无缘无故感到焦虑和担心", False, [("一点也没有", 0), ("极少有", 1), ("有时候", 2), ("经常", 3)]),
        ("我无缘无故感到害怕和惊慌", False, [("相当多时候", 3), ("有时候", 2), ("不多", 1), ("一点也没有", 0)]),
        (
            "很多事情冲着我来，使我透不过气",
            False,
            [
                ("是的，大多数时候我都不能应付", 3),
                ("是的，有时候我不能像平时那样应付得好", 2),
                ("不，大部分时候我都能像平时那样应付得好", 1),
                ("不，我一直都能应付得好", 0),
            ],
        ),
        (
            "我很不开心，以致失眠",
            False,
            [("是的，大多数时候", 3), ("是的，有时候", 2), ("并不经常", 1), ("一点也没有", 0)],
        ),
        (
            "我感到难过和悲伤",
            False,
            [("是的，大多数时候", 3), ("是的，相当经常", 2), ("并不经常", 1), ("一点也没有", 0)],
        ),
        ("我不开心到哭", False, [("是的，大多数时候", 3), ("是的，相当经常", 2), ("只是偶尔", 1), ("没有", 0)]),
        ("我想过要伤害自己", True, [("是的，相当经常", 3), ("有时候", 2), ("极少", 1), ("从不", 0)]),
    ],
    "bands": [
        _band(
            0,
            9,
            "低于筛查界值",
            "low",
            "<p>过去 7 天的情绪大体平稳。孕产期情绪起伏很常见，照顾好睡眠和饮食，多和家人说说感受。"
            "如果情绪变化持续两周以上，可以再做一次，或在产检时告诉医生。</p>",
            ["产后抑郁", "情绪"],
            ["specialist_clinic", "consultation_room"],
        ),
        _band(
            10,
            12,
            "达到筛查界值",
            "moderate",
            "<p>得分达到了中文版的筛查界值（10 分及以上），提示可能存在抑郁情绪。"
            "建议在产检或产后访视时告诉医生，或到妇幼保健院的心理保健门诊、医院心理门诊做进一步评估。</p>",
            ["产后抑郁", "求助"],
            ["specialist_clinic", "hospital_clinic", "consultation_room"],
        ),
        _band(
            13,
            30,
            "很可能有抑郁",
            "high",
            "<p>得分在 13 分及以上，按量表原作者的研究提示很可能存在抑郁。请尽快到妇幼保健院心理保健门诊、"
            "医院心理门诊或精神卫生中心就诊，并告诉家人您的感受。产后抑郁很常见，也可以治疗，这不是您的错。</p>",
            ["产后抑郁", "求助", "危机干预"],
            ["specialist_clinic", "hospital_clinic", "mental_health_centre"],
        ),
    ],
    "sources": [
        (
            "Cox JL, Holden JM, Sagovsky R. Detection of postnatal depression: development of the 10-item "
            "Edinburgh Postnatal Depression Scale. Br J Psychiatry. 1987;150:782-786."
            "（量表原文、计分方法及 12/13 分界值）",
            "https://doi.org/10.1192/bjp.150.6.782",
        ),
        (
            "Lee DTS, Yip SK, Chiu HFK, et al. Detecting postnatal depression in Chinese women: validation of the "
            "Chinese version of the Edinburgh Postnatal Depression Scale. Br J Psychiatry. 1998;172:433-437."
            "（中文版验证，9/10 分界值，本站 10 分及以上提示达到筛查界值）",
            "https://doi.org/10.1192/bjp.172.5.433",
        ),
    ],
    "licence": (
        "<p>爱丁堡产后抑郁量表（EPDS）© 1987 The Royal College of Psychiatrists。"
        "按原作者的说明，使用者无需另行申请即可复制本量表，但须在所有复制件中注明作者、标题和出处"
        "（Cox, Holden &amp; Sagovsky, British Journal of Psychiatry, 1987）。"
        "计分：第 1、2、4 题从上到下依次为 0–3 分；第 3、5–10 题反向计分，从上到下依次为 3–0 分。</p>"
    ),
}

INSTRUMENTS = [PHQ9, GAD7, EPDS]
