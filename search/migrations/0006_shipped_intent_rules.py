"""Ship the intent rules: conditions that belong to a group of people bring the
services, articles and events for that audience (issue 15). The values are the audience
slugs of content/reference (migration 0002_standard_audiences, demo.py); a rule whose
value no document has simply finds nothing. Idempotent and gentle: a rule is created
only when no rule for its facet value exists, so editors' changes are kept."""

from django.db import migrations

RULES = [
    (
        "audience",
        "perinatal",
        "产后抑郁，产前抑郁，孕期抑郁，孕期焦虑，产后焦虑，产后情绪，围产期，哺乳期情绪，备孕焦虑",
        "孕产妇",
    ),
    (
        "audience",
        "elders",
        "老年痴呆，认知障碍，阿尔茨海默，空巢，丧偶，记忆力减退，独居老人，老年抑郁",
        "老年人",
    ),
    (
        "audience",
        "children-youth",
        "厌学，考试焦虑，学业压力，网络成瘾，网瘾，校园欺凌，多动症，注意缺陷，自闭症，孤独症，青春期叛逆",
        "儿童青少年",
    ),
    ("audience", "workers", "职业倦怠，工作压力，职场压力，职场焦虑，加班焦虑", "职场人群"),
]


def ship(apps, schema_editor):
    IntentRule = apps.get_model("search", "IntentRule")
    for facet, value, phrases, note in RULES:
        if not IntentRule.objects.filter(facet=facet, value=value).exists():
            IntentRule.objects.create(facet=facet, value=value, phrases=phrases, note=note)


def unship(apps, schema_editor):
    IntentRule = apps.get_model("search", "IntentRule")
    for facet, value, phrases, _note in RULES:
        IntentRule.objects.filter(facet=facet, value=value, phrases=phrases).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_intent_rules")]

    operations = [migrations.RunPython(ship, unship)]
