"""Writes of the operations app: the worker heartbeat."""

from __future__ import annotations

from datetime import datetime, timedelta

from steadfast.ops.models import WorkerHeartbeat

# Heartbeats older than this are deleted when a worker starts (workers come and go with pids).
FORGET_AFTER = timedelta(days=7)


def heartbeat_record(*, worker: str, now: datetime, started_at: datetime) -> None:
    """Note that `worker` ran its loop at `now`. One UPDATE; an INSERT the first time."""
    updated = WorkerHeartbeat.objects.filter(worker=worker).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
        WorkerHeartbeat.objects.update_or_create(
            worker=worker, defaults={"seen_at": now, "started_at": started_at}
        )
