"""Which provider a firm gets: its own settings, else the environment's, else the console."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from steadfast.channels.base import OutgoingEmail, OutgoingSms, SendResult
from steadfast.channels.console import ConsoleProvider
from steadfast.channels.models import OutboxMessage
from steadfast.channels.provider_config import SmtpConfig
from steadfast.channels.providers import CompositeProvider, provider_for_firm
from steadfast.channels.smtp import SmtpProvider
from steadfast.channels.twilio import TwilioProvider
from steadfast.firms.models import Firm
from tests.channels.conftest import ACCOUNT_SID, FROM_NUMBER, FakeTwilio

OWN_TWILIO = {"account_sid": "AC" + "2" * 32, "auth_token": "e" * 32, "from_number": "+18135550100"}


def test_it_uses_the_console_when_nothing_is_configured(firm: Firm, no_override: None) -> None:
    provider = provider_for_firm(firm)

    assert isinstance(provider, ConsoleProvider)
    result = provider.send_sms(OutgoingSms(to="+13125550142", from_=FROM_NUMBER, body="Hi"))
    assert OutboxMessage.objects.get(provider_id=result.provider_id).body == "Hi"


def test_it_uses_the_environments_twilio_for_the_first_firm_only(
    firm: Firm, other_firm: Firm, twilio_env: Any, no_override: None
) -> None:
    first = provider_for_firm(firm)

    assert isinstance(first, CompositeProvider)
    assert isinstance(first.phone, TwilioProvider) and isinstance(first.email, ConsoleProvider)
    assert first.phone.config.account_sid == ACCOUNT_SID
    assert isinstance(provider_for_firm(other_firm), ConsoleProvider)


def test_it_prefers_the_firms_own_settings(
    other_firm: Firm, firm: Firm, twilio_env: Any, no_override: None
) -> None:
    other_firm.provider_settings = {
        "twilio": OWN_TWILIO,
        "smtp": {"url": "smtp+tls://mailer:secret@smtp.harbor.example"},
        "email_from": "Harbor Family Law <intake@harbor.example>",
    }
    other_firm.save()

    provider = provider_for_firm(other_firm)

    assert isinstance(provider, CompositeProvider) and provider.name == "twilio+smtp"
    assert isinstance(provider.phone, TwilioProvider)
    assert provider.phone.config.from_number == "+18135550100"
    assert isinstance(provider.email, SmtpProvider)
    assert provider.email.config == SmtpConfig(
        host="smtp.harbor.example", port=587, username="mailer", password="secret", use_tls=True
    )
    assert provider.email.sender == "Harbor Family Law <intake@harbor.example>"


@pytest.mark.parametrize(
    ("settings_value", "message"),
    [
        ({"twilio": {"account_sid": "nope"}}, "twilio.auth_token and twilio.from_number not set"),
        ({"twilio": {**OWN_TWILIO, "from_number": "813-555-0100"}}, "twilio.from_number must be"),
        ({"smtp": {"url": "http://smtp.example"}}, "smtp.url must start with smtp://"),
        ({"smtp": {"host": "smtp.example", "port": "99999"}}, "smtp.port must be between"),
        ({"sendgrid": {}}, "unknown key(s) sendgrid"),
    ],
)
def test_it_names_what_is_wrong_with_a_firms_settings(
    firm: Firm, no_override: None, settings_value: dict[str, Any], message: str
) -> None:
    firm.provider_settings = settings_value
    firm.save()

    with pytest.raises(ImproperlyConfigured) as raised:
        provider_for_firm(firm)

    assert message in str(raised.value)
    assert "Lakeshore Injury Law" in str(raised.value)


def test_it_routes_each_channel_of_a_composite(
    firm: Firm, fake_twilio: FakeTwilio, twilio_env: Any, no_override: None
) -> None:
    provider = provider_for_firm(firm)

    sms = provider.send_sms(OutgoingSms(to="+13125550142", from_="", body="Hi"))
    email = provider.send_email(
        OutgoingEmail(
            to="jane@example.com", from_="a@b.example", subject="Hello", text="Hi", lead_id=None
        )
    )

    assert (sms.provider, email.provider) == ("twilio", "console")
    assert len(fake_twilio.posted("/Messages.json")) == 1
    assert OutboxMessage.objects.get(provider_id=email.provider_id).channel == "email"


class _Sure:
    def __init__(self, name: str, answer: SendResult | None) -> None:
        self.name, self.answer = name, answer

    def find(self, *, reference: str, to: str, since: datetime) -> SendResult | None:
        return self.answer


@pytest.mark.parametrize(
    ("phone", "email", "expected"),
    [
        (SendResult("failed"), SendResult("sent", "id-1"), "sent"),
        (SendResult("failed"), SendResult("failed"), "failed"),
        (None, SendResult("failed"), None),
    ],
)
def test_it_reconciles_across_both_providers(
    phone: SendResult | None, email: SendResult | None, expected: str | None, now: datetime
) -> None:
    composite = CompositeProvider(phone=_Sure("a", phone), email=_Sure("b", email))  # type: ignore[arg-type]

    found = composite.find(reference="touch-1-1", to="x", since=now - timedelta(hours=1))

    assert (found.status if found else None) == expected
