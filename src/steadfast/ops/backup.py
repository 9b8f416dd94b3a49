"""Backups of the embedded SQLite database, through SQLite's online backup API.

The backup API copies the database page by page under SQLite's own locking, so a backup taken
while `serve` answers requests and sends touches is a consistent snapshot (WAL included); a
plain file copy of a live database in WAL mode is not. PostgreSQL has pg_dump/pg_restore for
this (docs/deploy.md); these functions refuse it with that recipe.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from django.db import connection

PG_BACKUP = (
    "on PostgreSQL use pg_dump: "
    'pg_dump --format=custom --file=steadfast.dump "$DATABASE_URL" (see docs/deploy.md)'
)
PG_RESTORE = (
    "on PostgreSQL use pg_restore: stop web and worker, then "
    'pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" steadfast.dump '
    "(see docs/deploy.md)"
)
# Tables a Steadfast database always has: a file without them is not a backup of ours.
REQUIRED_TABLES = {"django_migrations", "firms_firm", "leads_lead", "dispatch_touch"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for a person."""


def database_path() -> Path:
    if connection.vendor != "sqlite":
        raise BackupError(PG_BACKUP)
    return Path(str(connection.settings_dict["NAME"]))


def _copy(source: Path, target: Path) -> None:
    with (
        closing(sqlite3.connect(source, timeout=20)) as src,
        closing(sqlite3.connect(target, timeout=20)) as dst,
    ):
        src.backup(dst)


def backup_create(*, target: Path) -> int:
    """Write a consistent copy of the live database to `target` (which must not exist yet).
    Returns the number of leads in it."""
    source = database_path()
    if target.exists():
        raise BackupError(f"{target} already exists; name a new file")
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a directory")
    partial = target.with_name(f".{target.name}.partial")
    try:
        _copy(source, partial)
        os.chmod(partial, 0o600)  # it holds every lead's contact data
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return backup_check(path=target)


def backup_check(*, path: Path) -> int:
    """Make sure `path` is a sound Steadfast database; returns its number of leads."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{path} is damaged (SQLite's quick_check failed)")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not REQUIRED_TABLES.issubset(tables):
                raise BackupError(f"{path} is a SQLite file but not a Steadfast database")
            return int(db.execute("SELECT count(*) FROM leads_lead").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc})") from None


def backup_migrations(*, path: Path) -> set[tuple[str, str]]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return {(app, name) for app, name in db.execute("SELECT app, name FROM django_migrations")}


def backup_restore(*, source: Path, now: datetime) -> tuple[int, Path]:
    """Replace the live database with the backup at `source`, after keeping a copy of the live
    one beside it. Returns (leads restored, where the previous database was kept)."""
    target = database_path()
    leads = backup_check(path=source)
    if source.resolve() == target.resolve():
        raise BackupError(f"{source} is the live database itself")
    kept = target.with_name(f"{target.name}.before-restore-{now:%Y%m%d-%H%M%S}")
    connection.close()  # our own connection must not hold the file while it is replaced
    _copy(target, kept)
    os.chmod(kept, 0o600)
    _copy(source, target)
    return leads, kept
