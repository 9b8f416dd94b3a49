"""What operations needs stored: each worker's last loop."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per worker process (host:pid), touched by its loop; /readyz reads the newest."""

    worker = models.CharField(max_length=200, unique=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
