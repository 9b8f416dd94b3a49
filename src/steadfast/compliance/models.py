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

    The lead's current consent on a channel is its latest grant or revoke
    (selectors.consent_current).
    """

    class Action(models.TextChoices):
        GRANT = "grant"
        REVOKE = "revoke"
        # Not a change of consent, but on the same ledger: a reply that might be a revocation
        # paused automated contact (pause); a person decided it was not one (keep); the person
        # limited the hours of contact (limit, the window in `evidence`).
        PAUSE = "pause"
        KEEP = "keep"
        LIMIT = "limit"

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


class ReplyReview(models.Model):
    """A reply that might be a stop ("not interested", "don't call before 5"): automated
    contact with the lead pauses until a person decides whether it is an opt-out."""

    class State(models.TextChoices):
        PENDING = "pending", "Awaiting a decision"
        OPT_OUT = "opt_out", "Treated as an opt-out"
        NOT_OPT_OUT = "not_opt_out", "Not an opt-out"

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="reply_reviews")
    touch = models.ForeignKey(
        "dispatch.Touch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices, help_text="Came on")
    text = models.TextField()
    channels = models.JSONField(default=list, help_text="What an opt-out would cover")
    matched = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=5, default="en")
    state = models.CharField(max_length=12, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The "replies awaiting a decision" list and the pause check in channel_states.
            models.Index(
                fields=["firm", "created_at"],
                name="review_pending",
                condition=models.Q(state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"review {self.state}: {self.text[:40]}"


class BarRuleSettings(models.Model):
    """A firm's overrides of the bar-rule table (compliance.bar), validated before saving."""

    firm = models.OneToOneField(Firm, on_delete=models.CASCADE, related_name="bar_settings")
    overrides = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"bar rules of {self.firm_id}"


class BarHold(models.Model):
    """A bar rule holds contact with this lead (compliance.bar): until a moment, or until a
    manager releases the lead from the rule, with a reason."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="bar_holds")
    rule = models.CharField(max_length=40, help_text="The rule's key, e.g. PA.live_contact")
    why = models.CharField(max_length=300)
    until = models.DateTimeField(null=True, blank=True, help_text="A waiting period's end")
    created_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    release_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lead", "rule"], name="bar_hold_once_per_rule"),
        ]
        indexes = [
            models.Index(
                fields=["firm", "created_at"],
                name="bar_hold_open",
                condition=models.Q(released_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} on lead {self.lead_id}"
