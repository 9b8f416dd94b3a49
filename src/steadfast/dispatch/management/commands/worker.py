"""`steadfast worker`: a dispatch worker process (any number of them on PostgreSQL).

The loop runs in a thread; the main thread only waits for SIGTERM or Ctrl-C (steadfast.stopping)
and then tells the loop to stop: it takes no new touches, finishes the batch it holds and the
process exits 0. More SIGTERMs change nothing; a third Ctrl-C forces the exit.
"""

from __future__ import annotations

import argparse
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import connection

from steadfast.commands import SteadfastCommand
from steadfast.engine.worker import run_worker
from steadfast.stopping import TICK, install_stop_signals

FINISH_SECONDS = 30.0  # how long the loop may take to finish its batch


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
        stopper = install_stop_signals()
        # Set by the main loop below, never by a signal handler: Event.set() takes a lock.
        stop = threading.Event()
        loop = threading.Thread(
            target=_run,
            kwargs={"stop": stop, "concurrency": concurrency},
            name="worker",
            daemon=True,
        )
        loop.start()
        self.stdout.write(
            f"Steadfast worker running, {concurrency} concurrent sends (Ctrl-C stops it)"
        )
        self.stdout.flush()
        while not stopper.wait(TICK):
            if not loop.is_alive():
                raise CommandError("the worker loop stopped unexpectedly")
        self.stdout.write("Stopping: finishing the batch in hand…")
        self.stdout.flush()
        stop.set()
        loop.join(timeout=FINISH_SECONDS)
        if loop.is_alive():
            self.stderr.write(
                "The worker did not finish in time; its touches go back to the queue when "
                "their lease runs out."
            )
        self.stdout.write("Stopped.")
        self.stdout.flush()


def _run(*, stop: threading.Event, concurrency: int) -> None:
    try:
        run_worker(stop=stop, concurrency=concurrency)
    finally:
        connection.close()
