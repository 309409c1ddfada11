"""Back up and restore a site: the database, media files and the embedded search index.

``manage.py backup_site DIR`` writes ``DIR/anxin-backup-<UTC time>/`` with

- ``database.sqlite3`` (SQLite, through SQLite's online backup: safe while the site runs)
  or ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``);
- ``media.tar.gz`` (images, handbooks: ``MEDIA_ROOT``);
- ``search.sqlite3`` (the embedded search index, when the site has one; it can always
  be rebuilt with ``search_reindex`` instead);
- ``manifest.json`` (what is in it, when, from which database engine).

``manage.py restore_site BACKUP --yes`` puts them back (stop the app servers first on
SQLite; PostgreSQL restores with ``pg_restore --clean``), then marks every cached page
stale and rebuilds the search index unless the backup carried one.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

DATABASE_SQLITE = "database.sqlite3"
DATABASE_DUMP = "database.dump"
MEDIA = "media.tar.gz"
SEARCH = "search.sqlite3"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["--host", db.get("HOST") or "localhost", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} 不可用：请安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）。"
        )
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603 - fixed program, our arguments
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{result.stderr.strip()[-500:]}")


def _sqlite_copy(source: Path | sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup: a consistent copy even while other processes write."""
    target.unlink(missing_ok=True)
    src = source if isinstance(source, sqlite3.Connection) else sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        if src is not source:
            src.close()


def backup(directory: Path, log=print) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(directory) / f"anxin-backup-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    vendor = _vendor()
    log("1/3 数据库 …")
    if vendor == "sqlite":
        connection.ensure_connection()
        _sqlite_copy(connection.connection, target / DATABASE_SQLITE)
    elif vendor == "postgresql":
        args, env = _pg_env()
        name = settings.DATABASES["default"]["NAME"]
        _run(["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(target / DATABASE_DUMP), name], env)
    else:
        raise BackupError(f"不支持的数据库：{vendor}")
    log("2/3 媒体文件 …")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname="media")
    log("3/3 搜索索引 …")
    index = Path(getattr(settings, "SEARCH_EMBEDDED_PATH", ""))
    has_index = index.is_file()
    if has_index:
        _sqlite_copy(index, target / SEARCH)
    manifest = {
        "created": stamp,
        "database": vendor,
        "files": sorted(p.name for p in target.iterdir()),
        "search_index": has_index,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def restore(source: Path, log=print) -> None:
    source = Path(source)
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{source} 不是 backup_site 生成的备份（缺少 {MANIFEST}）。")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    vendor = _vendor()
    if manifest["database"] != vendor:
        raise BackupError(f"备份来自 {manifest['database']} 数据库，当前站点使用 {vendor}。")
    log("1/3 数据库 …")
    if vendor == "sqlite":
        connection.close()
        database = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        _sqlite_copy(source / DATABASE_SQLITE, database)
    else:
        # An empty schema, then the dump: pg_restore --clean cannot drop the constraints of
        # partitioned tables (the PostgreSQL search engine's) one by one. The site's
        # database user owns the public schema (it does when it created the database).
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
        args, env = _pg_env()
        name = settings.DATABASES["default"]["NAME"]
        command = ["pg_restore", *args, "--no-owner", "--exit-on-error", "--dbname", name]
        _run([*command, str(source / DATABASE_DUMP)], env)
    log("2/3 媒体文件 …")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")]
        if members:
            if media_root.exists():
                shutil.rmtree(media_root)
            media_root.parent.mkdir(parents=True, exist_ok=True)
            staging = media_root.parent / f".restore-{os.getpid()}"
            archive.extractall(staging, members=members, filter="data")
            (staging / "media").rename(media_root)
            staging.rmdir()
    log("3/3 搜索索引与页面缓存 …")
    from anxin.cache import pages as page_cache

    index = Path(getattr(settings, "SEARCH_EMBEDDED_PATH", ""))
    if manifest.get("search_index") and (source / SEARCH).is_file() and str(index):
        index.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{index}{suffix}").unlink(missing_ok=True)
        _sqlite_copy(source / SEARCH, index)
    else:
        from django.core.management import call_command

        call_command("search_reindex", "--no-progress")
    page_cache.changed()  # every cached page, in every process, is stale now
