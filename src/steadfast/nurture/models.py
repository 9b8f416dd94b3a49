"""Nurture: the long-term programs a silent lead receives, one-off campaigns to a segment, and
the clicks on their "talk to us" links (PRODUCT.md §1 end row, F12).

Every send is a row of the touch ledger (dispatch.models.Touch) whose `template` names what it
is: "nurture:<program id>:<step position>" or "campaign:<campaign id>". The dispatcher sends it
like any other touch, checking consent and suppression at send time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, LeadSource


class Program(models.Model):
    """A sequence of educational emails (and at most one SMS check-in a quarter) for the
    leads of one practice area (blank: every lead whose practice area has no program)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="nurture_programs")
    name = models.CharField(max_length=100)
    practice_area = models.CharField(max_length=60, blank=True)
    active = models.BooleanField(default=True)
    # The lead-local hour a send is planned at (inside the legal window; minutes spread sends).
    send_hour = models.PositiveSmallIntegerField(default=10)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "name"], name="nurture_program_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class StepChannel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text check-in (SMS)"


class ProgramStep(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=5, choices=StepChannel.choices, default="email")
    # Weeks after the previous step was sent (the first step: after entering nurture).
    delay_weeks = models.PositiveSmallIntegerField(default=8)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()

    class Meta:
        ordering = ["program", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="nurture_step_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program}: step {self.position}"


class Enrollment(models.Model):
    """A lead working through a program since it entered nurture."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="nurture_enrollments")
    program = models.ForeignKey(
        Program, null=True, on_delete=models.SET_NULL, related_name="enrollments"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead"],
                condition=models.Q(ended_at__isnull=True),
                name="nurture_one_open_enrollment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lead_id} in {self.program}"


class Campaign(models.Model):
    """One email, once, to a segment of the nurture list, spread over time at a rate."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="nurture_campaigns")
    name = models.CharField(max_length=100)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # The segment (blank / empty = any).
    practice_area = models.CharField(max_length=60, blank=True)
    source = models.ForeignKey(
        LeadSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=2, blank=True)
    min_months_in_nurture = models.PositiveSmallIntegerField(default=0)
    # The sending: from starts_at, `rate_per_hour` emails an hour at most, each at a lead-local
    # hour in [hour_from, hour_to).
    starts_at = models.DateTimeField()
    rate_per_hour = models.PositiveIntegerField(default=1000)
    hour_from = models.PositiveSmallIntegerField(default=9)
    hour_to = models.PositiveSmallIntegerField(default=17)
    planned = models.PositiveIntegerField(default=0)
    last_due_at = models.DateTimeField(null=True, blank=True)
    planning_seconds = models.FloatField(default=0)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "name"], name="nurture_campaign_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def template_key(self) -> str:
        return f"campaign:{self.pk}"


class Click(models.Model):
    """A click on a nurture email's "talk to us" link (our own redirect; no tracking pixel)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    touch = models.ForeignKey("dispatch.Touch", on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"click on touch {self.touch_id} at {self.at:%Y-%m-%d %H:%M}"
