"""`steadfast rotate_keys`: encrypt the stored provider secrets again with the newest key.

Rotation: `steadfast rotate_keys --new-key` prints a key; put it first in
STEADFAST_ENCRYPTION_KEYS (NEW,OLD) for every process and restart them; run
`steadfast rotate_keys`; then remove OLD and restart again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from steadfast.commands import SteadfastCommand
from steadfast.encryption import new_key
from steadfast.firms.services import firm_secrets_reencrypt


class Command(SteadfastCommand):
    help = (
        "Encrypt the stored provider secrets again with the newest key\n\n"
        "The newest key is the first of STEADFAST_ENCRYPTION_KEYS; afterwards the older ones "
        "may be removed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--new-key", action="store_true", help="print a new key and change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        count = firm_secrets_reencrypt()
        self.stdout.write(
            f"Encrypted the provider secrets of {count} firm(s) with the first key; "
            "older keys may now be removed from STEADFAST_ENCRYPTION_KEYS."
        )
