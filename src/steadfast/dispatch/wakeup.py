"""Waking the worker when a touch is planned, instead of polling.

Embedded mode (one process): an in-process event. PostgreSQL: `NOTIFY steadfast_touches`,
sent inside the transaction that planned the touch, so listeners hear it only once the row
is committed and visible; workers `LISTEN` on their own connection.
"""

from __future__ import annotations

import threading

from django.db import connection, transaction

CHANNEL = "steadfast_touches"
_event = threading.Event()


def touches_planned() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"NOTIFY {CHANNEL}")
    transaction.on_commit(_event.set)


def wait(timeout: float) -> bool:
    """Sleep until woken or `timeout` seconds pass (in-process wake-ups)."""
    woken = _event.wait(timeout)
    _event.clear()
    return woken
