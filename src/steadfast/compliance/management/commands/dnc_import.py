"""`steadfast dnc_import FILE --firm SLUG [--dry-run]`: the firm's internal do-not-call list.

The file is one phone number per line, or a CSV file with a `phone` column. Each number is
suppressed for calls and texts (47 CFR 64.1200(d): a company-specific do-not-call list, honoured
for every later contact). Lines that are not phone numbers are reported and skipped; running
the same file again adds nothing new.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db import transaction

from steadfast import clock
from steadfast.audit.services import audit_record
from steadfast.commands import SteadfastCommand
from steadfast.compliance.models import Channel, Suppression
from steadfast.firms.models import Firm
from steadfast.firms.selectors import FirmNotFound, firm_for_command
from steadfast.leads.validation import check_phone

UNUSABLE = 2
CHANNELS = (Channel.CALL, Channel.SMS)
PHONE_COLUMNS = ("phone", "phone_number", "number", "telephone", "mobile")


@dataclass
class DncReport:
    lines: int = 0
    added: int = 0
    already: int = 0
    errors: list[str] = field(default_factory=list)


def _entries(path: Path) -> list[tuple[int, str]]:
    """(line number, raw number) for every non-empty line, from either file shape."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", returncode=UNUSABLE) from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 text file", returncode=UNUSABLE) from None
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    header = [cell.strip().lower() for cell in next(csv.reader([first]), [])]
    column = next((header.index(name) for name in PHONE_COLUMNS if name in header), None)
    if column is None:
        if len(header) > 1:
            raise CommandError(
                f"{path}: a CSV file needs a 'phone' column (columns: {', '.join(header)})",
                returncode=UNUSABLE,
            )
        return [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]
    entries = []
    reader = csv.reader(lines)
    next(reader)
    for row in reader:
        if any(cell.strip() for cell in row):
            entries.append((reader.line_num, row[column].strip() if column < len(row) else ""))
    return entries


def dnc_import(*, firm: Firm, path: Path, dry_run: bool) -> DncReport:
    report = DncReport()
    now = clock.now()
    with transaction.atomic():
        for line_number, raw in _entries(path):
            report.lines += 1
            phone = check_phone(raw)
            if not phone.e164 or phone.finding.result == "invalid":
                report.errors.append(f"line {line_number}: {phone.finding.detail}")
                continue
            added = False
            for channel in CHANNELS:
                exists = Suppression.objects.filter(
                    firm=firm, channel=channel, value=phone.e164
                ).exists()
                if not exists and not dry_run:
                    Suppression.objects.create(
                        firm=firm,
                        channel=channel,
                        value=phone.e164,
                        reason=Suppression.Reason.INTERNAL_DNC,
                        created_at=now,
                        evidence={
                            "source": "dnc_import",
                            "file": path.name,
                            "line": line_number,
                            "as_written": raw[:64],
                        },
                    )
                added = added or not exists
            if added:
                report.added += 1
            else:
                report.already += 1
        if not dry_run and report.added:
            audit_record(
                firm=firm,
                at=now,
                action="dnc.imported",
                obj=firm,
                actor_label="dnc_import",
                changes={
                    "file": path.name,
                    "numbers_added": report.added,
                    "errors": len(report.errors),
                },
            )
    return report


class Command(SteadfastCommand):
    help = (
        "Load the firm's do-not-call list: those numbers are never called or texted\n\n"
        "The file is one phone number per line, or a CSV file with a 'phone' column. Lines that "
        "are not phone numbers are reported and skipped; running it again adds nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the list: text or CSV, UTF-8")
        parser.add_argument("--firm", help="the firm's slug (optional while there is one firm)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            firm = firm_for_command(slug=options["firm"])
        except FirmNotFound as exc:
            raise CommandError(f"--firm: {exc}", returncode=UNUSABLE) from None
        path: Path = options["file"]
        report = dnc_import(firm=firm, path=path, dry_run=options["dry_run"])
        for error in report.errors:
            self.stderr.write(error)
        verb = "would add" if options["dry_run"] else "added"
        self.stdout.write(
            f"{path.name} → {firm.name}'s do-not-call list: {report.lines} "
            f"numbers read, {verb} {report.added}, already listed "
            f"{report.already}, errors {len(report.errors)}"
        )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
        if report.errors:
            lines_were = "lines were" if len(report.errors) > 1 else "line was"
            raise CommandError(
                f"{len(report.errors)} {lines_were} not a phone number and "
                "skipped; fix them and run the file again"
            )
