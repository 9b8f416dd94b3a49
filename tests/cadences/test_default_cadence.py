"""The default cadence contract (PRODUCT.md §1), one test per rule, through the simulator."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.cadences.scenarios import (
    arrival,
    at,
    business_days_between,
    lead,
    one,
    run,
    touches,
)

pytestmark = pytest.mark.django_db


def test_it_calls_a_lead_that_arrives_in_office_hours_within_minutes():
    jane = one(run(lead()))
    first = touches(jane, "call")[0]
    assert first["step"] == 1
    assert at(first) - arrival(jane) <= timedelta(minutes=5)
    assert [h["status"] for h in jane["status_history"]][:2] == ["new", "contacting"]


def test_it_waits_for_the_next_allowed_moment_when_a_lead_arrives_at_night():
    # Friday 22:30 in Chicago: no calls until Monday 08:30 (agent hours), then within 5 minutes.
    jane = one(run(lead(arrives="+0m"), start="2026-03-06T22:30:00"))
    first = touches(jane, "call")[0]
    assert at(first).strftime("%a %H:%M") >= "Mon 08:30"
    assert at(first).weekday() == 0
    assert at(first) - at(first).replace(hour=8, minute=30) <= timedelta(minutes=5)
    assert "agent hours" in first["rule"]


def test_it_texts_within_15_minutes_of_an_unanswered_first_call():
    jane = one(run(lead()))
    call, sms = touches(jane, "call")[0], touches(jane, "sms")[0]
    assert call["outcome"] == "voicemail"
    assert sms["step"] == 2
    assert timedelta(0) < at(sms) - at(call) <= timedelta(minutes=15)


def test_it_never_texts_without_sms_consent():
    jane = one(run(lead(consent=["call", "email"])))
    assert touches(jane, "sms") == []
    assert touches(jane, "call")  # calls and emails go on


def test_it_emails_within_an_hour_of_arrival_only_with_a_valid_email():
    jane = one(run(lead()))
    email = touches(jane, "email")[0]
    assert email["step"] == 3
    assert at(email) - arrival(jane) <= timedelta(minutes=60)
    no_email = one(run(lead(email="")))
    assert touches(no_email, "email") == []


def test_it_calls_again_the_next_business_day_in_another_part_of_the_day():
    jane = one(run(lead()))
    first, second = touches(jane, "call")[:2]
    assert second["step"] == 4
    assert business_days_between(at(first), at(second)) == 1
    first_local, second_local = at(first, "lead_local"), at(second, "lead_local")
    hours_apart = (
        abs(
            (first_local.hour * 60 + first_local.minute)
            - (second_local.hour * 60 + second_local.minute)
        )
        / 60
    )
    assert hours_apart >= 3


def test_it_makes_a_last_useful_contact_three_to_four_business_days_after_the_first_call():
    jane = one(run(lead()))
    first = touches(jane, "call")[0]
    final = next(t for t in jane["touches"] if t["step"] == 5)
    assert final["channel"] in ("sms", "email")
    assert 3 <= business_days_between(at(first), at(final)) <= 4


def test_it_moves_a_silent_lead_to_nurture_after_five_to_seven_business_days():
    jane = one(run(lead()))
    assert jane["status"] == "nurture"
    nurture_at = next(at(h, "at") for h in jane["status_history"] if h["status"] == "nurture")
    assert 5 <= business_days_between(arrival(jane), nurture_at) <= 7
    assert all(at(t) <= nurture_at for t in touches(jane))


def test_it_keeps_to_the_caps_of_the_active_phase():
    jane = one(run(lead()))
    out = touches(jane)
    assert len([t for t in out if t["channel"] in ("call", "voicemail_drop")]) <= 3
    assert len([t for t in out if t["channel"] == "sms"]) <= 2
    assert len([t for t in out if t["channel"] == "email"]) <= 2


def test_it_stops_at_once_when_the_lead_answers():
    jane = one(run(lead(behavior={"answers": [1]})))
    assert jane["status"] == "engaged"
    assert [t["channel"] for t in touches(jane)] == ["call"]


def test_an_sms_reply_stops_the_cadence_and_puts_the_lead_in_front_of_a_person():
    jane = one(
        run(
            lead(
                behavior={
                    "replies": [
                        {
                            "after": "sms#1 +20m",
                            "channel": "sms",
                            "text": "Can you call me after 5?",
                        }
                    ]
                }
            )
        )
    )
    assert jane["status"] == "engaged"
    reply = touches(jane, direction="in")[0]
    assert reply["outcome"] == "replied"
    later = [t for t in touches(jane) if at(t) > at(reply)]
    assert all(t["step"] is None for t in later)  # only a person's call back, no cadence step
    assert any(t["channel"] == "call" for t in later)


def test_a_reply_from_nurture_brings_the_lead_back_to_a_person():
    jane = one(
        run(
            lead(
                behavior={
                    "replies": [
                        {
                            "after": "+10d",
                            "channel": "email",
                            "text": "Sorry for the delay, still need help",
                        }
                    ]
                }
            )
        )
    )
    statuses = [h["status"] for h in jane["status_history"]]
    assert statuses[-2:] == ["nurture", "engaged"]


def test_it_tells_an_unresponsive_lead_from_an_invalid_one():
    silent = one(run(lead()))
    assert (silent["status"], silent["status_reason"]) == ("nurture", None)
    dead = one(run(lead(email="", behavior={"phone": "disconnected"})))
    assert (dead["status"], dead["status_reason"]) == ("invalid", "disconnected")
