"""`steadfast retention`: the firm's message-retention job (dispatch.retention)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from steadfast import clock
from steadfast.commands import SteadfastCommand
from steadfast.dispatch.retention import retention_run
from steadfast.firms.selectors import FirmNotFound, firm_for_command

UNUSABLE = 2


class Command(SteadfastCommand):
    help = (
        "Remove the wording of messages older than the retention period (dry run by default)\n\n"
        "Messages are kept at least STEADFAST_MESSAGE_RETENTION_YEARS (5 or more). Without "
        "--apply this only counts what would go; with it, the subject and content of older "
        "messages are cleared (time, recipient and template version stay) and the run is "
        "recorded in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--firm", help="the firm's slug (optional while there is one firm)")
        parser.add_argument(
            "--apply", action="store_true", help="remove them (default: count only)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            firm = firm_for_command(slug=options["firm"])
        except FirmNotFound as exc:
            raise CommandError(f"--firm: {exc}", returncode=UNUSABLE) from None
        report = retention_run(firm=firm, now=clock.now(), apply=options["apply"])
        self.stdout.write(
            f"{firm.name}: messages are kept {report.kept_years} years; "
            f"{report.expired} sent before {report.cutoff:%Y-%m-%d} are past it"
        )
        if options["apply"]:
            self.stdout.write(f"Removed the wording of {report.removed}.")
        else:
            self.stdout.write("Dry run: nothing was removed (add --apply).")
