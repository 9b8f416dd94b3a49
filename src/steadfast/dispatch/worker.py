"""The worker loop: dispatch due touches, then sleep until the next one is due or a wake-up.

`steadfast worker` runs it as its own process (any number of them on PostgreSQL);
`steadfast serve` runs it in a thread beside the web server.
"""

from __future__ import annotations

import logging
import select
import threading
import time
from datetime import timedelta

from django.db import close_old_connections, connection

from steadfast import clock
from steadfast.dispatch import wakeup
from steadfast.dispatch.services import (
    WORKER_ID,
    dispatch_one_batch,
    next_due_at,
    touch_recover_expired,
)
from steadfast.ops.services import heartbeat_record

log = logging.getLogger(__name__)

MAX_SLEEP = 30.0  # seconds: also how often expired leases are looked for
RECOVER_EVERY = timedelta(seconds=30)
HEARTBEAT_EVERY = timedelta(seconds=10)  # /readyz: "the worker's last loop"


def run_worker(*, stop: threading.Event, max_sleep: float = MAX_SLEEP) -> None:
    listener = _Listener() if connection.vendor == "postgresql" else None
    last_recovery = last_beat = None
    started = clock.now()
    log.info("worker started (%s)", connection.vendor)
    try:
        while not stop.is_set():
            close_old_connections()
            now = clock.now()
            try:
                if last_beat is None or now - last_beat >= HEARTBEAT_EVERY:
                    heartbeat_record(worker=WORKER_ID, now=now, started_at=started)
                    last_beat = now
                if last_recovery is None or now - last_recovery >= RECOVER_EVERY:
                    touch_recover_expired(now=now)
                    last_recovery = now
                if dispatch_one_batch(now=now):
                    continue
                upcoming = next_due_at()
            except Exception:  # keep the loop alive; the touch's lease protects it
                log.exception("dispatch failed; retrying shortly")
                stop.wait(1.0)
                continue
            timeout = max_sleep
            if upcoming is not None:
                timeout = max(0.0, min(max_sleep, (upcoming - clock.now()).total_seconds()))
            if listener is not None:
                listener.wait(timeout, stop)
            else:
                _wait_in_process(timeout, stop)
    finally:
        if listener is not None:
            listener.close()
        log.info("worker stopped")


def _wait_in_process(timeout: float, stop: threading.Event) -> None:
    """Sleep until a touch is planned in this process, `timeout` passes, or we are stopped."""
    deadline = time.monotonic() + timeout
    while not stop.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0 or wakeup.wait(min(0.5, remaining)):
            return


class _Listener:
    """LISTEN on a dedicated psycopg connection (autocommit), so NOTIFYs wake us at once."""

    def __init__(self) -> None:
        import psycopg

        params = connection.get_connection_params()
        self.conn = psycopg.connect(**params, autocommit=True)
        self.conn.execute(f"LISTEN {wakeup.CHANNEL}")

    def wait(self, timeout: float, stop: threading.Event) -> None:
        # Wake at least every second to notice `stop`.
        remaining = timeout
        while remaining > 0 and not stop.is_set():
            step = min(1.0, remaining)
            ready, _, _ = select.select([self.conn.fileno()], [], [], step)
            if ready:
                for _ in self.conn.notifies(timeout=0):
                    pass
                return
            remaining -= step

    def close(self) -> None:
        self.conn.close()
