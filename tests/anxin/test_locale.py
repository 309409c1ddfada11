"""The project's catalogues (locale/zh_Hans): the zh-hans strings Wagtail's own
catalogue lacks. The compiled .mo files are committed (a fresh machine has no GNU
gettext and the running site needs them); this test compiles each .po with polib
and fails when the committed .mo is not current. To rebuild after editing a .po:

    .venv/bin/python -c "import polib; [polib.pofile(f'locale/zh_Hans/LC_MESSAGES/{d}.po')
        .save_as_mofile(f'locale/zh_Hans/LC_MESSAGES/{d}.mo') for d in ('django', 'djangojs')]"
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdr]|%[sd]|\{[a-z_]+\}")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_mo_is_compiled_from_the_po(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    mo = polib.mofile(str(LOCALE / f"{domain}.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    committed = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in mo if e.msgid}
    assert committed == compiled, f"locale/zh_Hans/LC_MESSAGES/{domain}.mo is stale: recompile it (see this module)"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_entry_is_translated_with_its_placeholders(domain):
    po = polib.pofile(str(LOCALE / f"{domain}.po"))
    assert po.percent_translated() == 100
    assert po.metadata["Plural-Forms"].startswith("nplurals=1;")
    for entry in po:
        translated = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
        source = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        assert set(PLACEHOLDER.findall(translated)) <= source, entry.msgid
        if not entry.msgid_plural:
            assert set(PLACEHOLDER.findall(translated)) == source, entry.msgid


def test_the_site_uses_the_project_catalogue():
    """Strings Wagtail's zh_Hans catalogue lacks (issue 13: the dashboard's counts,
    "Shortcuts", "Autosave is paused", the content-checks guide) come out Chinese."""
    from django.utils.translation import gettext, ngettext

    with translation.override("zh-hans"):
        assert gettext("Shortcuts") == "快捷方式"
        assert gettext("Page types usage") == "页面类型使用情况"
        assert gettext("Privacy and access") == "隐私与访问"
        assert gettext("Search all pages…") == "搜索全部页面…"
        assert gettext("Autosave is paused") == "自动保存已暂停"
        pages = ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            45,
        ) % {"total": 45, "site_name": "安心"}
        assert pages == '45 个页面 <span class="w-sr-only">（创建于安心）</span>'


def test_the_javascript_catalogue_is_served_in_chinese(client, django_user_model):
    user = django_user_model.objects.create_superuser("i18n_admin", "i18n@example.invalid", "x")
    client.force_login(user)
    body = client.get("/admin/jsi18n/").content.decode()
    for text in ("正在自动保存…", "发生网络错误。"):
        assert text in body or json.dumps(text)[1:-1] in body, text


def test_rest_framework_changes_no_wording_of_the_site():
    """rest_framework (for wagtail.api.v2) ships its own zh_Hans wording of Django's form
    messages, and an app's catalogue outranks Django's: a video URL was refused with
    "请输入合法的URL。" once it was installed. Every message it words differently reads as
    it did without it: the first other app's wording (Wagtail's "必需字段"), else
    Django's own, which the project catalogue restores."""
    from django.apps import apps
    from django.utils.translation import gettext

    def catalogue(path: Path) -> dict[str, str]:
        if not path.exists():
            return {}
        return {e.msgid: e.msgstr for e in polib.mofile(str(path)) if e.msgid and e.msgstr and not e.msgid_plural}

    def app_catalogue(app_path: str) -> dict[str, str]:
        return catalogue(Path(app_path) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo")

    drf = app_catalogue(apps.get_app_config("rest_framework").path)
    others = [app_catalogue(app.path) for app in apps.get_app_configs() if app.label != "rest_framework"]
    core = catalogue(
        Path(__import__("django").__file__).parent / "conf" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"
    )

    def without_drf(msgid: str) -> str:
        return next((c[msgid] for c in others if msgid in c), core.get(msgid, msgid))

    differing = [m for m in drf if m in core and drf[m] != without_drf(m)]
    assert {"Enter a valid URL.", "This field is required."} <= set(differing)
    with translation.override("zh-hans"):
        assert {m: gettext(m) for m in differing} == {m: without_drf(m) for m in differing}
