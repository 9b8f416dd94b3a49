"""Cadences a firm defines, and each lead's enrollment in one (with a frozen copy of its steps)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, LeadSource


class Cadence(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="cadences")
    name = models.CharField(max_length=100)
    # Chosen for a lead when these match (blank / empty = any); the most specific wins.
    practice_area = models.CharField(max_length=60, blank=True)
    source = models.ForeignKey(
        LeadSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_default = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    definition = models.JSONField(help_text="Steps and caps; see cadences/definition.py")
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "name"], name="cadence_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    """A lead working through a cadence. `definition` is the cadence as it was at enrollment."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="enrollment")
    cadence = models.ForeignKey(Cadence, null=True, on_delete=models.SET_NULL, related_name="+")
    cadence_version = models.PositiveIntegerField(default=1)
    definition = models.JSONField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=40, blank=True)

    def __str__(self) -> str:
        return f"{self.lead} in {self.definition.get('name', 'cadence')}"


class CallHold(models.Model):
    """A due call on one agent's screen: nobody else is offered it until `until` passes.

    Two agents can never hold the same call (unique touch) and an agent holds one call at a
    time (unique agent per firm): the database refuses the second claim, on SQLite and
    PostgreSQL alike, so no lock or race decides it. Holds are renewed while the agent's queue
    is open, deleted on an outcome, on skip and on logout, and simply ignored once expired.
    """

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    touch = models.OneToOneField("dispatch.Touch", on_delete=models.CASCADE, related_name="hold")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_holds"
    )
    claimed_at = models.DateTimeField()
    until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "agent"], name="one_call_hold_per_agent"),
        ]

    def __str__(self) -> str:
        return f"{self.agent} holds touch {self.touch_id} until {self.until:%H:%M:%S}"
