"""Consent per channel with its evidence, and the do-not-contact (suppression) list."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm
from steadfast.leads.models import Lead


class Channel(models.TextChoices):
    CALL = "call"
    SMS = "sms"
    EMAIL = "email"


class ConsentRecord(models.Model):
    """Append-only: a grant or a revocation of consent on one channel, with its evidence.

    The lead's current consent on a channel is its latest record (selectors.consent_current).
    """

    class Action(models.TextChoices):
        GRANT = "grant"
        REVOKE = "revoke"

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    action = models.CharField(max_length=6, choices=Action.choices)
    text_shown = models.TextField(blank=True, help_text="The consent wording the person saw")
    page_url = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=40, help_text="api, web_form, csv, sms_keyword, staff…")
    evidence = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["lead", "channel", "at"], name="consent_latest")]

    def __str__(self) -> str:
        return f"{self.action} {self.channel}"


class Suppression(models.Model):
    """Never contact this phone number or address on this channel (opt-out, DNC, bounce)."""

    class Reason(models.TextChoices):
        OPT_OUT = "opt_out", "The person opted out"
        INTERNAL_DNC = "internal_dnc", "Firm's internal do-not-call list"
        CARRIER_OPT_OUT = "carrier_opt_out", "Opted out at the carrier"
        DEAD = "dead", "Dead channel (disconnected, bounced)"
        STAFF = "staff", "Marked do-not-contact by staff"

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="suppressions")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    value = models.CharField(max_length=320, help_text="E.164 number or normalised email")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    lead = models.ForeignKey(
        Lead, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    evidence = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["firm", "channel", "value"], name="suppressed_once"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.value}"
