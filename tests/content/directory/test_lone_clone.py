"""The repository alone is enough: HSDS import, export and the system checks work in a copy
of the tracked files with no ``../shared`` beside it (as in a fresh clone or the container).

The copy holds what ``git ls-files`` lists (tracked, plus new files not ignored), so the
test sees the working tree as it would be committed. The commands run in subprocesses
with this virtualenv's python, the test settings and a SQLite database in a temp dir.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

REPO = Path(settings.BASE_DIR)


def tracked_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:  # pragma: no cover - not a git checkout
        pytest.skip(f"needs a git checkout of the project at {REPO}: {exc}")
    return [name for name in out.decode().split("\0") if name]


@pytest.fixture(scope="module")
def lone_clone(tmp_path_factory) -> Path:
    """The repository's files alone in a fresh folder: nothing beside it, no node_modules."""
    root = tmp_path_factory.mktemp("lone") / "anxin"
    for name in tracked_files():
        source = REPO / name
        if not source.is_file():  # deleted in the working tree
            continue
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    assert not (root.parent / "shared").exists()
    assert not (root / "node_modules").exists()
    return root


def manage(clone: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PYTHONPATH")}
    env.update(
        DJANGO_SETTINGS_MODULE="anxin.settings.test",
        ANXIN_VAR_DIR=str(clone / "var"),
        SEARCH_EMBEDDED_PATH=str(clone / "var" / "search.sqlite3"),
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_hsds_import_and_export_work_in_a_lone_clone(lone_clone, make_service, tmp_path):
    from content.reference.models import AdminArea

    AdminArea.objects.create(code="310114102001", name="古猗园社区居委会")  # real, in site/demo/areas-310114.csv
    make_service("古猗园社区心理咨询室", area_id="310114102001", audience_slugs=("elders",))  # from migrate
    make_service(
        "上海市心理热线", kind="hotline", area_id="310000000000", address="", latitude=None, longitude=None,
        audience_slugs=(),
    )  # fmt: skip
    call_command("export_hsds", str(tmp_path), verbosity=0)
    export = tmp_path / "services.json"
    assert len(json.loads(export.read_text(encoding="utf-8"))) == 2

    where = manage(lone_clone, "shell", "-c", "from django.conf import settings; print(settings.BASE_DIR)")
    assert where.returncode == 0, where.stderr
    assert where.stdout.strip().splitlines()[-1] == str(lone_clone)  # the copy's code runs, not this worktree's

    for args in (
        ("migrate", "--noinput", "--verbosity", "0"),
        ("import_areas", "site/demo/areas-310114.csv", "--verbosity", "0"),
        ("import_hsds", str(export)),
    ):
        done = manage(lone_clone, *args)
        assert done.returncode == 0, f"{args}: {done.stderr[-3000:]}"
    assert "新增 2" in done.stdout

    again = manage(lone_clone, "import_hsds", str(export))  # idempotent there too
    assert again.returncode == 0 and "更新 2" in again.stdout, again.stderr[-3000:]

    out = lone_clone / "var" / "export"
    done = manage(lone_clone, "export_hsds", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    names = sorted(s["name"] for s in json.loads((out / "services.json").read_text(encoding="utf-8")))
    assert names == ["上海市心理热线", "古猗园社区心理咨询室"]

    check = manage(lone_clone, "check")
    assert check.returncode == 0, check.stderr[-3000:]
