"""Which provider a firm uses: its own settings, else the environment's, else the console.

Texts and calls may come from one provider and email from another (Twilio + an SMTP relay);
`CompositeProvider` puts the two behind the one interface.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, Provider, SendResult
from steadfast.channels.console import ConsoleProvider
from steadfast.channels.provider_config import (
    FirmProviders,
    SmtpConfig,
    TwilioConfig,
    firm_providers,
)
from steadfast.firms.models import Firm

# Tests and the simulator put their own factory here; None means the normal choice.
override: Callable[[Firm], Provider] | None = None


class CompositeProvider:
    """Texts and calls from one provider, email from another."""

    def __init__(self, *, phone: Provider, email: Provider) -> None:
        self.phone = phone
        self.email = email
        self.name = f"{phone.name}+{email.name}"

    def begin(self, message: Any) -> Any:
        part = self.email if isinstance(message, OutgoingEmail) else self.phone
        begin = getattr(part, "begin", None)
        return message if begin is None else begin(message)

    def send_sms(self, message: OutgoingSms) -> SendResult:
        return self.phone.send_sms(message)

    def place_call(self, call: OutgoingCall) -> SendResult:
        return self.phone.place_call(call)

    def send_email(self, message: OutgoingEmail) -> SendResult:
        return self.email.send_email(message)

    def lookup(self, provider_id: str) -> SendResult | None:
        return self.phone.lookup(provider_id) or self.email.lookup(provider_id)

    def find(self, *, reference: str, to: str, since: datetime) -> SendResult | None:
        answers = [
            p.find(reference=reference, to=to, since=since) for p in (self.phone, self.email)
        ]
        sent = [a for a in answers if a is not None and a.status == "sent"]
        if sent:
            return sent[0]
        if any(a is None for a in answers):
            return None
        # Both are sure they never got it; the one that refused it (if any) says why.
        refused = [a for a in answers if a is not None and a.provider_id]
        return refused[0] if refused else answers[0]


def _twilio_for(firm: Firm, own: FirmProviders) -> TwilioConfig | None:
    if own.twilio is not None:
        return own.twilio
    if not settings.TWILIO_ACCOUNT_SID:
        return None
    # The environment's Twilio number belongs to the first firm (PRODUCT.md §5.1), so replies
    # to it can only be for that firm; other firms need their own numbers and settings.
    first = Firm.objects.order_by("pk").values_list("pk", flat=True).first()
    if first != firm.pk:
        return None
    return TwilioConfig(
        account_sid=settings.TWILIO_ACCOUNT_SID,
        auth_token=settings.TWILIO_AUTH_TOKEN,
        from_number=settings.TWILIO_FROM_NUMBER,
    )


def firm_settings(firm: Firm) -> FirmProviders:
    try:
        return firm_providers(firm.provider_settings)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{firm.name}: {exc}") from None


def twilio_for_firm(firm: Firm) -> Provider | None:
    """The firm's Twilio provider (for webhooks that act on a live call), or None."""
    from steadfast.channels.twilio import TwilioProvider

    provider = provider_for_firm(firm)
    phone = provider.phone if isinstance(provider, CompositeProvider) else provider
    return phone if isinstance(phone, TwilioProvider) else None


def provider_for_firm(firm: Firm) -> Provider:
    if override is not None:
        return override(firm)
    if settings.STEADFAST_CHAOS_PROVIDER:  # the chaos test's made-up failures, never production
        from steadfast.channels.chaos import ChaosProvider, chaos_spec

        return ChaosProvider(firm, chaos_spec(settings.STEADFAST_CHAOS_PROVIDER))
    own = firm_settings(firm)
    twilio = _twilio_for(firm, own)
    smtp: SmtpConfig | None = own.smtp or settings.STEADFAST_SMTP
    console = ConsoleProvider(firm)
    phone: Provider = console
    email: Provider = console
    if twilio is not None:
        from steadfast.channels.twilio import TwilioProvider

        phone = TwilioProvider(firm, twilio, public_url=settings.PUBLIC_URL)
    if smtp is not None:
        from steadfast.channels.smtp import SmtpProvider

        email = SmtpProvider(firm, smtp, sender=own.email_from or settings.STEADFAST_EMAIL_FROM)
    if phone is email:
        return console
    return CompositeProvider(phone=phone, email=email)
