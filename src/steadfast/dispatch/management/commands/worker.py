from __future__ import annotations

import signal
import threading
from typing import Any

from steadfast.commands import SteadfastCommand
from steadfast.dispatch.worker import run_worker


class Command(SteadfastCommand):
    help = (
        "Send the texts, emails and automated calls that are due (scale-out: run any number)\n\n"
        "Any number of workers may run against one PostgreSQL database. Ctrl-C or SIGTERM "
        "stops one after the send under way."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda signum, frame: stop.set())
        self.stdout.write("Steadfast worker running (Ctrl-C stops it)")
        run_worker(stop=stop)
