"""Abuse limits: at most N requests per window for one key (an API key, a client address, a
web form), counted in the cache settings.STEADFAST_RATE_LIMIT_CACHE names: the shared cache
(database or Redis) so every process sees the same count, or, when one process serves every
request (`steadfast serve`), that process's memory.

Fixed windows aligned to the clock (steadfast.clock, so tests move time instead of waiting).
Over the limit, the caller is told how many seconds remain until the window turns.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.cache import caches

Rate = tuple[int, int]  # (requests, seconds), as settings.env_rate parses it


class RateLimited(Exception):
    def __init__(self, retry_after: int, what: str) -> None:
        super().__init__(f"too many requests {what}; retry in {retry_after} s")
        self.retry_after = retry_after
        self.what = what


def rate_limit_hit(*, scope: str, key: str, rate: Rate | None, now: datetime, what: str) -> None:
    """Count one request; raise RateLimited if it is over the limit (it is still counted)."""
    if rate is None or not key:
        return
    limit, seconds = rate
    stamp = int(now.timestamp())
    window = stamp // seconds
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"steadfast:rate:{scope}:{seconds}:{window}:{digest}"
    cache = caches[settings.STEADFAST_RATE_LIMIT_CACHE]
    # add() creates the counter only if it is missing; incr() is atomic in every one of the
    # caches (a row lock in the database, Redis's INCR, a lock around the process's memory).
    cache.add(cache_key, 0, timeout=seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this is the window's first request
        cache.set(cache_key, 1, timeout=seconds + 5)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, (window + 1) * seconds - stamp), what=what)
