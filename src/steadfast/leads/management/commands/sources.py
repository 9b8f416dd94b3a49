from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import CommandError, CommandParser

from steadfast import clock
from steadfast.commands import SteadfastCommand
from steadfast.errors import Refused
from steadfast.firms.selectors import FirmNotFound, firm_for_command
from steadfast.leads.models import LeadSource, SourceKind
from steadfast.leads.services import source_create, source_revoke_key, source_rotate_key

FIRM_HELP = "the firm's slug (may be left out while there is one firm)"


def _money(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CommandError(f"--cost-per-lead: {text!r} is not an amount in USD") from None
    if value < 0 or not value.is_finite():
        raise CommandError("--cost-per-lead: must be zero or more")
    return value.quantize(Decimal("0.01"))


class Command(SteadfastCommand):
    help = "Create and list lead sources, rotate or revoke their API keys"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a source and print its API key")
        create.add_argument("--name", required=True, help="the source's name, as the team knows it")
        create.add_argument("--firm", help=FIRM_HELP)
        create.add_argument(
            "--kind",
            default=SourceKind.API,
            choices=SourceKind.values,
            help="how its leads arrive (default: api)",
        )
        create.add_argument(
            "--cost-per-lead", default="0", help="what one lead costs, in USD (default: 0)"
        )
        create.add_argument(
            "--return-window-days",
            type=int,
            default=0,
            help="days the vendor accepts bad leads back (default: 0, no returns)",
        )
        listing = sub.add_parser("list", help="list the firm's sources")
        listing.add_argument("--firm", help=FIRM_HELP)
        for name, text in (
            ("rotate-key", "replace a source's key and print the new one"),
            ("revoke-key", "stop a source's key from working"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("--name", required=True, help="the source's name")
            p.add_argument("--firm", help=FIRM_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            firm = firm_for_command(slug=options["firm"])
        except FirmNotFound as exc:
            raise CommandError(str(exc)) from None
        action = options["action"]
        now = clock.now()
        if action == "create":
            if options["return_window_days"] < 0:
                raise CommandError("--return-window-days: must be zero or more")
            try:
                source, key = source_create(
                    firm=firm,
                    name=options["name"],
                    kind=options["kind"],
                    cost_per_lead=_money(options["cost_per_lead"]),
                    return_window_days=options["return_window_days"],
                    now=now,
                )
            except Refused as exc:
                raise CommandError(exc.message) from None
            self.stdout.write(
                f"Created source {source.name!r} for {firm.name}. "
                "Its API key is shown once; keep it safe:"
            )
            self.stdout.write(key)
            return
        if action == "list":
            for s in LeadSource.objects.filter(firm=firm).order_by("name"):
                state = "revoked" if s.api_key_revoked_at else "active"
                self.stdout.write(
                    f"{s.name}\t{s.kind}\t${s.cost_per_lead}\t{s.return_window_days}d\tkey {state}"
                )
            return
        found = LeadSource.objects.filter(firm=firm, name=options["name"]).first()
        if found is None:
            raise CommandError(f"--name: {firm.name} has no source named {options['name']!r}")
        if action == "rotate-key":
            self.stdout.write(source_rotate_key(source=found, now=now))
        else:
            source_revoke_key(source=found, now=now)
            self.stdout.write(f"The key of {found.name!r} no longer works.")
