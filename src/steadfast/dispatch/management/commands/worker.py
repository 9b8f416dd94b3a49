from __future__ import annotations

import argparse
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from steadfast.dispatch.worker import run_worker


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


class Command(BaseCommand):
    help = "Run a dispatch worker (any number of them on PostgreSQL). Ctrl-C or SIGTERM stops it."

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
