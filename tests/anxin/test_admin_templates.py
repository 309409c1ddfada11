"""The project's copies of Wagtail admin templates (anxin/templates/README.md) differ
from the installed Wagtail's only by the translated strings, and render Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
import wagtail
from django.template.loader import render_to_string
from django.utils import translation

OURS = Path(__file__).resolve().parents[2] / "anxin" / "templates"
WAGTAILS = Path(wagtail.__file__).parent / "admin" / "templates"
SEARCH = '<input type="submit" value="Search" class="button" />'
SEARCH_ZH = '<input type="submit" value="{% trans "Search" %}" class="button" />'

EMPTY_READ_ONLY_VALUE = (
    '{% if display_value is None or display_value == "None" %}—{% else %}{{ display_value }}{% endif %}\n'
)
OVERDUE_AFTER = '{% include "wagtailadmin/shared/page_status_tag.html" with page=instance %}\n'
OVERDUE_TAG = '    {% include "articles/admin/review_overdue_tag.html" with page=instance %}\n'
COPIES = {
    "wagtailadmin/home.html": [(SEARCH, SEARCH_ZH)],
    "wagtailadmin/shared/header.html": [(SEARCH, SEARCH_ZH)],
    "wagtailadmin/shared/headers/_actions.html": [
        ('aria-label="Actions"', 'aria-label="{% trans "Actions" %}"'),
        ("{# Actions divider #}", "{% load i18n %}{# Actions divider #}"),
    ],
    # Wagtail prints None: a side panel's hidden error counter when the view has no form,
    # the publisher of a page published without a user, the page search's result count.
    "wagtailadmin/shared/side_panel_toggle.html": [("{{ count|intcomma }}", "{{ count|default:0|intcomma }}")],
    "wagtailadmin/shared/user_avatar.html": [("{{ user }}", "{{ user|default_if_none:'' }}")],
    "wagtailadmin/panels/read_only_output.html": [("{{ display_value }}\n", EMPTY_READ_ONLY_VALUE)],
    "wagtailadmin/pages/listing/_page_title_column_header.html": [
        ("{% block after_label %}\n", '{% block after_label %}{% firstof model_name _("pages") as model_name %}\n')
    ],
    # not a translation: the explorer's status column also says 内容待复审 (issue 13, point 1)
    "wagtailadmin/pages/listing/_page_status_cell.html": [(OVERDUE_AFTER, OVERDUE_AFTER + OVERDUE_TAG)],
}


@pytest.mark.parametrize("name", list(COPIES))
def test_the_copy_is_wagtails_template_translated(name):
    original = (WAGTAILS / name).read_text()
    for english, translated in COPIES[name]:
        assert english in original, f"Wagtail's {name} changed: redo the project's copy"
        original = original.replace(english, translated)
    assert (OURS / name).read_text() == original


@pytest.mark.parametrize(
    ("template", "value", "expected", "unexpected"),
    [
        ("wagtailadmin/tables/cell.html", True, "是", "True"),
        ("wagtailadmin/tables/cell.html", False, "否", "False"),
        ("wagtailadmin/tables/boolean_cell.html", True, "是", "True"),
        ("wagtailadmin/tables/boolean_cell.html", False, "否", "False"),
        ("wagtailadmin/tables/boolean_cell.html", None, "未知", "None"),
    ],
)
def test_booleans_in_listings_read_chinese(template, value, expected, unexpected):
    with translation.override("zh-hans"):
        html = render_to_string(template, {"value": value, "column": None})
    assert expected in html
    assert unexpected not in html


def test_the_directory_list_shows_no_true(admin_client, db):
    """Issue 13: the directory list's boolean column read "True"."""
    from tests import factories
    from tests.anxin.english_text import ui_texts

    factories.make_service_point()
    cells = [
        text
        for where, text in ui_texts(admin_client.get("/admin/snippets/directory/servicepoint/").content.decode())
        if where == "<td>"
    ]
    assert "是" in cells
    assert "True" not in cells and "False" not in cells
