"""The engine's dispatcher sending through the real providers: Twilio (offline SDK) and SMTP."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.engine.events import manual_message_send
from steadfast.firms.models import OutboundNumber, User
from steadfast.leads.models import Lead
from tests.channels.conftest import ACCOUNT_SID, FROM_NUMBER, PUBLIC_URL, FakeTwilio


@pytest.fixture
def jane(capture: Callable[..., Lead], twilio_env: Any) -> Lead:
    return capture(
        first_name="Jane",
        phone="+1 773 555 0142",
        email="jane@example.com",
        state="IL",
        consent={"call": True, "sms": True, "email": True},
    )


def test_it_texts_from_the_leads_local_number_and_follows_the_delivery(
    jane: Lead,
    alice: User,
    fake_twilio: FakeTwilio,
    twilio_post: Callable[..., Any],
    no_override: None,
    now: datetime,
) -> None:
    OutboundNumber.objects.create(
        firm=jane.firm, e164=FROM_NUMBER, area_code="312", is_default=True
    )
    OutboundNumber.objects.create(firm=jane.firm, e164="+17735550100", area_code="773")
    text = manual_message_send(
        lead=jane, channel="sms", body="Hello Jane, it's Lakeshore.", now=now, actor=alice
    )

    assert dispatch_one_batch(now=now)

    [sent] = fake_twilio.posted(f"/Accounts/{ACCOUNT_SID}/Messages.json")
    assert sent == {
        "To": "+17735550142",
        "From": "+17735550100",
        # The first text to Jane: it says how to stop them.
        "Body": "Hello Jane, it's Lakeshore.\nReply STOP to opt out.",
        "StatusCallback": f"{PUBLIC_URL}/hooks/twilio/status",
    }
    text.refresh_from_db()
    assert text.state == TouchState.SENT and text.provider_id.startswith("SM")

    twilio_post(
        "/hooks/twilio/status", {"MessageSid": text.provider_id, "MessageStatus": "delivered"}
    )

    text.refresh_from_db()
    assert text.outcome == "delivered"


def test_it_ends_texts_when_twilio_refuses_a_landline(
    jane: Lead, alice: User, fake_twilio: FakeTwilio, no_override: None, now: datetime
) -> None:
    fake_twilio.errors.append(
        (400, {"code": 21614, "status": 400, "message": "'To' number is not a valid mobile number"})
    )
    text = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)

    dispatch_one_batch(now=now)

    text.refresh_from_db()
    assert (text.state, text.provider_code) == (TouchState.FAILED, "21614")
    with pytest.raises(Exception, match="not a mobile number"):
        manual_message_send(lead=jane, channel="sms", body="again", now=now, actor=alice)


def test_it_sends_email_with_the_unsubscribe_link_from_the_outbox(
    jane: Lead, alice: User, no_override: None, now: datetime
) -> None:
    from steadfast.channels.models import OutboxMessage

    email = manual_message_send(
        lead=jane,
        channel="email",
        subject="Your inquiry",
        body="Hi Jane,\nthanks for writing.",
        now=now,
        actor=alice,
    )

    dispatch_one_batch(now=now)

    email = Touch.objects.get(pk=email.pk)
    message = OutboxMessage.objects.get(provider_id=email.provider_id)
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"<{PUBLIC_URL}/u/" in message.headers["List-Unsubscribe"]
    assert "200 N LaSalle St, Chicago, IL 60601" in message.body


def test_it_acts_once_on_a_status_twilio_reports_twice(
    jane: Lead,
    alice: User,
    fake_twilio: FakeTwilio,
    twilio_post: Callable[..., Any],
    no_override: None,
    now: datetime,
) -> None:
    from steadfast.leads.models import ValidityCheck

    text = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    dispatch_one_batch(now=now)
    text.refresh_from_db()
    report = {"MessageSid": text.provider_id, "MessageStatus": "undelivered", "ErrorCode": "30006"}

    for _ in range(2):
        assert twilio_post("/hooks/twilio/status", report).status_code == 200

    assert ValidityCheck.objects.filter(lead=jane, kind="carrier").count() == 1
