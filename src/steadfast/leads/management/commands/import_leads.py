"""`steadfast import FILE.csv --source NAME [--firm SLUG] [--dry-run]` (PRODUCT.md §5.1)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm

from steadfast import clock
from steadfast.commands import SteadfastCommand
from steadfast.firms.selectors import FirmNotFound, firm_for_command
from steadfast.leads import importing
from steadfast.leads.models import LeadSource
from steadfast.stopping import stop_signals

# Exit status when nothing could be imported at all (bad file, unknown source).
UNUSABLE = 2


class _Stopped(Exception):
    pass


class Command(SteadfastCommand):
    name = "import"
    # The system checks load every view and the API (seconds and tens of megabytes) and find
    # nothing about a file (`steadfast web` and `steadfast worker` run them).
    requires_system_checks: list[str] = []
    help = (
        "Import leads from a CSV file, with the API's validation and a per-row error report\n\n"
        "The columns are the API's field names "
        f"({', '.join(importing.COLUMNS)}). Rows with errors are reported and skipped; "
        "running the same file again creates nothing new. Exit status: 0 when every row was "
        "imported, 1 when some rows were rejected (the rest are imported), 2 when the file or "
        "the source cannot be used."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help='the CSV file (UTF-8; Excel\'s "CSV UTF-8" works)'
        )
        parser.add_argument(
            "--source", required=True, help="the lead source's name (see `steadfast sources list`)"
        )
        parser.add_argument(
            "--firm", help="the firm's slug (may be left out while there is one firm)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            firm = firm_for_command(slug=options["firm"])
        except FirmNotFound as exc:
            raise CommandError(f"--firm: {exc}", returncode=UNUSABLE) from None
        name = options["source"].strip()
        source = LeadSource.objects.filter(firm=firm, name__iexact=name).first()
        if source is None:
            known = ", ".join(repr(s) for s in firm.sources.values_list("name", flat=True))
            raise CommandError(
                f"--source: {firm.name} has no source named {name!r} "
                f"(sources: {known or 'none yet'})",
                returncode=UNUSABLE,
            )
        if not source.active:
            raise CommandError(f"--source: {source.name!r} is inactive", returncode=UNUSABLE)
        try:
            rows = importing.csv_read(options["file"])
        except importing.CsvFileError as exc:
            raise CommandError(str(exc), returncode=UNUSABLE) from None

        dry_run = options["dry_run"]
        # No monitor thread: the rows of a long file are checked in a forked process, and a
        # process with threads is not forked.
        tqdm.monitor_interval = 0
        # SIGTERM or Ctrl-C stops after the row in hand (each row is its own transaction).
        stopped_by = 0
        with (
            stop_signals() as stopper,
            tqdm(
                total=len(rows),
                unit="row",
                desc="Checking" if dry_run else "Importing",
                file=getattr(self.stderr, "_out", sys.stderr),
            ) as bar,
        ):

            def on_row() -> None:
                bar.update()
                if stopper.stop_requested:
                    raise _Stopped

            report = importing.ImportReport()
            try:
                report = importing.csv_import(
                    source=source,
                    rows=rows,
                    now=clock.now(),
                    dry_run=dry_run,
                    on_row=on_row,
                    report=report,
                )
            except _Stopped:
                stopped_by = stopper.signum
        if stopped_by:
            self.stdout.write(
                f"Stopped after row {report.rows}: {report.created} created"
                + (" (a dry run: nothing saved)" if dry_run else "")
                + ". Run the same file again to import the rest; rows already imported are "
                "not imported twice."
            )
            raise CommandError("stopped by a signal", returncode=128 + stopped_by)

        for line in report.lines:
            self.stdout.write(line)
        file_name = options["file"].name
        if dry_run:
            self.stdout.write(
                f"Dry run: nothing was saved. Importing {file_name} into {source.name!r} "
                f"({firm.name}) would give:"
            )
        else:
            self.stdout.write(f"Imported {file_name} into {source.name!r} ({firm.name}):")
        invalid = ", ".join(f"{reason} {n}" for reason, n in sorted(report.invalid.items()))
        self.stdout.write(f"  rows read: {report.rows}")
        self.stdout.write(f"  created: {report.created}")
        self.stdout.write(f"  already present: {report.already_present}")
        self.stdout.write(
            f"  stored as invalid: {report.stored_as_invalid}"
            + (f" ({invalid})" if invalid else "")
        )
        self.stdout.write(f"  rejected rows: {report.rejected}")
        if report.rejected:
            rows_were = "rows were" if report.rejected > 1 else "row was"
            if dry_run:
                raise CommandError(f"{report.rejected} {rows_were} rejected by the dry run")
            raise CommandError(
                f"{report.rejected} {rows_were} rejected; fix them and run the file again "
                "(rows already imported are not imported twice)"
            )
