"""`steadfast integrations create --name N`: a token for the firm's practice-management system
to report outcomes (qualified, signed with a fee, declined) through the API."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from steadfast import clock
from steadfast.analytics.models import IntegrationToken
from steadfast.analytics.services import integration_token_create
from steadfast.commands import SteadfastCommand
from steadfast.firms.selectors import FirmNotFound, firm_for_command


class Command(SteadfastCommand):
    help = "Firm integration tokens: let the firm's own systems report how leads ended"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="create a token and print it (shown once)")
        create.add_argument("--name", required=True, help="what uses it, e.g. 'Clio'")
        create.add_argument("--firm", help="the firm's slug (optional while there is one firm)")
        listing = sub.add_parser("list", help="list the firm's tokens")
        listing.add_argument("--firm", help="the firm's slug")
        revoke = sub.add_parser("revoke", help="stop a token from working")
        revoke.add_argument("--name", required=True, help="the token's name")
        revoke.add_argument("--firm", help="the firm's slug")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            firm = firm_for_command(slug=options["firm"])
        except FirmNotFound as exc:
            raise CommandError(str(exc)) from None
        now = clock.now()
        if options["action"] == "create":
            try:
                token, key = integration_token_create(firm=firm, name=options["name"], now=now)
            except ValueError as exc:
                raise CommandError(f"--{exc}") from None
            self.stdout.write(f"Integration token {token.name!r} for {firm.name}:")
            self.stdout.write(key)
            return
        tokens = IntegrationToken.objects.filter(firm=firm).order_by("name")
        if options["action"] == "list":
            for token in tokens:
                state = "revoked" if token.revoked_at else "active"
                self.stdout.write(f"{token.name}\tsfi_{token.prefix}_…\t{state}")
            return
        updated = tokens.filter(name=options["name"], revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not updated:
            raise CommandError(f"--name: no active token named {options['name']!r}")
        self.stdout.write(f"Revoked {options['name']!r}.")
