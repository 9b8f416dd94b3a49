"""Opt-outs, dead channels, jurisdiction and duplicates in the running engine (PRODUCT.md §1)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.cadences.scenarios import at, lead, one, run, touches

pytestmark = pytest.mark.django_db


def _reply(text: str, after: str = "sms#1 +10m", channel: str = "sms") -> dict:
    return {"replies": [{"after": after, "channel": channel, "text": text}]}


def test_stop_by_text_opts_out_and_confirms_once_within_five_minutes():
    jane = one(run(lead(behavior=_reply("please stop texting me"))))
    assert jane["status"] == "opted_out"
    stop = touches(jane, direction="in")[0]
    after = [t for t in touches(jane) if at(t) >= at(stop)]
    confirmations = [t for t in after if t["channel"] == "sms"]
    assert len(confirmations) == 1
    assert at(confirmations[0]) - at(stop) <= timedelta(minutes=5)
    assert all(t["channel"] == "sms" and t["step"] is None for t in after)


def test_wording_that_names_every_channel_stops_all_of_them():
    jane = one(run(lead(behavior=_reply("stop calling and texting me"))))
    assert jane["status"] == "opted_out"
    stop = touches(jane, direction="in")[0]
    assert [t["channel"] for t in touches(jane) if at(t) >= at(stop)] == ["sms"]  # confirmation


def test_wording_that_is_not_a_stop_is_a_reply():
    jane = one(run(lead(behavior=_reply("don't stop, call me at 5"))))
    assert jane["status"] == "engaged"


def test_a_disconnected_number_ends_calls_and_texts_but_email_goes_on():
    jane = one(run(lead(behavior={"phone": "disconnected"})))
    calls = touches(jane, "call")
    assert [c["outcome"] for c in calls] == ["disconnected"]
    assert touches(jane, "sms") == []
    assert len(touches(jane, "email")) >= 1
    assert jane["status"] == "nurture"


def test_a_landline_ends_texts_only():
    jane = one(run(lead(behavior={"phone": "landline"})))
    texts = touches(jane, "sms")
    assert [t["outcome"] for t in texts] == ["undelivered"]
    assert len(touches(jane, "call")) >= 2


def test_a_bounced_email_ends_emails_and_a_lead_without_channels_is_invalid():
    jane = one(run(lead(phone="", behavior={"email": "bounces"})))
    assert [t["outcome"] for t in touches(jane, "email")] == ["bounced"]
    assert (jane["status"], jane["status_reason"]) == ("invalid", "bad_email")


def test_an_out_of_state_lead_gets_no_calls_or_texts():
    tex = one(run(lead(state="TX")))
    assert (tex["status"], tex["status_reason"]) == ("invalid", "out_of_jurisdiction")
    assert touches(tex) == []


def test_an_area_code_alone_never_makes_a_lead_out_of_jurisdiction():
    mover = one(run(lead(phone="+1 214 555 0142", state="")))
    assert mover["status"] != "invalid"
    assert touches(mover, "call")


def test_a_duplicate_gets_no_touches_of_its_own():
    result = run(
        lead("jane"),
        lead("again", phone="+1 312 555 0142", email="jane@example.com", arrives="+1h"),
    )
    again = one(result, "again")
    assert (again["status"], again["status_reason"]) == ("invalid", "duplicate")
    assert touches(again) == []


def test_hours_a_person_asks_for_are_kept_by_the_engine():
    # Jane's first text comes at about 10:20; she answers that she can only talk after 5.
    jane = one(run(lead(behavior=_reply("Can you call me after 5? I'm at work till then"))))
    assert jane["status"] == "engaged"
    reply = touches(jane, direction="in")[0]
    calls = [t for t in touches(jane, "call") if at(t) > at(reply)]
    assert calls, "the callback was made"
    assert all(at(c, "lead_local").hour >= 17 for c in calls)
    assert "the lead asked: not before 17:00" in calls[0]["rule"]


def test_a_wrong_number_reply_leaves_evidence_and_an_invalid_lead():
    jane = one(run(lead(behavior=_reply("wrong number, I'm not Jane"))))
    assert (jane["status"], jane["status_reason"]) == ("invalid", "wrong_person")
    stop = touches(jane, direction="in")[0]
    assert [t["channel"] for t in touches(jane) if at(t) >= at(stop)] == ["sms"]  # confirmation


def test_a_landline_lead_gets_the_last_contact_by_email_when_its_text_is_cancelled():
    # Step 5 ("sms_or_email") is planned as a text when the first call ends; the landline's
    # refusal of step 2's text then cancels it. The lead still has an email: step 5 goes there.
    jane = one(run(lead(behavior={"phone": "landline"})))
    last = [t for t in touches(jane) if t["step"] == 5]
    assert [(t["channel"], t["outcome"]) for t in last] == [("email", "delivered")]
    assert "instead of the sms (dead channel" in last[0]["rule"]
    assert at(last[0]) - at(touches(jane, "call")[0]) >= timedelta(days=3)
