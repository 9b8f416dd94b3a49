"""Returning bad leads to the vendor that sold them: each source's policy, what it delivered,
and the disputes with their credits (PRODUCT.md F11)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm
from steadfast.leads.models import InvalidReason, Lead, LeadSource

# What a vendor may accept a lead back for: the invalid reasons, and "unreachable" for the
# few vendors that take back a lead nobody could reach after enough attempts.
UNREACHABLE = "unreachable"
RETURN_REASONS = [*InvalidReason.values, UNREACHABLE]


class ReturnPolicy(models.Model):
    """A source's return terms. Without a row, the source's `return_window_days` applies to
    every invalid reason (the defaults of `selectors.policy_for`)."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    source = models.OneToOneField(LeadSource, on_delete=models.CASCADE, related_name="+")
    window_hours = models.PositiveIntegerField(help_text="Hours from delivery; 0 = no returns")
    reasons = models.JSONField(default=list)
    unreachable_attempts = models.PositiveSmallIntegerField(null=True, blank=True)
    unreachable_days = models.PositiveSmallIntegerField(null=True, blank=True)
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.CharField(max_length=320, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"return policy of {self.source_id}"


class Delivery(models.Model):
    """The lead exactly as the vendor delivered it, with how and when it arrived."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.OneToOneField(Lead, on_delete=models.CASCADE, related_name="delivery")
    via = models.CharField(max_length=10, help_text="api, web_form, csv")
    body = models.TextField(help_text="The request body or CSV row, byte for byte as text")
    content_type = models.CharField(max_length=100, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"delivery of lead {self.lead_id}"


class DisputeState(models.TextChoices):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    REJECTED = "rejected"


class Dispute(models.Model):
    """A batch of leads sent back to one vendor, and what the vendor credited."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(LeadSource, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        max_length=16, choices=DisputeState.choices, default=DisputeState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_how = models.CharField(max_length=200, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    credit = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal(0))
    vendor_reason = models.TextField(blank=True)
    packet_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"dispute {self.pk} ({self.state})"


class DisputeItem(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="items")
    lead = models.ForeignKey(Lead, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=24)
    price = models.DecimalField(max_digits=9, decimal_places=2)
    accepted = models.BooleanField(null=True, blank=True)
    credit = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "lead"], name="dispute_item_once"),
        ]

    def __str__(self) -> str:
        return f"lead {self.lead_id}: {self.reason}"
