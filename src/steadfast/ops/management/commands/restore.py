"""`steadfast restore FILE`: put a backup made by `steadfast backup` back in place.

Refused while a worker is running (its heartbeat is fresh), since web and worker processes
would go on with their own idea of the data; the live database is kept beside it first."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.db import DatabaseError
from django.db.migrations.loader import MigrationLoader

from steadfast import clock
from steadfast.commands import SteadfastCommand
from steadfast.ops.backup import (
    PG_RESTORE,
    BackupError,
    backup_check,
    backup_migrations,
    backup_restore,
    database_path,
)
from steadfast.ops.selectors import worker_last_seen

RUNNING_IF_SEEN_WITHIN = timedelta(seconds=90)


class Command(SteadfastCommand):
    help = (
        "Restore the SQLite database from a FILE made by `steadfast backup`\n\n"
        "Refused while a worker runs; the database it replaces is kept beside it. On "
        "PostgreSQL use pg_restore (docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even though a worker seems to be running",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["file"]
        now = clock.now()
        try:
            database_path()
        except BackupError:
            raise CommandError(PG_RESTORE) from None
        try:
            backup_check(path=source)
            self._refuse_newer(source)
            if not options["force"]:
                self._refuse_while_running(now)
            leads, kept = backup_restore(source=source, now=now)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        call_command("migrate", interactive=False, verbosity=0)  # an older backup catches up
        self.stdout.write(f"Restored {leads} leads from {source}")
        self.stdout.write(f"The database as it was before is kept in {kept}")

    def _refuse_newer(self, source: Path) -> None:
        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        unknown = sorted(backup_migrations(path=source) - known)
        if unknown:
            app, name = unknown[0]
            raise BackupError(
                f"{source} was made by a newer Steadfast (it has migration {app}.{name}); "
                "restore it with that version"
            )

    def _refuse_while_running(self, now: Any) -> None:
        try:
            last = worker_last_seen()
        except DatabaseError:  # a database from before heartbeats: nothing can be running
            return
        if last is not None and now - last < RUNNING_IF_SEEN_WITHIN:
            ago = (now - last).total_seconds()
            raise BackupError(
                f"Steadfast is running (a worker looped {ago:.0f} s ago): stop serve, web and "
                "worker first, or pass --force"
            )
