"""The audiences the policy documents name, so a fresh install is usable without the demo.

Idempotent and gentle: an audience is created only if neither its slug nor its name is
taken, so an editor's rename, description or order is never overwritten. Reversing does
nothing (the rows may be in use by then). The list is frozen here on purpose; the demo's
copy (content/reference/demo.py AUDIENCES) must keep the same slugs (a test checks).
"""

from django.db import migrations

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


def add_standard_audiences(apps, schema_editor):
    Audience = apps.get_model("reference", "Audience")
    slugs = set(Audience.objects.values_list("slug", flat=True))
    names = set(Audience.objects.values_list("name", flat=True))
    Audience.objects.bulk_create(
        [
            Audience(name=name, slug=slug, description=description, sort_order=order * 10)
            for order, (name, slug, description) in enumerate(AUDIENCES, start=1)
            if slug not in slugs and name not in names
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(add_standard_audiences, migrations.RunPython.noop, elidable=False)]
