"""The 500 page renders without the database, a request or context processors."""

from django.template.loader import get_template
from django.test import RequestFactory
from django.views.defaults import server_error


def test_500_renders_without_database_or_context():
    # No db fixture: any database access here would raise.
    html = get_template("500.html").render({})
    assert "网站暂时出了问题" in html
    assert 'href="tel:12356"' in html
    assert "anxin/css/base.css" in html


def test_500_view_uses_the_theme_template():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "网站暂时出了问题" in response.content.decode()
