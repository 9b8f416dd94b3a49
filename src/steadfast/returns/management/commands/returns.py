"""`steadfast returns verify FILE`: was this evidence packet altered since it was made?"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from steadfast.commands import SteadfastCommand
from steadfast.returns.packet import PacketError, packet_verify


class Command(SteadfastCommand):
    help = "Vendor returns: verify an evidence packet (JSON) against its SHA-256"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser(
            "verify", help="check that a packet's content still matches its SHA-256"
        )
        verify.add_argument("file", help="the packet's .json file, as downloaded")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        try:
            sha = packet_verify(raw)
        except PacketError as exc:
            raise CommandError(f"{path}: {exc}") from None
        self.stdout.write(f"{path}: unaltered (SHA-256 {sha})")
