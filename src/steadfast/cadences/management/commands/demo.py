"""`steadfast demo [--leads N] [--days D]` (PRODUCT.md §5.1)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser

from steadfast import clock
from steadfast.commands import SteadfastCommand
from steadfast.demo import MAX_LEADS, DemoError, demo_fill
from steadfast.firms.models import Firm
from steadfast.firms.selectors import FirmNotFound, firm_for_command
from steadfast.firms.services import DEMO_ADMIN, demo_firm_seed


class Command(SteadfastCommand):
    help = (
        "Fill the database with a realistic history of leads, calls, texts and outcomes\n\n"
        "Made by the real engine on a virtual clock over the last D days: four lead sources "
        "of different quality and price, people who answer at different hours or never, "
        "wrong numbers, bounced emails, duplicates, replies and opt-outs, and leads a person "
        "marked qualified, signed or declined. On an empty database the demo firm is created "
        "first and its login printed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--leads",
            type=int,
            default=300,
            help=f"how many leads arrive (default: 300, at most {MAX_LEADS})",
        )
        parser.add_argument(
            "--days", type=int, default=30, help="over how many days, ending now (default: 30)"
        )
        parser.add_argument(
            "--firm", help="the firm's slug (may be left out while there is one firm)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed makes the same history (default: 1)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        now = clock.now()
        seeded = None if Firm.objects.exists() else demo_firm_seed(now=now)
        try:
            firm = firm_for_command(slug=options["firm"])
            self.stdout.write(
                f"Making {options['leads']} leads over {options['days']} days for {firm.name}…"
            )
            self.stdout.flush()
            result = demo_fill(
                firm=firm,
                count=options["leads"],
                days=options["days"],
                now=now,
                seed=options["seed"],
            )
        except (FirmNotFound, DemoError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(result.by_status.items()))
        self.stdout.write(f"{result.leads} leads since {result.start:%Y-%m-%d}: {statuses}")
        self.stdout.write(f"{result.touches} calls, texts, emails and replies on their timelines")
        if seeded:
            seeded_firm, password = seeded
            self.stdout.write(
                f"Demo firm: {seeded_firm.name}. Log in as {DEMO_ADMIN} with password {password}"
            )
