from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from steadfast import clock
from steadfast.errors import Refused
from steadfast.firms.selectors import FirmNotFound, firm_for_command
from steadfast.leads.models import LeadSource, SourceKind
from steadfast.leads.services import source_create, source_revoke_key, source_rotate_key


def _money(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CommandError(f"--cost-per-lead: {text!r} is not an amount in USD") from None
    if value < 0 or not value.is_finite():
        raise CommandError("--cost-per-lead: must be zero or more")
    return value.quantize(Decimal("0.01"))


class Command(BaseCommand):
    help = "Manage lead sources and their API keys"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a source and print its API key")
        create.add_argument("--name", required=True)
        create.add_argument("--firm", help="the firm's slug (optional while there is one firm)")
        create.add_argument("--kind", default=SourceKind.API, choices=SourceKind.values)
        create.add_argument("--cost-per-lead", default="0")
        create.add_argument("--return-window-days", type=int, default=0)
        listing = sub.add_parser("list", help="list the firm's sources")
        listing.add_argument("--firm")
        for name, text in (
            ("rotate-key", "replace a source's key and print the new one"),
            ("revoke-key", "stop a source's key from working"),
        ):
            p = sub.add_parser(name, help=text)
            p.add_argument("--name", required=True)
            p.add_argument("--firm")

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
