"""docs/operations.md's backup and restore, as an operator runs them: backup_site while
the data is there, lose some, restore_site, and everything is back (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from .stack import Deployment
from .test_gunicorn import IN_CI, POSTGRES_ADMIN_URL, _postgres, _services_available

pytestmark = pytest.mark.deploy
AUDIENCE = "from content.reference.models import Audience; "


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory):
    database = ""
    options = {}
    if request.param == "postgresql":
        missing = _services_available()
        if missing:
            if IN_CI:
                pytest.fail(missing)
            pytest.skip(missing)
        database = f"anxin_backup_{secrets.token_hex(4)}"
        _postgres(f"CREATE DATABASE {database}")
        options["database_url"] = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + database
    deployment = Deployment(tmp_path_factory.mktemp(f"backup-{request.param}"), **options)
    deployment.env["SEARCH_ENGINE"] = "embedded"  # the index file is part of the backup
    try:
        deployment.manage("migrate", "--noinput")
        yield deployment
    finally:
        if database:
            _postgres(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def test_backup_then_restore_brings_everything_back(site, tmp_path):
    site.shell(AUDIENCE + "Audience.objects.update_or_create(slug='backup-check', defaults={'name': '备份检验'})")
    media = Path(site.env["ANXIN_VAR_DIR"]) / "media" / "documents" / "handbook.pdf"
    media.parent.mkdir(parents=True)
    media.write_bytes(b"%PDF-1.4 handbook")
    site.manage("search_reindex", "--no-progress")

    out = site.manage("backup_site", str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()
    assert str(backup) in out
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    expected_db = "database.sqlite3" if manifest["database"] == "sqlite" else "database.dump"
    assert {expected_db, "media.tar.gz", "search.sqlite3"} <= set(manifest["files"])

    site.shell(AUDIENCE + "Audience.objects.filter(slug='backup-check').delete()")  # the loss
    media.unlink()
    with pytest.raises(RuntimeError, match="--yes"):  # the command asks for confirmation first
        site.manage("restore_site", str(backup))

    site.manage("restore_site", str(backup), "--yes")
    assert site.shell(AUDIENCE + "print(Audience.objects.get(slug='backup-check').name)").endswith("备份检验")
    assert media.read_bytes() == b"%PDF-1.4 handbook"
    assert (Path(site.env["ANXIN_VAR_DIR"]) / "search.sqlite3").is_file()


def test_restore_refuses_what_is_not_a_backup(site, tmp_path):
    with pytest.raises(RuntimeError, match=r"manifest\.json"):
        site.manage("restore_site", str(tmp_path), "--yes")
