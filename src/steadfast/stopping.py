"""Stopping a long-running command on SIGTERM or Ctrl-C, safely.

Python runs a signal handler in the main thread between two bytecodes — possibly while that
thread is inside a lock (waiting on a threading.Event, writing to a stream, logging). A handler
that takes a lock itself (`Event.set()`, `print`, `log.info`) can then wait forever for a lock
its own thread holds. So the handler here only stores numbers on this object; the command's main
loop asks `stop_requested` each tick (`wait()` sleeps at most TICK seconds at a time) and then
shuts down in order from ordinary code, where taking locks is fine.

SIGTERM, however often it comes (supervisors and process-group wrappers may send it more than
once), only asks for a stop. The third Ctrl-C forces the exit, for a person whose shutdown is
stuck: nothing is cleaned up then.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any

TICK = 0.2  # seconds: how soon the main loop notices a stop
FORCE_AFTER_INTERRUPTS = 3
FORCED_EXIT_STATUS = 128 + signal.SIGINT


class StopSignals:
    def __init__(self) -> None:
        self.signum = 0  # the first stop signal received; 0 while none came
        self.received = 0  # how many stop signals came
        self.interrupts = 0  # how many of them were Ctrl-C
        self._previous: dict[int, Any] = {}

    def handle(self, signum: int, frame: FrameType | None) -> None:
        # Async-signal-safe: no locks, no I/O, no allocation beyond ints.
        self.signum = self.signum or signum
        self.received += 1
        if signum == signal.SIGINT:
            self.interrupts += 1
            if self.interrupts >= FORCE_AFTER_INTERRUPTS:
                os._exit(FORCED_EXIT_STATUS)

    @property
    def stop_requested(self) -> bool:
        return self.received > 0

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking each tick to look; True once a stop was asked."""
        deadline = time.monotonic() + seconds
        while not self.stop_requested:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(TICK, remaining))
        return True

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            self._previous[sig] = signal.signal(sig, self.handle)

    def restore(self) -> None:
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)
        self._previous.clear()


def install_stop_signals() -> StopSignals:
    """For a command's whole life: kept until the process ends, so that a SIGTERM arriving
    during the last steps of the shutdown is still only a request, never a kill."""
    stopper = StopSignals()
    stopper.install()
    return stopper


@contextmanager
def stop_signals() -> Iterator[StopSignals]:
    """Turn SIGTERM and SIGINT into a stop request for the duration of the block."""
    stopper = StopSignals()
    stopper.install()
    try:
        yield stopper
    finally:
        stopper.restore()


def leave(status: int) -> None:
    """End a long-running process that has shut down in order: close the database
    connections, flush the logs and streams, and exit without the interpreter's final garbage
    collection of every object the application loaded."""
    from django.db import connections

    try:
        connections.close_all()
    finally:
        logging.shutdown()
        for stream in (sys.stdout, sys.stderr):
            with suppress(OSError, ValueError):
                stream.flush()
        os._exit(status)
