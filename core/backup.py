"""Backups and restores: a consistent copy of the database plus the media files, with a manifest.

A backup is a directory ``backup-YYYYmmdd-HHMMSS`` holding
- ``database.dump`` (PostgreSQL: ``pg_dump --format=custom`` of a snapshot) or ``database.sqlite3``
  (SQLite's online backup API, taken under the write lock),
- ``media.tar`` (MEDIA_ROOT, without the jobs' temporary uploads),
- ``manifest.json``: ``{"format": 1, "created_at", "engine", "tables": {table: rows},
  "confidential": {model: sha256 of its confidential fields}, "files": {name: sha256}}``.

The counts and checksums are taken inside the same snapshot (PostgreSQL: a REPEATABLE READ
transaction whose snapshot pg_dump reuses; SQLite: under the write lock), so they describe exactly
what was dumped. ``restore`` refuses a backup whose files do not match the manifest or whose
engine differs, restores, then checks every table's count and every confidential checksum
against the manifest.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

FORMAT = 1
SKIP_MEDIA = ("jobs/uploads",)


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why (shown to the operator)."""


def _engine(using: str = "default") -> str:
    vendor = connections[using].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"unsupported database: {vendor}")
    return vendor


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _cursor_stats(cursor, tables: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Counts per table and confidential checksums through a plain DB-API cursor (raw column
    values, so a copy read with sqlite3 and the live database read by Django hash alike)."""
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    checksums = {}
    for model in apps.get_models():
        fields = getattr(model, "confidential_fields", ())
        if not fields or model._meta.proxy or model._meta.db_table not in counts:
            continue
        pk = model._meta.pk.column
        columns = ", ".join(_quote(c) for c in [pk, *(model._meta.get_field(f).column for f in fields)])
        cursor.execute(f"SELECT {columns} FROM {_quote(model._meta.db_table)} ORDER BY {_quote(pk)}")
        digest = hashlib.sha256()
        while rows := cursor.fetchmany(2000):
            for row in rows:
                digest.update(("\x1f".join("" if v is None else str(v) for v in row) + "\x1e").encode())
        checksums[model._meta.label_lower] = digest.hexdigest()
    return counts, checksums


def database_stats(using: str = "default") -> tuple[dict[str, int], dict[str, str]]:
    """``(rows per table for every table, {model: sha256 of its confidential fields})``; models
    declare ``confidential_fields`` (a demand's budget and details, messages, contract amounts)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return _cursor_stats(cursor, connection.introspection.table_names(cursor))


def table_counts(using: str = "default") -> dict[str, int]:
    return database_stats(using)[0]


def confidential_checksums(using: str = "default") -> dict[str, str]:
    return database_stats(using)[1]


def _sqlite_file_stats(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    db = sqlite3.connect(path)
    try:
        cursor = db.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return _cursor_stats(cursor, [r[0] for r in cursor.fetchall()])
    finally:
        db.close()


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(cmd: list[str], env: dict) -> None:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {result.stderr.strip()[-500:]}")


def _tar_media(target: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w") as tar:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                rel = path.relative_to(root).as_posix()
                if path.is_file() and not rel.startswith(SKIP_MEDIA):
                    tar.add(path, arcname=rel, recursive=False)


def backup(dest: Path, *, using: str = "default") -> Path:
    """Write a backup directory under ``dest``; returns its path."""
    engine = _engine(using)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = Path(dest) / f"backup-{stamp}"
    if target.exists():
        raise BackupError(f"{target} already exists")
    target.mkdir(parents=True)
    try:
        connection = connections[using]
        if engine == "postgresql":
            database = target / "database.dump"
            with transaction.atomic(using=using), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                tables, confidential = database_stats(using)
                args, env = _pg_env(connection.settings_dict)
                _run(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        f"--snapshot={snapshot}",
                        "--file",
                        str(database),
                        *args,
                    ],
                    env,
                )
        else:
            database = target / "database.sqlite3"
            # One backup step copies every page under one read lock: a consistent copy. The counts
            # and checksums are then taken from the copy itself.
            connection.ensure_connection()
            copy = sqlite3.connect(database)
            try:
                connection.connection.backup(copy)
            finally:
                copy.close()
            tables, confidential = _sqlite_file_stats(database)
        _tar_media(target / "media.tar")
        files = {name: sha256_file(target / name) for name in (database.name, "media.tar")}
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "tables": tables,
            "confidential": confidential,
            "files": files,
        }
        (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def prune(dest: Path, *, keep_days: int, now: dt.datetime | None = None) -> list[Path]:
    """Delete ``backup-*`` directories under ``dest`` older than ``keep_days``; returns them."""
    now = now or timezone.now()
    removed = []
    for path in sorted(Path(dest).glob("backup-*")):
        manifest = path / "manifest.json"
        if not manifest.exists():
            continue
        created = dt.datetime.fromisoformat(json.loads(manifest.read_text())["created_at"])
        if now - created > dt.timedelta(days=keep_days):
            shutil.rmtree(path)
            removed.append(path)
    return removed


def read_manifest(src: Path, *, using: str = "default") -> dict:
    """The manifest, after checking the files against it; BackupError when anything differs."""
    src = Path(src)
    try:
        manifest = json.loads((src / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest in {src}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if manifest.get("engine") != _engine(using):
        raise BackupError(f"backup of {manifest.get('engine')} cannot be restored into {_engine(using)}")
    for name, expected in manifest.get("files", {}).items():
        path = src / name
        if not path.exists() or sha256_file(path) != expected:
            raise BackupError(f"{name} does not match the manifest (damaged or altered backup)")
    if len(manifest.get("files", {})) != 2:
        raise BackupError("the manifest lists no database or media file")
    return manifest


def restore(src: Path, *, using: str = "default") -> dict:
    """Restore the database and media of a backup into the configured database (which should be
    fresh or expendable: its tables are replaced). Returns the manifest. Raises BackupError when
    the backup does not match its manifest (nothing touched) or the restored data does not."""
    src = Path(src)
    manifest = read_manifest(src, using=using)
    connection = connections[using]
    if manifest["engine"] == "postgresql":
        connection.close()
        args, env = _pg_env(connection.settings_dict)
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                *args,
                str(src / "database.dump"),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(src / "database.sqlite3")
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(src / "media.tar") as tar:
        tar.extractall(media, filter="data")
    tables, confidential = database_stats(using)
    wrong = [t for t, n in manifest["tables"].items() if tables.get(t) != n]
    wrong += [m for m, h in manifest["confidential"].items() if confidential.get(m) != h]
    if wrong:
        raise BackupError(f"restored data differs from the manifest: {', '.join(wrong[:10])}")
    return manifest
