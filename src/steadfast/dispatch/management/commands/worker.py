from __future__ import annotations

import signal
import threading
from typing import Any

from steadfast.commands import SteadfastCommand
from steadfast.dispatch.worker import run_worker


class Command(SteadfastCommand):
    help = (
        "Send the calls, texts and emails that are due (any number of workers on PostgreSQL; "
        "Ctrl-C or SIGTERM stops one)"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda signum, frame: stop.set())
        self.stdout.write("Steadfast worker running (Ctrl-C stops it)")
        run_worker(stop=stop)
