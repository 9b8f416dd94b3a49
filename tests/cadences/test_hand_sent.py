"""A text or email a person sends from the lead page counts as the cadence's next step on that
channel when that step is due within the hour; the first text to a person says how to stop."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steadfast.cadences.selectors import lead_progress
from steadfast.channels.models import OutboxMessage
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine import compose
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.engine.events import call_outcome_log, manual_message_send
from steadfast.leads.selectors import lead_timeline

pytestmark = pytest.mark.django_db


def _voicemail(lead, bob, at):
    call = Touch.objects.get(lead=lead, step=1)
    call_outcome_log(touch=call, outcome="voicemail", now=at, actor=bob)


def _run_worker(start, minutes: int) -> None:
    for minute in range(minutes + 1):
        while dispatch_one_batch(now=start + timedelta(minutes=minute)):
            pass


def _texts_sent():
    return list(OutboxMessage.objects.filter(channel="sms").order_by("created_at", "id"))


def test_a_hand_sent_text_replaces_the_automatic_text_due_minutes_later(jane, alice, bob, now):
    _voicemail(jane, bob, now)  # step 2, the text after the missed call, is due at +5m
    step2 = Touch.objects.get(lead=jane, step=2)
    assert (step2.state, step2.due_at) == (TouchState.PLANNED, now + timedelta(minutes=5))

    manual_message_send(
        lead=jane, channel="sms", body="Sorry we missed you", now=now + timedelta(minutes=2),
        actor=alice,
    )  # fmt: skip
    _run_worker(now, 70)

    assert len(_texts_sent()) == 1  # the hand-sent one only
    step2.refresh_from_db()
    assert step2.state == TouchState.CANCELLED
    assert step2.failure_note.startswith(
        "skipped: covered by the text alice@lakeshore.example sent by hand"
    )
    progress = {row["n"]: row for row in lead_progress(lead=jane)}
    assert progress[2]["reason"] == step2.failure_note
    skipped = [e for e in lead_timeline(lead=jane) if e.data.get("touch_id") == step2.pk]
    assert skipped[0].data["note"] == step2.failure_note


def test_a_hand_sent_text_before_the_call_is_logged_covers_the_text_planned_after_it(
    jane, alice, bob, now
):
    manual_message_send(lead=jane, channel="sms", body="Tried to call you", now=now, actor=alice)
    _voicemail(jane, bob, now + timedelta(minutes=3))  # step 2 would go at +8m

    step2 = Touch.objects.get(lead=jane, step=2)
    assert step2.state == TouchState.CANCELLED
    assert "sent by hand" in step2.failure_note
    _run_worker(now, 70)
    assert len(_texts_sent()) == 1


def test_a_hand_sent_email_covers_the_personal_email_due_within_the_hour(jane, alice, now):
    step3 = Touch.objects.get(lead=jane, step=3)  # the personal email, due at +20m
    manual_message_send(
        lead=jane, channel="email", subject="Your inquiry", body="Hello Jane", now=now,
        actor=alice,
    )  # fmt: skip
    _run_worker(now, 30)

    step3.refresh_from_db()
    assert step3.state == TouchState.CANCELLED
    assert OutboxMessage.objects.filter(channel="email").count() == 1


def test_a_step_due_more_than_an_hour_later_still_goes(jane, alice, bob, now):
    manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    later = now + timedelta(minutes=90)
    _voicemail(jane, bob, later)  # step 2 at +95m: more than an hour after the hand text

    step2 = Touch.objects.get(lead=jane, step=2)
    assert step2.state == TouchState.PLANNED
    _run_worker(later, 10)
    assert len(_texts_sent()) == 2


def test_a_hand_sent_text_to_a_lead_without_a_cadence_skips_nothing(jane, alice, bob, now):
    _voicemail(jane, bob, now)
    jane.enrollment.ended_at = now
    jane.enrollment.save()
    manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    assert Touch.objects.get(lead=jane, step=2).state == TouchState.PLANNED


def test_the_first_text_to_a_person_carries_the_opt_out_line_even_by_hand(jane, alice, now):
    first = manual_message_send(lead=jane, channel="sms", body="Hello Jane", now=now, actor=alice)
    _run_worker(now, 0)
    second = manual_message_send(
        lead=jane, channel="sms", body="Still there?", now=now, actor=alice
    )
    _run_worker(now, 0)

    assert first.content == "Hello Jane\nReply STOP to opt out."
    assert second.content == "Still there?"
    assert [m.body for m in _texts_sent()] == [first.content, second.content]


def test_a_first_text_that_already_says_how_to_stop_is_left_as_written(jane, alice, now):
    text = manual_message_send(
        lead=jane, channel="sms", body="Hi Jane. Text STOP to end.", now=now, actor=alice
    )
    assert text.content == "Hi Jane. Text STOP to end."


def test_a_cadence_text_in_the_firms_own_words_gets_the_line_when_it_is_the_first(jane, now):
    touch = Touch.objects.create(
        firm_id=jane.firm_id, lead=jane, channel="sms", step=2, due_at=now, created_at=now,
        to_address=jane.phone, content="We tried to call you about your inquiry.",
    )  # fmt: skip
    composed = compose.outgoing(touch=touch, lead=jane, now=now)
    assert composed.body_text.endswith("\nReply STOP to opt out.")
