"""Login throttling: after 5 failed attempts for one (IP address, email) pair within 15
minutes, that pair is locked out for 15 minutes.

Kept in Django's cache, which settings put in the database so every web process shares the
count. Times come from the injectable clock, so the lockout can be tested without waiting.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Lockout:
    until: datetime

    def minutes_left(self, now: datetime) -> int:
        return max(1, -int(-(self.until - now).total_seconds() // 60))


def _key(ip: str, email: str) -> str:
    digest = hashlib.sha256(f"{ip}|{email.strip().lower()}".encode()).hexdigest()
    return f"steadfast:login:{digest}"


def _failures(key: str, now: datetime) -> list[float]:
    stamps = cache.get(key) or []
    since = (now - WINDOW).timestamp()
    return [s for s in stamps if s > since]


def login_lockout(*, ip: str, email: str, now: datetime) -> Lockout | None:
    """The lockout in force for this pair, if any."""
    stamps = _failures(_key(ip, email), now)
    if len(stamps) < MAX_FAILURES:
        return None
    until = datetime.fromtimestamp(stamps[-1], tz=now.tzinfo) + LOCKOUT
    return Lockout(until) if until > now else None


def login_failed(*, ip: str, email: str, now: datetime) -> Lockout | None:
    """Count a failed attempt; returns the lockout it caused, if it caused one."""
    key = _key(ip, email)
    stamps = [*_failures(key, now), now.timestamp()][-MAX_FAILURES:]
    cache.set(key, stamps, timeout=int((WINDOW + LOCKOUT).total_seconds()))
    return login_lockout(ip=ip, email=email, now=now)


def login_succeeded(*, ip: str, email: str) -> None:
    cache.delete(_key(ip, email))
