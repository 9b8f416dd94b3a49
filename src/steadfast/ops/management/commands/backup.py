"""`steadfast backup FILE`: a consistent copy of the embedded database, safe while serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from steadfast.commands import SteadfastCommand
from steadfast.ops.backup import BackupError, backup_create


class Command(SteadfastCommand):
    help = (
        "Back up the SQLite database to FILE, safe while Steadfast runs\n\n"
        "Uses SQLite's online backup API; never overwrites a file. On PostgreSQL use pg_dump "
        "(docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        try:
            leads = backup_create(target=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size = target.stat().st_size
        self.stdout.write(f"Backed up {leads} leads to {target} ({size / 1e6:.1f} MB)")
