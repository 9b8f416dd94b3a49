"""Time-zone names this machine's tz database knows."""

from __future__ import annotations

import functools
import threading
import zoneinfo

_reading = threading.Lock()


@functools.cache
def known_zones() -> frozenset[str]:
    """Every valid zone name. Reading the database scans the disk (tens of milliseconds), so
    it is done once: threads that ask at once (the first burst of leads a server takes) wait
    for one reading instead of each reading it again."""
    with _reading:
        return _read_zones()


@functools.cache
def _read_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
