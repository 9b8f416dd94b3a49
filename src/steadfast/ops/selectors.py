"""Reads of the operations app: is the promise kept right now (readiness), and the figures
Prometheus scrapes (metrics.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.db.models import Count, Max, Min, Q

from steadfast.dispatch.models import AUTOMATED, Direction, Touch, TouchState
from steadfast.ops.models import WorkerHeartbeat


def due_automated_touches(*, now: datetime) -> Any:
    """What the worker should be sending right now: the rows its claim query takes."""
    return Touch.objects.filter(
        state=TouchState.PLANNED, due_at__lte=now, channel__in=AUTOMATED, direction=Direction.OUT
    )


def queue_state(*, now: datetime) -> tuple[int, float]:
    """(how many automated touches are due, how many seconds the oldest has waited)."""
    row = due_automated_touches(now=now).aggregate(due=Count("id"), oldest=Min("due_at"))
    oldest = row["oldest"]
    return row["due"], (now - oldest).total_seconds() if oldest else 0.0


def worker_last_seen() -> datetime | None:
    return WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]


@dataclass
class Readiness:
    reasons: list[str] = field(default_factory=list)
    checks: dict[str, Any] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return not self.reasons


def readiness(*, now: datetime, max_queue_age: int, max_heartbeat_age: int) -> Readiness:
    """The promise is at risk when the database is out of reach, due touches wait longer than
    `max_queue_age` seconds, or no worker has looped within `max_heartbeat_age` seconds."""
    result = Readiness()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        due, oldest_age = queue_state(now=now)
        last_seen = worker_last_seen()
        hour_ago = now - timedelta(hours=1)
        outcomes = Touch.objects.filter(
            direction=Direction.OUT, channel__in=AUTOMATED, done_at__gte=hour_ago
        ).aggregate(
            sent=Count("id", filter=Q(state=TouchState.SENT)),
            failed=Count("id", filter=Q(state=TouchState.FAILED)),
        )
    except DatabaseError as exc:
        result.reasons.append(f"the database cannot be reached: {exc}".strip()[:300])
        result.checks["database"] = {"ok": False}
        return result
    result.checks["database"] = {"ok": True, "vendor": connection.vendor}

    queue_ok = oldest_age <= max_queue_age
    result.checks["queue"] = {
        "ok": queue_ok,
        "due_touches": due,
        "oldest_due_age_seconds": round(oldest_age, 1),
        "limit_seconds": max_queue_age,
    }
    if not queue_ok:
        result.reasons.append(
            f"the oldest due touch has waited {oldest_age:.0f} s (limit {max_queue_age} s)"
        )

    age = (now - last_seen).total_seconds() if last_seen else None
    worker_ok = age is not None and age <= max_heartbeat_age
    result.checks["worker"] = {
        "ok": worker_ok,
        "last_loop_age_seconds": None if age is None else round(age, 1),
        "limit_seconds": max_heartbeat_age,
    }
    if age is None:
        result.reasons.append("no worker has ever run")
    elif not worker_ok:
        result.reasons.append(f"no worker has looped for {age:.0f} s (limit {max_heartbeat_age} s)")

    finished = outcomes["sent"] + outcomes["failed"]
    result.checks["sends_last_hour"] = {
        "sent": outcomes["sent"],
        "failed": outcomes["failed"],
        "error_rate": round(outcomes["failed"] / finished, 3) if finished else 0.0,
    }
    return result
