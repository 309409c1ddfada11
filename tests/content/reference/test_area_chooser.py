"""Issue 13, point 2: the area chooser finds areas by name, code and code prefix, shows
their path and browses province → city → county → township.

The areas are Jiading's real division codes (site/demo/areas-310114.csv) written by the
real importer; the requests go to the real chooser URLs as a 活动组织者.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from content.events.scoping import set_user_organization
from content.reference.areas import import_areas
from content.reference.models import AdminArea, AreaTerm
from tests import factories

CSV = Path(__file__).resolve().parents[3] / "site" / "demo" / "areas-310114.csv"
CHOSEN = re.compile(r"/admin/snippets/choose/reference/adminarea/chosen/(\d{12})/")
JIADING_TOWN_PATH = "上海市 › 上海市市辖区 › 嘉定区 › 嘉定镇街道"


def csv_rows():
    with CSV.open(encoding="utf-8") as stream:
        return [(row["code"].ljust(12, "0"), row["name"]) for row in csv.DictReader(stream)]


@pytest.fixture
def areas(db):
    with CSV.open(encoding="utf-8") as stream:
        import_areas(stream)
    return csv_rows()


@pytest.fixture
def organizer(client, areas):
    user = factories.make_user("area-organizer", role="活动组织者")
    set_user_organization(user, factories.make_organization("嘉定镇街道社区卫生服务中心"))
    client.force_login(user)
    return user


def results(client, **params):
    url = reverse("wagtailsnippetchoosers_reference_adminarea:choose_results")
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    codes = list(dict.fromkeys(CHOSEN.findall(html)))
    return codes, html


def all_codes(client, **params):
    """Every result code, following the pages."""
    found, page = [], 1
    while True:
        codes, html = results(client, p=page, **params)
        found += codes
        if f"p={page + 1}" not in html:
            return found
        page += 1


def test_imported_areas_get_their_name_pieces(areas):
    assert AreaTerm.objects.filter(area_id="310114004000").count() == 4  # 嘉定 定镇 镇街 街道


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("嘉定镇街道", "310114004000"),
        ("嘉定镇", "310114004000"),
        ("嘉定", "310114000000"),
        ("嘉定街道", "310114004000"),
    ],
)
def test_name_search(client, organizer, query, first):
    codes, _html = results(client, q=query)
    assert codes and codes[0] == first
    assert all("嘉定" in AdminArea.objects.get(pk=code).name for code in codes)


def test_name_search_finds_every_match(client, organizer, areas):
    assert all_codes(client, q="街道") == sorted(code for code, name in areas if "街道" in name)
    assert all_codes(client, q="嘉定") == ["310114000000", "310114004000", "310114501000"]  # county first


def test_search_shows_the_path(client, organizer):
    _codes, html = results(client, q="嘉定镇街道")
    assert JIADING_TOWN_PATH in html


def test_full_code_and_code_prefix(client, organizer, areas):
    assert results(client, q="310114004000")[0] == ["310114004000"]
    under_town = sorted(code for code, _ in areas if code.startswith("310114004"))
    assert all_codes(client, q="310114004") == under_town
    assert all_codes(client, q="310114")[:2] == ["310114000000", "310114001000"]
    assert len(all_codes(client, q="310114")) == sum(code.startswith("310114") for code, _ in areas)


def test_browse_province_city_county_township(client, organizer):
    assert results(client)[0] == ["310000000000"]
    assert results(client, parent="310000000000")[0] == ["310100000000"]
    assert results(client, parent="310100000000")[0] == ["310114000000"]
    codes, html = results(client, parent="310114000000")
    assert "310114004000" in codes and all(code[6:9] != "000" and code[9:] == "000" for code in codes)
    assert "上海市 › 上海市市辖区 › 嘉定区" in html  # where the browsing is


def test_chosen_area_reports_its_path(client, organizer):
    response = client.get(reverse("wagtailsnippetchoosers_reference_adminarea:chosen", args=["310114004000"]))
    assert response.status_code == 200
    assert json.loads(response.content)["result"]["string"] == JIADING_TOWN_PATH


@pytest.mark.parametrize(
    "params",
    [{"q": "不存在的地方"}, {"q": "%_\\'\"<script>"}, {"parent": "abc"}, {"parent": "999999999999"}, {"p": "x"}],
)
def test_bad_input_is_answered_in_chinese(client, organizer, params):
    url = reverse("wagtailsnippetchoosers_reference_adminarea:choose_results")
    response = client.get(url, params)
    assert response.status_code in (200, 404)
    if response.status_code == 200 and "q" in params:
        assert "没有找到" in response.content.decode()
