"""The touch ledger: one row per planned or done contact attempt. It *is* the schedule."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm
from steadfast.leads.models import Lead


class TouchChannel(models.TextChoices):
    CALL = "call"
    SMS = "sms"
    EMAIL = "email"
    VOICEMAIL_DROP = "voicemail_drop"
    NURTURE = "nurture"  # not a contact: the moment the cadence ends and the lead goes to nurture


# The channels the worker sends by itself (calls wait in the agents' queue).
AUTOMATED = (
    TouchChannel.SMS,
    TouchChannel.EMAIL,
    TouchChannel.VOICEMAIL_DROP,
    TouchChannel.NURTURE,
)


class Direction(models.TextChoices):
    OUT = "out"
    IN = "in"


class TouchState(models.TextChoices):
    PLANNED = "planned"  # due at due_at; the worker claims it (claimed_by + lease_until)
    SENDING = "sending"  # checked and handed to the provider call; the call may be under way
    SENT = "sent"  # the provider accepted it (or the agent logged the call)
    FAILED = "failed"  # the provider refused it; failure_note says why
    UNKNOWN = "unknown"  # interrupted mid-send; reconciled against the provider
    CANCELLED = "cancelled"  # no longer wanted (reply, opt-out, status change)
    RECEIVED = "received"  # an inbound message or call


class Outcome(models.TextChoices):
    CONNECTED = "connected"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    BUSY = "busy"
    DISCONNECTED = "disconnected"
    WRONG_PERSON = "wrong_person"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    BOUNCED = "bounced"
    REPLIED = "replied"
    OPTED_OUT = "opted_out"
    SENT = "sent"


class Touch(models.Model):
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="touches")
    channel = models.CharField(max_length=14, choices=TouchChannel.choices)
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.OUT)
    step = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Cadence step; empty for everything else"
    )
    state = models.CharField(max_length=10, choices=TouchState.choices, default=TouchState.PLANNED)
    due_at = models.DateTimeField()
    # Why this time: which rules set due_at ("arrival; agent hours; legal window").
    reason = models.CharField(max_length=300, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    # The claim that holds the lease: only this claim may move the touch on to `sending`.
    claimed_by = models.CharField(max_length=64, blank=True)
    # Set in the same transaction that checked the lead may still be contacted: from then on
    # the provider may have the message, so an interrupted send is reconciled, not repeated.
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)
    provider_code = models.CharField(max_length=20, blank=True, help_text="Carrier/SMTP code")
    to_address = models.CharField(max_length=320, blank=True)
    from_address = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    content = models.TextField(blank=True)
    template = models.CharField(max_length=80, blank=True)
    # Which wording of the template was sent: its key and a digest of its texts at send time.
    template_version = models.CharField(max_length=100, blank=True)
    failure_note = models.CharField(max_length=300, blank=True)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    alert = models.BooleanField(default=False, help_text="Put in front of a person now")
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The worker's claim query: planned rows by due time.
            models.Index(
                fields=["state", "due_at"],
                name="touch_due",
                condition=models.Q(state__in=["planned", "sending"]),
            ),
            # "When does the first claim run out?" (next_due_at): the few claimed rows, not
            # every planned one.
            models.Index(
                fields=["lease_until"],
                name="touch_leased",
                condition=models.Q(state="planned", lease_until__isnull=False),
            ),
            # The agents' queue: a firm's planned calls by due time, without the texts and
            # emails planned ahead (nurture's, weeks out) that the claim's index holds.
            models.Index(
                fields=["firm", "due_at", "id"],
                name="touch_calls_due",
                condition=models.Q(state="planned", channel="call", direction="out"),
            ),
            # Its alert calls alone (a lead who just replied; they win a tie): the simulator's
            # agents look for one at every step (cadences.simulation.queue_sql), and overdue
            # calls can pile up by thousands in touch_calls_due.
            models.Index(
                fields=["firm", "due_at", "id"],
                name="touch_alert_calls_due",
                condition=models.Q(state="planned", channel="call", direction="out", alert=True),
            ),
            # The worker's claim and "when next?": the planned touches it sends by itself, by
            # due time, without the planned calls (overdue ones pile up while agents are busy,
            # and touch_due made every claim step over them).
            models.Index(
                fields=["due_at"],
                name="touch_sends_due",
                condition=models.Q(state="planned", direction="out", channel__in=AUTOMATED),
            ),
            models.Index(fields=["lead", "due_at"], name="touch_timeline"),
            models.Index(fields=["provider", "provider_id"], name="touch_provider_id"),
            # "Has the firm ever texted (emailed) this number (address)?" before each send:
            # the first text carries the opt-out line, the first email the bar disclosure.
            models.Index(fields=["firm", "to_address", "channel"], name="touch_to_address"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id", "direction"],
                condition=~models.Q(provider_id=""),
                name="touch_provider_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.direction} {self.state} @ {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def reference(self) -> str:
        """Steadfast's id of this attempt, sent to the provider for reconciliation."""
        return f"touch-{self.pk}-{self.attempts}"
