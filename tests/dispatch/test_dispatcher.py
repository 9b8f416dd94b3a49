"""The dispatcher's state machine: claim, start, send, record — and what happens on a crash."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from steadfast.channels import providers
from steadfast.channels.console import ConsoleProvider
from steadfast.channels.models import OutboxMessage
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.dispatcher import (
    Answer,
    Prepared,
    dispatch_one_batch,
    touch_claim_due,
    touch_record,
    touch_recover_expired,
    touch_send,
    touch_start,
)
from steadfast.engine.events import lead_opt_out, manual_message_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(capture):
    return capture(
        phone="+1 312 555 0142",
        email="jane@example.com",
        state="IL",
        consent={"call": True, "sms": True, "email": True},
    )


@pytest.fixture
def text(jane, alice, now):
    """A text a person wrote to Jane, planned to go now."""
    return manual_message_send(
        lead=jane, channel="sms", body="Hello Jane, it's Lakeshore.", now=now, actor=alice
    )


def test_it_sends_a_due_touch_once(text, now):
    assert dispatch_one_batch(now=now)
    text.refresh_from_db()
    assert (text.state, text.outcome) == (TouchState.SENT, "sent")
    assert OutboxMessage.objects.filter(reference=f"touch-{text.pk}-1").count() == 1
    assert not touch_claim_due(now=now)  # nothing left to claim


def test_a_claimed_touch_cannot_be_claimed_again(text, now):
    assert text.pk in touch_claim_due(now=now)
    assert text.pk not in touch_claim_due(now=now)


def test_an_opt_out_that_commits_before_the_send_starts_wins(text, jane, now):
    claimed = touch_claim_due(now=now)  # the worker has the row…
    assert text.pk in claimed
    lead_opt_out(lead=jane, channels={"sms"}, now=now, source="sms")  # …and the STOP commits
    assert touch_start(claim=claimed, touch_id=text.pk, now=now) is None
    text.refresh_from_db()
    assert text.state == TouchState.CANCELLED
    assert "opted out" in text.failure_note
    assert not OutboxMessage.objects.exists()
    later = manual_message_send  # a later text is refused too
    with pytest.raises(Exception, match="opted out"):
        later(lead=jane, channel="sms", body="one more", now=now, actor=text.performed_by)


def test_a_lease_that_expires_before_the_send_started_goes_back_to_planned(text, now):
    touch_claim_due(now=now, lease=timedelta(seconds=30))
    touch_recover_expired(now=now + timedelta(minutes=1))
    text.refresh_from_db()
    assert (text.state, text.claimed_by) == (TouchState.PLANNED, "")
    assert dispatch_one_batch(now=now + timedelta(minutes=1))
    assert OutboxMessage.objects.count() == 1


def test_a_claim_that_ran_out_is_no_longer_ours(text, now):
    """A worker slower than its lease finds its touch taken by another: it sends nothing."""
    first = touch_claim_due(now=now, lease=timedelta(seconds=30))
    later = now + timedelta(minutes=1)
    second = touch_claim_due(now=later)
    assert text.pk in second
    assert touch_start(claim=first, touch_id=text.pk, now=later) is None
    assert touch_start(claim=second, touch_id=text.pk, now=later) is not None


class _OutboxAtOnce(ConsoleProvider):
    """A provider whose record of a send is written at once, not with the touch's."""

    def begin(self, message: Any) -> Any:
        return message


@pytest.fixture
def provider_records_at_once() -> Iterator[None]:
    saved = providers.override
    providers.override = _OutboxAtOnce
    try:
        yield
    finally:
        providers.override = saved


def test_an_interrupted_send_is_reconciled_never_repeated(text, now, provider_records_at_once):
    claim = touch_claim_due(now=now, lease=timedelta(seconds=30))
    prepared = touch_start(claim=claim, touch_id=text.pk, now=now)
    assert prepared is not None
    touch_send(prepared)  # the provider has it… and the worker dies before recording
    touch_recover_expired(now=now + timedelta(minutes=1))
    text.refresh_from_db()
    assert text.state == TouchState.SENT
    assert "reconciled" in text.failure_note
    assert OutboxMessage.objects.count() == 1


def test_the_outbox_row_commits_with_the_touchs_record(text, now):
    """The console's send is its outbox row: written in the transaction that records the
    touch sent, so a worker that dies between the two has sent nothing, and it goes once."""
    claim = touch_claim_due(now=now, lease=timedelta(seconds=30))
    prepared = touch_start(claim=claim, touch_id=text.pk, now=now)
    assert prepared is not None
    touch_send(prepared)  # "sent"… and the worker dies before recording
    assert not OutboxMessage.objects.exists()
    touch_recover_expired(now=now + timedelta(minutes=1))
    text.refresh_from_db()
    assert text.state == TouchState.PLANNED
    assert "sent again" in text.failure_note
    dispatch_one_batch(now=now + timedelta(minutes=1))
    text.refresh_from_db()
    assert text.state == TouchState.SENT
    assert OutboxMessage.objects.filter(reference=f"touch-{text.pk}-2").count() == 1
    assert OutboxMessage.objects.count() == 1


def test_an_interrupted_send_the_provider_never_got_is_sent_again(text, now):
    claim = touch_claim_due(now=now, lease=timedelta(seconds=30))
    touch_start(claim=claim, touch_id=text.pk, now=now)  # started; the worker died before the send
    touch_recover_expired(now=now + timedelta(minutes=1))
    text.refresh_from_db()
    assert text.state == TouchState.PLANNED
    dispatch_one_batch(now=now + timedelta(minutes=1))
    dispatch_one_batch(now=now + timedelta(minutes=2))
    assert OutboxMessage.objects.count() == 1


def test_a_record_without_a_claim_changes_nothing(text, now):
    from steadfast.channels.base import OutgoingSms, SendResult
    from steadfast.channels.console import ConsoleProvider

    sent = SendResult(status="sent", provider_id="x")
    prepared = Prepared(text, OutgoingSms(to="", from_="", body=""), ConsoleProvider(text.firm), "")
    touch_record(prepared=prepared, answer=Answer("sent", sent), now=now)
    text.refresh_from_db()
    assert text.state == TouchState.PLANNED


def test_it_reports_whether_it_found_work(now):
    assert dispatch_one_batch(now=now) is False
    assert Touch.objects.count() == 0
