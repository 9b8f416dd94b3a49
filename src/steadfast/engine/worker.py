"""The worker: N sender threads that claim and send due touches, one loop that recovers.

`steadfast worker [--concurrency N]` runs it as its own process (any number of them on
PostgreSQL); `steadfast serve` runs it in a thread beside the web server. Provider calls wait
on the network, so threads give the throughput: the senders share what the process claimed
(`_Claimed`), and each sends one touch at a time, checked just before its own call
(engine.dispatcher). The process claims no more than it has free senders, so a claimed touch
never waits behind a slow send, and no touch is held from other workers that this one cannot
start at once. Every thread has its own database connection, closed when it stops.

The main loop looks for expired leases every STEADFAST_RECOVER_SECONDS and wakes the senders
when a touch is planned (LISTEN/NOTIFY on PostgreSQL, an in-process event otherwise).
"""

from __future__ import annotations

import logging
import select
import threading
import time
from collections import deque
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection

from steadfast import clock
from steadfast.analytics import rollup
from steadfast.dispatch import wakeup
from steadfast.engine.dispatcher import (
    WORKER_ID,
    Claim,
    next_due_at,
    touch_claim_due,
    touch_dispatch,
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


class _Claimed:
    """The touches this process claimed and no sender has started yet, shared by the senders.

    A free sender takes the next one. When none is left it claims as many due touches as the
    process has free senders (itself included, STEADFAST_SEND_BATCH at most), keeps one and
    leaves the rest here for the others: no claimed touch waits for a busy sender while
    another is free, and none is held from other workers that this one cannot start now."""

    def __init__(self, senders: int) -> None:
        self.senders = senders
        self._guard = threading.Lock()  # the queue and the count of busy senders
        self._claiming = threading.Lock()  # one claim at a time in this process
        self._waiting: deque[tuple[Claim, int]] = deque()
        self._busy = 0

    def _next(self) -> tuple[Claim, int] | None:
        with self._guard:
            if not self._waiting:
                return None
            self._busy += 1
            return self._waiting.popleft()

    def take(self, bell: _Bell) -> tuple[Claim, int] | None:
        """A claimed touch for this sender (busy until `done`), or None: nothing is due."""
        job = self._next()
        if job is not None:
            return job
        with self._claiming:
            job = self._next()  # another sender claimed while this one waited its turn
            if job is not None:
                return job
            with self._guard:
                free = self.senders - self._busy
            limit = min(settings.STEADFAST_SEND_BATCH, max(1, free))
            claim = touch_claim_due(now=clock.now(), limit=limit)
            with self._guard:
                self._waiting.extend((claim, touch_id) for touch_id in claim)
            job = self._next()
        if job is not None and len(claim) > 1:
            bell.ring()  # the rest are for the other free senders
        return job

    def done(self) -> None:
        with self._guard:
            self._busy -= 1

    def release(self) -> None:
        """Give back the touches no sender will start (the worker stops): they are free for
        other workers at once, not when their lease runs out."""
        with self._guard:
            waiting, self._waiting = list(self._waiting), deque()
        claims: dict[str, tuple[Claim, list[int]]] = {}
        for claim, touch_id in waiting:
            claims.setdefault(claim.token, (claim, []))[1].append(touch_id)
        for claim, ids in claims.values():
            claim.release(ids)


def run_worker(
    *, stop: threading.Event, max_sleep: float = MAX_SLEEP, concurrency: int | None = None
) -> None:
    concurrency = concurrency or settings.STEADFAST_WORKER_CONCURRENCY
    recover_every = timedelta(seconds=settings.STEADFAST_RECOVER_SECONDS)
    bell = _Bell()
    claimed = _Claimed(concurrency)
    listener = _Listener() if connection.vendor == "postgresql" else None
    senders = [
        threading.Thread(
            target=_sender,
            args=(stop, bell, claimed, max_sleep),
            name=f"sender-{n}",
            daemon=True,
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
        try:
            claimed.release()
        except Exception:
            log.exception("could not give back claimed touches; their lease will run out")
        if listener is not None:
            listener.close()
        connection.close()
        log.info("worker stopped")


def send_claimed(job: tuple[Claim, int], mine: Claim | None, claimed: _Claimed) -> Claim:
    """Send one claimed touch with this sender's own view of its claim (its memo of firms, kept
    from claim to claim), and return that view."""
    claim, touch_id = job
    try:
        if mine is None or mine.token != claim.token:
            mine = claim.share(mine)
        touch_dispatch(claim=mine, touch_id=touch_id)
    finally:
        claimed.done()
    return mine


def _sender(stop: threading.Event, bell: _Bell, claimed: _Claimed, max_sleep: float) -> None:
    """One sender: send claimed touches one at a time; sleep until one is due or woken."""
    mine: Claim | None = None  # the claim as this thread uses it (its own memo of firms)
    try:
        while not stop.is_set():
            seen = bell.count()
            close_old_connections()
            try:
                job = claimed.take(bell)
                if job is not None:
                    mine = send_claimed(job, mine, claimed)
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
