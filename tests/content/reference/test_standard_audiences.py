"""A fresh install has the audiences the policy documents name (a data migration):
idempotent, and it never overwrites what an editor renamed."""

import importlib

import pytest
from django.apps import apps

from content.reference.models import Audience

pytestmark = pytest.mark.django_db

STANDARD = {
    "children-youth": "儿童青少年",
    "students": "大学生",
    "parents": "家长",
    "perinatal": "孕产妇",
    "workers": "职场人群",
    "elders": "老年人",
    "special-families": "计生特殊家庭",
    "children-in-difficulty": "困境儿童",
    "disability": "残疾人及家属",
    "smi-families": "严重精神障碍患者家属",
    "teachers": "教师",
    "public": "公众",
}


def run_migration():
    module = importlib.import_module("content.reference.migrations.0002_standard_audiences")
    module.add_standard_audiences(apps, None)


def test_migrate_creates_the_standard_audiences_in_order():
    assert dict(Audience.objects.values_list("slug", "name")) == STANDARD
    ordered = list(Audience.objects.order_by("sort_order").values_list("slug", flat=True))
    assert ordered == list(STANDARD)
    assert all(a.description for a in Audience.objects.all())


def test_rerunning_keeps_renames_and_deletions_of_nothing_else():
    elders = Audience.objects.get(slug="elders")
    elders.name, elders.description, elders.sort_order = "长者", "编辑改过的说明", 1
    elders.save()
    Audience.objects.filter(slug="teachers").delete()
    Audience.objects.create(name="公众（全体）", slug="everyone")
    Audience.objects.filter(slug="public").update(name="公众（旧）")
    run_migration()
    run_migration()
    elders.refresh_from_db()
    assert (elders.name, elders.description, elders.sort_order) == ("长者", "编辑改过的说明", 1)
    assert Audience.objects.get(slug="public").name == "公众（旧）"
    assert Audience.objects.filter(slug="teachers").exists()  # a missing one comes back
    assert Audience.objects.count() == len(STANDARD) + 1


def test_a_name_taken_by_another_slug_is_left_alone():
    Audience.objects.filter(slug="teachers").delete()
    Audience.objects.create(name="教师", slug="school-staff")  # an editor's own entry
    run_migration()
    assert not Audience.objects.filter(slug="teachers").exists()
    assert Audience.objects.get(name="教师").slug == "school-staff"


def test_the_demo_names_the_same_audiences():
    from content.reference.demo import AUDIENCES

    assert {slug: name for name, slug, _description in AUDIENCES} == STANDARD
