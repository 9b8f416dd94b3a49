"""`steadfast backup FILE`: a consistent copy of the embedded database, safe while serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the SQLite database to FILE while Steadfast runs (PostgreSQL: pg_dump)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        target: Path = options["file"]
        try:
            leads = backup_create(target=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        size = target.stat().st_size
        self.stdout.write(f"Backed up {leads} leads to {target} ({size / 1e6:.1f} MB)")
