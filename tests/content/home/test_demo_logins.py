"""The `make run` banner shows the address the server really listens on."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_banner_shows_the_real_host_and_port(settings, capsys):
    settings.DEBUG = True
    call_command("demo_logins", "--host", "0.0.0.0", "--port", "8123")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/" in out and "http://127.0.0.1:8123/admin/" in out
    assert ":8000" not in out


@pytest.mark.django_db
def test_load_demo_without_debug_creates_no_accounts(settings):
    from django.contrib.auth import get_user_model

    from content.home import demo_users

    settings.DEBUG = False
    settings.ANXIN_DEMO_ACCOUNTS = False
    messages = []
    demo_users.load(messages.append)
    assert not get_user_model().objects.exists()
    assert "未创建" in messages[0]
