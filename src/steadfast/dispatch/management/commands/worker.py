from __future__ import annotations

import argparse
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from steadfast.commands import SteadfastCommand
from steadfast.dispatch.worker import run_worker


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


class Command(SteadfastCommand):
    help = (
        "Send the texts, emails and automated calls that are due (scale-out: run any number)\n\n"
        "Any number of workers may run against one PostgreSQL database, each with --concurrency "
        "sends at once. Ctrl-C or SIGTERM stops one after the sends under way."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--concurrency",
            type=_positive,
            default=None,
            metavar="N",
            help="concurrent sends, one thread and database connection each "
            "(default: STEADFAST_WORKER_CONCURRENCY, 1)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        concurrency = options["concurrency"] or settings.STEADFAST_WORKER_CONCURRENCY
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda signum, frame: stop.set())
        self.stdout.write(
            f"Steadfast worker running, {concurrency} concurrent sends (Ctrl-C stops it)"
        )
        run_worker(stop=stop, concurrency=concurrency)
