from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from steadfast.dispatch.worker import run_worker


class Command(BaseCommand):
    help = "Run a dispatch worker (any number of them on PostgreSQL). Ctrl-C or SIGTERM stops it."

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda signum, frame: stop.set())
        self.stdout.write("Steadfast worker running (Ctrl-C stops it)")
        run_worker(stop=stop)
