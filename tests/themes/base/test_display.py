"""长辈模式 and text size: one cookie, no account; links that work without JavaScript."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from themes.base.display import MODE_COOKIE, MODES, SIZE_STEPS, Display, parse


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("elder", Display("elder", 0)),
        ("standard", Display("standard", 0)),
        ("elder+1", Display("elder", 1)),
        ("standard-1", Display("standard", -1)),
        ("elder+9", Display("elder", 2)),
        ("elder-5", Display("elder", -1)),
        ("", Display()),
        (None, Display()),
        ("ELDER", Display()),
        ("elder; drop table", Display()),
    ],
)
def test_parse_is_tolerant(raw, expected):
    assert parse(raw) == expected


@given(st.text(max_size=20))
def test_any_cookie_maps_to_one_of_the_bounded_variants(raw):
    display = parse(raw)
    assert display.mode in MODES
    assert display.size in SIZE_STEPS
    assert parse(display.key) == display


def test_html_classes():
    assert Display("elder", 2).html_class == "mode-elder text-step-p2"
    assert Display("standard", -1).html_class == "mode-standard text-step-m1"
    assert Display().html_class == "mode-standard"


def test_switch_to_elder_mode_sets_cookie_and_returns(client, db):
    response = client.get("/mode/elder/", {"next": "/offline/?a=1"})
    assert response.status_code == 302
    assert response["Location"] == "/offline/?a=1"
    morsel = response.cookies[MODE_COOKIE]
    assert morsel.value == "elder"
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert int(morsel["max-age"]) >= 30 * 24 * 3600
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_switch_never_redirects_to_another_host(client, db, target):
    response = client.get("/mode/elder/", {"next": target})
    assert response["Location"] == "/"


def test_unknown_mode_changes_nothing(client, db):
    client.cookies[MODE_COOKIE] = "elder+1"
    response = client.get("/mode/purple/")
    assert response.status_code == 302
    assert MODE_COOKIE not in response.cookies


def test_text_size_steps_keep_the_mode_and_stop_at_the_ends(client, db):
    client.cookies[MODE_COOKIE] = "elder"
    seen = []
    for _ in range(4):
        response = client.get("/text-size/larger/", {"next": "/offline/"})
        seen.append(response.cookies[MODE_COOKIE].value)
    assert seen == ["elder+1", "elder+2", "elder+2", "elder+2"]
    assert client.get("/text-size/smaller/").cookies[MODE_COOKIE].value == "elder+1"
    assert client.get("/text-size/reset/").cookies[MODE_COOKIE].value == "elder"
    # Leaving elder mode keeps the chosen size.
    client.cookies[MODE_COOKIE] = "elder+1"
    assert client.get("/mode/standard/").cookies[MODE_COOKIE].value == "standard+1"


def test_standard_page_has_a_prominent_elder_switch(client, hotlines, no_page_cache):
    html = client.get("/offline/").content.decode()
    assert 'class="mode-standard"' in html
    assert "/mode/elder/?next=/offline/" in html
    assert "长辈版" in html
    assert "anxin/css/elder.css" not in html
    assert "/text-size/larger/" in html


def test_elder_page_is_a_variant_of_the_same_templates(client, hotlines, no_page_cache):
    client.cookies[MODE_COOKIE] = "elder+2"
    html = client.get("/offline/").content.decode()
    assert 'class="mode-elder text-step-p2"' in html
    assert "anxin/css/base.css" in html
    assert "anxin/css/elder.css" in html
    assert "/mode/standard/?next=/offline/" in html
    # Already at the largest size: no A+ link, but A− is there.
    assert "/text-size/larger/" not in html
    assert "/text-size/smaller/" in html


def test_404_page_uses_the_theme_with_crisis_strip(client, hotlines, no_page_cache):
    client.cookies[MODE_COOKIE] = "elder"
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "找不到这个页面" in html
    assert 'href="tel:12356"' in html
    assert 'class="mode-elder"' in html


def test_public_pages_stay_chinese_whatever_the_browser_asks(client, hotlines, no_page_cache):
    html = client.get("/offline/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="zh-hans"' in html


def test_main_navigation_lists_menu_pages_and_marks_the_current_section(client, hotlines, no_page_cache, default_site):
    from wagtail.models import Page

    section = Page(title="心理健康科普", slug="kepu", show_in_menus=True)
    default_site.root_page.add_child(instance=section)
    section.save_revision().publish()
    hidden = Page(title="不在菜单", slug="hidden", show_in_menus=False)
    default_site.root_page.add_child(instance=hidden)
    hidden.save_revision().publish()
    html = client.get("/offline/").content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))]
    assert ">心理健康科普</a>" in nav
    assert "不在菜单" not in nav
    assert "aria-current" not in nav
