"""The worker: N sender threads that claim and send due touches, one loop that recovers.

`steadfast worker [--concurrency N]` runs it as its own process (any number of them on
PostgreSQL); `steadfast serve` runs it in a thread beside the web server. Provider calls wait
on the network, so threads give the throughput: each sender claims a few touches and sends
them one by one, each checked just before its own call (engine.dispatcher). Every thread has
its own database connection, closed when it stops.

The main loop looks for expired leases every STEADFAST_RECOVER_SECONDS and wakes the senders
when a touch is planned (LISTEN/NOTIFY on PostgreSQL, an in-process event otherwise).
"""

from __future__ import annotations

import logging
import select
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection

from steadfast import clock
from steadfast.analytics import rollup
from steadfast.dispatch import wakeup
from steadfast.engine.dispatcher import (
    WORKER_ID,
    dispatch_one_batch,
    next_due_at,
    touch_recover_expired,
)
from steadfast.ops.services import heartbeat_record

log = logging.getLogger(__name__)

MAX_SLEEP = 30.0  # seconds a sender sleeps at most before it looks again
HEARTBEAT_EVERY = timedelta(seconds=10)  # /readyz: "the worker's last loop"
# Analytics rollups recomputed for the leads written to meanwhile: the next report has less to
# do, and the log of changed leads stays short on a database whose reports nobody opens.
ROLLUPS_EVERY = timedelta(minutes=5)


class _Bell:
    """Wakes every sleeping sender at once (a new touch, or stop)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._rung = 0

    def ring(self) -> None:
        with self._cond:
            self._rung += 1
            self._cond.notify_all()

    def count(self) -> int:
        with self._cond:
            return self._rung

    def wait(self, seen: int, timeout: float) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._rung != seen, timeout=timeout)


def run_worker(
    *, stop: threading.Event, max_sleep: float = MAX_SLEEP, concurrency: int | None = None
) -> None:
    concurrency = concurrency or settings.STEADFAST_WORKER_CONCURRENCY
    recover_every = timedelta(seconds=settings.STEADFAST_RECOVER_SECONDS)
    bell = _Bell()
    listener = _Listener() if connection.vendor == "postgresql" else None
    senders = [
        threading.Thread(
            target=_sender, args=(stop, bell, max_sleep), name=f"sender-{n}", daemon=True
        )
        for n in range(concurrency)
    ]
    log.info("worker started (%s, %d concurrent sends)", connection.vendor, concurrency)
    for thread in senders:
        thread.start()
    last_recovery = last_beat = last_rollup = None
    started = clock.now()
    try:
        while not stop.is_set():
            close_old_connections()
            now = clock.now()
            if last_beat is None or now - last_beat >= HEARTBEAT_EVERY:
                try:
                    heartbeat_record(worker=WORKER_ID, now=now, started_at=started)
                except Exception:
                    log.exception("heartbeat failed; retrying at the next loop")
                last_beat = now
            if last_recovery is None or now - last_recovery >= recover_every:
                try:
                    if touch_recover_expired(now=now):
                        bell.ring()  # released or reconciled touches may be due now
                except Exception:
                    log.exception("recovery failed; retrying at the next interval")
                last_recovery = now
            if last_rollup is None or now - last_rollup >= ROLLUPS_EVERY:
                try:
                    # A batch a loop: a backlog (after an upgrade) never holds up the loop.
                    if rollup.refresh(max_leads=rollup.BATCH) < rollup.BATCH:
                        last_rollup = now
                except Exception:
                    log.exception("analytics rollups failed; retrying at the next interval")
                    last_rollup = now
            timeout = min(recover_every, HEARTBEAT_EVERY).total_seconds()
            woken = (
                listener.wait(timeout, stop)
                if listener is not None
                else _wait_in_process(timeout, stop)
            )
            if woken:
                bell.ring()
    finally:
        stop.set()
        bell.ring()
        for thread in senders:
            thread.join()
        if listener is not None:
            listener.close()
        connection.close()
        log.info("worker stopped")


def _sender(stop: threading.Event, bell: _Bell, max_sleep: float) -> None:
    """One sender: claim a few, send them one by one; sleep until due or woken."""
    try:
        while not stop.is_set():
            seen = bell.count()
            close_old_connections()
            try:
                if dispatch_one_batch():
                    continue
                upcoming = next_due_at()
            except Exception:  # keep the thread alive; the touch's lease protects it
                log.exception("dispatch failed; retrying shortly")
                stop.wait(1.0)
                continue
            timeout = max_sleep
            if upcoming is not None:
                timeout = max(0.0, min(max_sleep, (upcoming - clock.now()).total_seconds()))
            if timeout > 0:
                bell.wait(seen, timeout)
    finally:
        connection.close()  # this thread's own connection


def _wait_in_process(timeout: float, stop: threading.Event) -> bool:
    """Sleep until a touch is planned in this process, `timeout` passes, or we are stopped."""
    deadline = time.monotonic() + timeout
    while not stop.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        if wakeup.wait(min(0.5, remaining)):
            return True
    return False


class _Listener:
    """LISTEN on a dedicated psycopg connection (autocommit), so NOTIFYs wake us at once."""

    def __init__(self) -> None:
        import psycopg

        params = connection.get_connection_params()
        self.conn = psycopg.connect(**params, autocommit=True)
        self.conn.execute(f"LISTEN {wakeup.CHANNEL}")

    def wait(self, timeout: float, stop: threading.Event) -> bool:
        # Wake at least every second to notice `stop`.
        remaining = timeout
        while remaining > 0 and not stop.is_set():
            step = min(1.0, remaining)
            ready, _, _ = select.select([self.conn.fileno()], [], [], step)
            if ready:
                for _ in self.conn.notifies(timeout=0):
                    pass
                return True
            remaining -= step
        return False

    def close(self) -> None:
        self.conn.close()
