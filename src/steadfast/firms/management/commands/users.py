"""`steadfast users create | set-password | list` (PRODUCT.md §5.1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.core.validators import validate_email

from steadfast import clock
from steadfast.commands import SteadfastCommand
from steadfast.errors import Refused
from steadfast.firms.models import Membership, Role, User
from steadfast.firms.selectors import FirmNotFound, firm_for_command
from steadfast.firms.services import PasswordRefused, user_create, user_set_password

FIRM_HELP = "the firm's slug (may be left out while there is one firm)"


class Command(SteadfastCommand):
    help = "Add the people who log in, list them, set a forgotten password"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser(
            "create",
            help="give a person a role in a firm (an account is made for a new email)",
            description="Give a person a role in a firm; a new email address gets an account.",
        )
        create.add_argument("--email", required=True, help="the address they log in with")
        create.add_argument(
            "--password",
            required=True,
            help="their first password, at least 8 characters (kept for an existing account)",
        )
        create.add_argument(
            "--role",
            required=True,
            choices=Role.values,
            help="agent: works the call queue and leads; manager: also lead sources, "
            "templates and cadences; admin: also the firm, numbers and people",
        )
        create.add_argument("--firm", help=FIRM_HELP)
        create.add_argument("--first-name", default="", help="shown in the app and the script")
        create.add_argument("--last-name", default="", help="shown in the app")
        password = sub.add_parser(
            "set-password",
            help="set a new password for an account (e.g. a lost admin password)",
            description="Set a new password for an existing account; its other sessions end.",
        )
        password.add_argument("--email", required=True, help="the address they log in with")
        password.add_argument("--password", required=True, help="the new password (8+ characters)")
        listing = sub.add_parser(
            "list",
            help="list who can log in to the firm, with their role",
            description="List who can log in to the firm: email, role, name, last login.",
        )
        listing.add_argument("--firm", help=FIRM_HELP)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "set-password":
            self._set_password(options)
        else:
            self._list(options)

    def _create(self, options: dict[str, Any]) -> None:
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
            hint = ""
            if "already a member" in str(exc):
                hint = " (to give them a new password: steadfast users set-password)"
            raise CommandError(f"{exc}{hint}") from None
        self.stdout.write(f"{user.email} is now {options['role']} at {firm.name}")

    def _set_password(self, options: dict[str, Any]) -> None:
        email = options["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(
                f"--email: no account for {email!r} (see `steadfast users list`; "
                "`steadfast users create` adds one)"
            )
        try:
            user_set_password(user=user, password=options["password"], now=clock.now())
        except PasswordRefused as exc:
            raise CommandError(f"--password: {exc}") from None
        self.stdout.write(f"New password set for {user.email}; log in with it now.")

    def _list(self, options: dict[str, Any]) -> None:
        try:
            firm = firm_for_command(slug=options["firm"])
        except FirmNotFound as exc:
            raise CommandError(str(exc)) from None
        memberships = (
            Membership.objects.filter(firm=firm).select_related("user").order_by("user__email")
        )
        for m in memberships:
            last = (
                m.user.last_login.strftime("%Y-%m-%d %H:%M UTC") if m.user.last_login else "never"
            )
            name = m.user.get_full_name() or "—"
            self.stdout.write(f"{m.user.email}\t{m.role}\t{name}\tlast login {last}")
        if not memberships:
            self.stdout.write(f"Nobody can log in to {firm.name} yet.")
