"""Time-zone names this machine's tz database knows."""

from __future__ import annotations

import functools
import zoneinfo


@functools.cache
def known_zones() -> frozenset[str]:
    """Every valid zone name. Reading the database scans the disk, so it is done once."""
    return frozenset(zoneinfo.available_timezones())
