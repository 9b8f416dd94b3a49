from __future__ import annotations

from django.db import models

from steadfast.firms.models import Firm


class OutboxMessage(models.Model):
    """What the console provider "sent": a person reads it in the app instead of a phone."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="outbox")
    provider_id = models.CharField(max_length=40, unique=True)
    channel = models.CharField(max_length=14)
    to_address = models.CharField(max_length=320)
    from_address = models.CharField(max_length=320)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    reference = models.CharField(max_length=40, blank=True, db_index=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} to {self.to_address}"
