"""Nurture through `steadfast simulate`: the real engine on a virtual clock (PRODUCT.md §1 end
row, F12). A silent lead enters its practice area's program, gets its emails weeks apart at a
lead-local morning hour, and a reply takes it out of nurture and to a person at once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.cadences.scenarios import at, lead, one, run, touches

pytestmark = pytest.mark.django_db


def _nurture_emails(item):
    return [
        t
        for t in touches(item, "email")
        if t["step"] is None and "nurture" in t["rule"] and t["outcome"] != "cancelled"
    ]


def _entered_nurture(item):
    return next(at(change) for change in item["status_history"] if change["status"] == "nurture")


def test_it_sends_a_silent_lead_the_program_weeks_apart_at_a_lead_local_morning_hour():
    result = run(lead(consent=["call", "email"]), until="2026-07-31T00:00:00")
    jane = one(result)
    assert jane["status"] == "nurture"
    entered = _entered_nurture(jane)
    emails = _nurture_emails(jane)
    # Personal injury: 4 weeks after entering nurture, then 8 weeks, then (no SMS consent:
    # the text check-in is skipped, its weeks kept) 4 + 9 weeks later — past the 150 days.
    assert len(emails) == 2
    first, second = (at(e) for e in emails)
    assert timedelta(weeks=4) <= first - entered < timedelta(weeks=4, days=1)
    assert timedelta(weeks=8) <= second - first < timedelta(weeks=8, days=1)
    for email in emails:
        local = at(email, "lead_local")
        assert local.hour == 10  # the program's send hour, lead-local
        assert "nurture: Personal injury" in email["rule"]
    assert not touches(jane, "sms")[2:]  # no text check-in without SMS consent


def test_it_sends_one_text_check_in_to_a_lead_with_sms_consent_inside_legal_hours():
    result = run(lead(), until="2026-07-01T00:00:00")
    jane = one(result)
    check_ins = [t for t in touches(jane, "sms") if "nurture" in t["rule"]]
    assert len(check_ins) == 1
    local = at(check_ins[0], "lead_local")
    assert 8 <= local.hour < 21


def test_a_reply_to_a_nurture_email_takes_the_lead_to_a_person_at_once():
    result = run(
        lead(
            consent=["call", "email"],
            behavior={
                "answers": [4],  # the callback after the reply is answered
                "replies": [
                    {"after": "+44d", "channel": "email", "text": "Is it too late to file?"}
                ],
            },
        ),
        until="2026-07-31T00:00:00",
    )
    jane = one(result)
    assert jane["status"] == "engaged"
    assert len(_nurture_emails(jane)) == 1  # the first program email went out before the reply
    reply = touches(jane, "email", direction="in")[0]
    callback = next(t for t in touches(jane, "call") if at(t) >= at(reply))
    # A Wednesday morning: an agent dials within minutes (the queue's 5-minute target).
    assert at(callback) - at(reply) < timedelta(minutes=10)
    engaged = next(c for c in jane["status_history"] if c["status"] == "engaged")
    assert at(engaged) == at(reply)
    assert "Is it too late to file?" in callback["rule"]
    # Nothing more from the program once a person has the lead.
    assert not [e for e in _nurture_emails(jane) if at(e) > at(reply)]
