"""Settings come from the environment; production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_settings(module: str, env: dict, expression: str) -> subprocess.CompletedProcess:
    clean_env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SEARCH_ENGINE", "DEBUG"}
    }
    clean_env.update(env)
    clean_env["DJANGO_SETTINGS_MODULE"] = module
    code = (
        f"import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({expression}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env, capture_output=True, text=True, timeout=60
    )


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_defaults_need_no_server(tmp_path):
    result = run_settings(
        "anxin.settings.dev",
        {"ANXIN_VAR_DIR": str(tmp_path)},
        "[s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.SEARCH_ENGINE, s.DEBUG,"
        " s.CACHES['default']['LOCATION'], s.EMAIL_BACKEND, s.DATABASES['default']['OPTIONS']['timeout']]",
    )
    assert result.returncode == 0, result.stderr
    engine, cache, search_engine, debug, cache_file, email, busy = json.loads(result.stdout.strip().splitlines()[-1])
    assert busy == 5  # a blocked request answers 503 after 5 s, not a 500 after 21 s
    assert engine == "django.db.backends.sqlite3"
    # one cache file that every process on the machine shares (not a per-process LocMem)
    assert cache == "anxin.cache.sqlite.SQLiteCache"
    assert cache_file == str(tmp_path / "cache.sqlite3")
    assert email == "django.core.mail.backends.console.EmailBackend"  # no SMTP tracebacks in the demo
    assert search_engine == "auto"  # → the embedded file on SQLite (tests/search/test_core.py)
    assert debug is True
    assert (tmp_path / "dev-secret-key").exists(), "the dev secret is generated outside the repository"


def test_environment_selects_postgres_redis_and_elasticsearch(tmp_path):
    result = run_settings(
        "anxin.settings.dev",
        {
            "ANXIN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://anxin:pw@db.internal:5432/anxin",
            "REDIS_URL": "redis://cache.internal:6379/1",
            "SEARCH_ENGINE": "elasticsearch",
            "ELASTICSEARCH_URL": "http://es.internal:9200",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "a.example,b.example",
            "EMAIL_HOST": "smtp.internal",
            "EMAIL_PORT": "587",
            "EMAIL_USE_TLS": "true",
        },
        "[s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], s.CACHES['default']['BACKEND'],"
        " s.SEARCH_ENGINE, s.ELASTICSEARCH_URL, s.DEBUG, s.ALLOWED_HOSTS,"
        " s.EMAIL_BACKEND, s.EMAIL_PORT, s.EMAIL_USE_TLS]",
    )
    assert result.returncode == 0, result.stderr
    engine, host, cache, search_engine, es_url, debug, hosts, *email = json.loads(
        result.stdout.strip().splitlines()[-1]
    )
    assert email == ["django.core.mail.backends.smtp.EmailBackend", 587, True]
    assert engine == "django.db.backends.postgresql"
    assert host == "db.internal"
    assert cache == "django.core.cache.backends.redis.RedisCache"
    assert search_engine == "elasticsearch"
    assert es_url == "http://es.internal:9200"
    assert debug is False
    assert hosts[:2] == ["a.example", "b.example"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings("anxin.settings.production", {"DJANGO_SECRET_KEY": ""}, "s.DEBUG")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("module", ["anxin.settings.base", "anxin.settings.production"])
def test_no_debug_tooling_or_secret_in_base_settings(module):
    source = (ROOT / (module.replace(".", "/") + ".py")).read_text()
    assert "debug_toolbar" not in source
    assert 'SECRET_KEY = "' not in source and "SECRET_KEY = '" not in source


def test_check_deploy_is_clean_in_production():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "anxin.settings.production",
            "DJANGO_SECRET_KEY": "x" * 20 + "production-like-secret-key-for-the-check-only-0123456789",
            "ALLOWED_HOSTS": "anxin.example.org",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
