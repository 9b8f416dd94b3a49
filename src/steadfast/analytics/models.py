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
