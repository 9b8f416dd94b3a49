"""`steadfast rollups`: bring the analytics rollups up to date now (after an upgrade on a large
database, so that the first report does not do it)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser

from steadfast.analytics import rollup
from steadfast.commands import SteadfastCommand


class Command(SteadfastCommand):
    help = "Recompute the analytics rollups of every lead changed since the last report"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="recompute every lead, not only the changed ones"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["all"]:
            rollup.mark_all()
        done = rollup.refresh()
        self.stdout.write(
            f"Rollups current: {done:,} lead{'s' if done != 1 else ''} recomputed "
            f"in {time.perf_counter() - started:.1f} s."
        )
