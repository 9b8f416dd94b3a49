"""An email shows the firm's signature once: the footer does not repeat the address."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from steadfast.channels.models import OutboxMessage
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.leads.models import Lead


def test_the_first_email_shows_the_postal_address_once(capture: Callable[..., Lead], now):
    capture(
        first_name="Jane",
        email="jane@example.com",
        state="IL",
        practice_area="personal_injury",
        consent={"email": True},
    )
    while dispatch_one_batch(now=now + timedelta(minutes=30)):
        pass
    email = OutboxMessage.objects.get(channel="email")
    assert email.body.count("200 N LaSalle St") == 1
    assert email.body.count("Lakeshore Injury Law\n") == 1
    assert "Unsubscribe: " in email.body
    assert "You receive this email because you contacted Lakeshore Injury Law." in email.body
