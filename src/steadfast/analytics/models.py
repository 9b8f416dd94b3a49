"""What analytics needs beyond the ledger: money a manager types in, what a signed case is
worth, and the firm's integration tokens for its practice-management system."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, LeadSource


class SourceSpend(models.Model):
    """A month's spend on a source, typed in or imported; without one, spend is the source's
    cost per lead times the leads it delivered that month."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(LeadSource, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "month"], name="spend_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.month:%Y-%m}: {self.amount}"


class PracticeAreaFee(models.Model):
    """The fee a manager expects from a signed case in a practice area (for return on spend)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    practice_area = models.CharField(max_length=60)
    expected_fee = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "practice_area"], name="fee_once_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.practice_area}: {self.expected_fee}"


class CaseFee(models.Model):
    """The fee of a signed case, when the firm's system or a person says it."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="case_fee")
    fee = models.DecimalField(max_digits=12, decimal_places=2)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"lead {self.lead_id}: {self.fee}"


class IntegrationToken(models.Model):
    """A firm-level key for the firm's own systems (not a vendor's): it may mark any of the
    firm's leads qualified, signed or declined. Stored as a prefix and a SHA-256, shown once."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


# --- rollups: what the reports read, one row per lead and one per call -----------------------
# Kept current by database triggers on leads, touches, status changes and the firm's time zone
# (steadfast.analytics.rollup): every write marks its lead in RollupDirty, and each report
# first recomputes the marked leads. Plain integer columns, no foreign keys: a row is only ever
# rewritten from the ledger, never trusted over it.


class LeadRollup(models.Model):
    """A lead's figures for the reports (reports.py defines each)."""

    lead_id = models.BigIntegerField(primary_key=True)
    firm_id = models.BigIntegerField()
    source_id = models.BigIntegerField()
    practice_area = models.CharField(max_length=60)
    agent_id = models.BigIntegerField(null=True)  # assigned to
    arrived_at = models.DateTimeField()
    arrived_hour = models.PositiveSmallIntegerField()  # the firm's time
    arrived_month = models.DateField()  # the firm's time, first of the month
    status = models.CharField(max_length=12)
    status_reason = models.CharField(max_length=24)
    ever_qualified = models.BooleanField()  # qualified or signed at some time
    first_signed_at = models.DateTimeField(null=True)  # its first change to signed
    contacted = models.BooleanField()
    outside_hours = models.BooleanField()
    attempt_secs = models.FloatField(null=True)  # clock start to first attempt
    contact_secs = models.FloatField(null=True)  # clock start to first contact
    first_call_agent = models.BigIntegerField(null=True)
    attempts_to_contact = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["firm_id", "arrived_at"], name="leadrollup_range")]

    def __str__(self) -> str:
        return f"lead {self.lead_id}"


class CallRollup(models.Model):
    """A call that was made (outbound, sent or failed, with a time), with its lead's filters."""

    touch_id = models.BigIntegerField(primary_key=True)
    lead_id = models.BigIntegerField(db_index=True)
    firm_id = models.BigIntegerField()
    source_id = models.BigIntegerField()
    practice_area = models.CharField(max_length=60)
    lead_agent_id = models.BigIntegerField(null=True)
    arrived_at = models.DateTimeField()  # the lead's
    performed_by = models.BigIntegerField(null=True)
    done_at = models.DateTimeField()
    day = models.DateField()  # the firm's time
    wait_secs = models.FloatField()  # due to done
    outcome = models.CharField(max_length=14)
    lead_weekday = models.PositiveSmallIntegerField()  # the lead's time, Monday 0
    lead_hour = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["firm_id", "arrived_at"], name="callrollup_range"),
            # Workload reads a range of days in this order and these columns only: the
            # index alone answers it, already sorted for its grouping.
            models.Index(
                fields=["firm_id", "day", "performed_by", "outcome", "wait_secs", "done_at"],
                name="callrollup_workload",
            ),
        ]

    def __str__(self) -> str:
        return f"call {self.touch_id}"


class RollupDirty(models.Model):
    """A lead whose rollup rows must be recomputed before the next report reads them.

    An append-only log, not one row per lead: writers only ever insert, so two transactions
    marking the same leads never wait on each other (nor deadlock)."""

    lead_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"lead {self.lead_id}"
