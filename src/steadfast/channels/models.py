"""What the channels keep: the console outbox, provider requests, local-presence choices
and the firm's message templates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from steadfast.firms.models import Firm, OutboundNumber


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


class ProviderSend(models.Model):
    """One request to a real provider, written before the request goes out.

    It lets an interrupted send be reconciled (no row: never sent; a row without a provider id:
    the provider may have it), and holds what a call needs later: the voicemail to play when
    the answering machine's greeting ends, the lead to bridge when the agent picks up.
    """

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    provider = models.CharField(max_length=20)
    channel = models.CharField(max_length=14, help_text="sms, email, voicemail_drop or bridge")
    reference = models.CharField(max_length=40, blank=True, db_index=True)
    touch = models.ForeignKey(
        "dispatch.Touch", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_address = models.CharField(max_length=320)
    from_address = models.CharField(max_length=320, blank=True)
    agent_phone = models.CharField(max_length=20, blank=True)
    voicemail_text = models.TextField(blank=True)
    voicemail_audio_url = models.URLField(max_length=500, blank=True)
    provider_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, default="sending")
    answered_by = models.CharField(max_length=20, blank=True)
    code = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_id"],
                condition=~models.Q(provider_id=""),
                name="provider_send_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.channel} to {self.to_address}"


class LeadNumber(models.Model):
    """The firm number a lead sees (F8): chosen once, kept, so callbacks reach the same line."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    lead = models.OneToOneField("leads.Lead", on_delete=models.CASCADE, related_name="local_number")
    number = models.ForeignKey(OutboundNumber, on_delete=models.CASCADE, related_name="+")
    why = models.CharField(max_length=40, help_text="area code 312, state IL, firm default")
    chosen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.lead_id} → {self.number}"


class TemplateChannel(models.TextChoices):
    SMS = "sms"
    EMAIL = "email"
    VOICEMAIL = "voicemail"
    CALL = "call", "Call script"


class MessageTemplate(models.Model):
    """A firm's wording of one message (staff-editable), seeded from the default texts."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="templates")
    key = models.SlugField(max_length=80)
    channel = models.CharField(max_length=10, choices=TemplateChannel.choices)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    html = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "key"], name="template_key_once_per_firm"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.channel})"
