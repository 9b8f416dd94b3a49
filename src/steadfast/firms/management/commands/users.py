from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from steadfast import clock
from steadfast.errors import Refused
from steadfast.firms.models import Role
from steadfast.firms.selectors import FirmNotFound, firm_for_command
from steadfast.firms.services import user_create


class Command(BaseCommand):
    help = "Manage the people who log in: `steadfast users create --email E --password P --role R`"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="add a user to a firm")
        create.add_argument("--email", required=True)
        create.add_argument("--password", required=True)
        create.add_argument("--role", required=True, choices=Role.values)
        create.add_argument("--firm", help="the firm's slug (optional while there is one firm)")
        create.add_argument("--first-name", default="")
        create.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            validate_email(options["email"])
        except ValidationError:
            raise CommandError(f"--email: {options['email']!r} is not an email address") from None
        if len(options["password"]) < 8:
            raise CommandError("--password: use at least 8 characters")
        try:
            firm = firm_for_command(slug=options["firm"])
            user = user_create(
                firm=firm,
                email=options["email"],
                password=options["password"],
                role=options["role"],
                now=clock.now(),
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except (FirmNotFound, Refused) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"{user.email} is now {options['role']} at {firm.name}")
