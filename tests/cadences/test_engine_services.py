"""The engine's event functions as the web app, the API and the providers call them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steadfast.cadences.models import Cadence
from steadfast.cadences.selectors import lead_progress
from steadfast.compliance.models import Suppression
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.call_queue import call_queue
from steadfast.engine.events import (
    ContactNotAllowed,
    call_outcome_log,
    contact_allowed,
    inbound_message,
    lead_mark,
    manual_message_send,
)
from steadfast.errors import Refused
from steadfast.firms.models import Membership, Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _first_call(lead):
    return Touch.objects.get(lead=lead, step=1)


def test_a_new_lead_is_in_the_call_queue_at_once(jane, firm, now):
    assert [t.lead for t in call_queue(firm=firm, now=now)] == [jane]
    assert jane.status == "new"


def test_the_agent_who_logs_the_first_call_owns_the_lead(jane, bob, now):
    call_outcome_log(touch=_first_call(jane), outcome="voicemail", now=now, actor=bob)
    jane.refresh_from_db()
    assert (jane.status, jane.assigned_to) == ("contacting", bob)
    assert Touch.objects.filter(lead=jane, step=2, state="planned").exists()


def test_a_call_cannot_be_logged_twice(jane, bob, now):
    call_outcome_log(touch=_first_call(jane), outcome="no_answer", now=now, actor=bob)
    with pytest.raises(Refused, match="already logged “No answer”"):
        call_outcome_log(touch=_first_call(jane), outcome="voicemail", now=now, actor=bob)


def test_do_not_contact_suppresses_every_channel(jane, bob, now):
    call_outcome_log(touch=_first_call(jane), outcome="do_not_contact", now=now, actor=bob)
    jane.refresh_from_db()
    assert jane.status == "opted_out"
    assert set(Suppression.objects.values_list("channel", flat=True)) == {"call", "sms", "email"}
    assert not Touch.objects.filter(lead=jane, state=TouchState.PLANNED).exists()


def test_a_manual_text_needs_sms_consent(capture, alice, now):
    lead = capture(first_name="Sam", phone="+1 312 555 0199", state="IL", consent={"call": True})
    assert contact_allowed(lead=lead, channel="sms", now=now) == (False, "no SMS consent")
    with pytest.raises(ContactNotAllowed, match="no SMS consent"):
        manual_message_send(lead=lead, channel="sms", body="hi", now=now, actor=alice)
    assert not Touch.objects.filter(lead=lead, channel="sms").exists()


def test_a_manual_text_at_night_is_refused_with_the_lead_local_time(jane, alice, now):
    night = now.replace(hour=4)  # 22:00 in Chicago
    allowed, why = contact_allowed(lead=jane, channel="sms", now=night)
    assert not allowed
    assert "22:00" in why or "window" in why


def test_marking_signed_ends_the_cadence(jane, alice, now):
    lead_mark(lead=jane, status="signed", now=now, actor=alice, note="retainer signed")
    jane.refresh_from_db()
    assert jane.status == "signed"
    assert not Touch.objects.filter(lead=jane, state=TouchState.PLANNED).exists()
    with pytest.raises(Refused, match="needs a reason"):
        lead_mark(lead=jane, status="invalid", now=now, actor=alice)


def test_an_inbound_reply_is_idempotent_on_the_provider_id(jane, firm, now):
    first = inbound_message(
        firm=firm,
        channel="sms",
        from_address="+13125550142",
        to_address="+13125550100",
        body="yes please call",
        provider="twilio",
        provider_id="SM1",
        now=now,
    )
    again = inbound_message(
        firm=firm,
        channel="sms",
        from_address="+13125550142",
        to_address="+13125550100",
        body="yes please call",
        provider="twilio",
        provider_id="SM1",
        now=now,
    )
    assert first == again
    assert Touch.objects.filter(direction="in").count() == 1
    jane.refresh_from_db()
    assert jane.status == "engaged"
    callback = Touch.objects.get(lead=jane, channel="call", state="planned")
    assert callback.alert and callback.step is None


def _texts_back(firm, phone, body, provider_id, now):
    return inbound_message(
        firm=firm,
        channel="sms",
        from_address=phone,
        to_address="+13125550100",
        body=body,
        provider="twilio",
        provider_id=provider_id,
        now=now,
    )


def test_a_reply_goes_to_the_on_duty_agent_with_the_fewest_open_leads(capture, firm, bob, now):
    dana = make_user(firm, "dana@lakeshore.example", Role.AGENT)
    erin = make_user(firm, "erin@lakeshore.example", Role.AGENT)
    Membership.objects.filter(user=erin).update(on_duty=False)
    make_user(firm, "mona@lakeshore.example", Role.MANAGER)
    jane = capture(first_name="Jane", phone="+1 312 555 0142", state="IL", consent={"sms": True})
    kim = capture(first_name="Kim", phone="+1 312 555 0143", state="IL", consent={"sms": True})
    # Jane writes back first: bob and dana have no open leads, and bob joined first.
    _texts_back(firm, "+13125550142", "yes please call", "SM1", now)
    jane.refresh_from_db()
    assert (jane.status, jane.assigned_to) == ("engaged", bob)
    # Bob's open lead makes dana the one with the fewest; erin is off duty, mona no agent.
    call_outcome_log(touch=_first_call(kim), outcome="voicemail", now=now, actor=bob)
    ola = capture(first_name="Ola", phone="+1 312 555 0144", state="IL", consent={"sms": True})
    _texts_back(firm, "+13125550144", "call me tonight", "SM2", now)
    ola.refresh_from_db()
    assert (ola.status, ola.assigned_to) == ("engaged", dana)


def test_a_reply_is_the_latest_lead_with_that_number_not_a_duplicate(capture, firm, now):
    earlier = capture(first_name="Jane", phone="+1 312 555 0142", state="IL")
    later = capture(
        first_name="Jane", phone="+1 312 555 0142", state="IL", now=now + timedelta(minutes=5)
    )
    assert (later.status, later.duplicate_of) == ("invalid", earlier)
    reply = _texts_back(firm, "(312) 555-0142", "yes please call", "SM1", now)
    assert reply is not None and reply.lead == earlier
    assert _texts_back(firm, "+13125550199", "who is this", "SM2", now) is None


def test_editing_a_cadence_never_changes_the_plan_of_a_lead_already_in_it(capture, firm, bob, now):
    cadence = Cadence.objects.create(
        firm=firm,
        name="Quick",
        is_default=True,
        definition={
            "name": "Quick",
            "steps": [
                {"n": 1, "action": "call"},
                {
                    "n": 2,
                    "action": "sms",
                    "start": "outcome",
                    "of": 1,
                    "outcomes": ["no_answer", "voicemail"],
                    "delay": "30m",
                    "template": "first_sms",
                },
            ],
        },
    )
    early = capture(first_name="Early", phone="+1 312 555 0111", state="IL", consent={"sms": True})
    cadence.definition = {"name": "Quick", "steps": [{"n": 1, "action": "call"}]}
    cadence.version += 1
    cadence.save()
    later = capture(first_name="Later", phone="+1 312 555 0112", state="IL", consent={"sms": True})
    for lead in (early, later):
        call_outcome_log(touch=_first_call(lead), outcome="no_answer", now=now, actor=bob)
    text = Touch.objects.get(lead=early, step=2)
    assert text.due_at == now + timedelta(minutes=30)
    assert not Touch.objects.filter(lead=later, step=2).exists()
    assert [row["n"] for row in lead_progress(lead=early)] == [1, 2]
    assert [row["n"] for row in lead_progress(lead=later)] == [1]


def test_the_most_specific_cadence_applies(capture, firm, source, now):
    steps = [{"n": 1, "action": "email", "label": "only an email"}]
    Cadence.objects.create(
        firm=firm,
        name="Firm default",
        is_default=True,
        definition={"name": "Firm default", "steps": [{"n": 1, "action": "call"}]},
    )
    Cadence.objects.create(
        firm=firm,
        name="Family law",
        practice_area="family_law",
        definition={"name": "Family law", "steps": steps},
    )
    Cadence.objects.create(firm=firm, name="Unused", definition={"name": "Unused", "steps": steps})
    family = capture(
        first_name="Fay",
        phone="+1 312 555 0131",
        email="fay@example.com",
        state="IL",
        practice_area="family_law",
    )
    injury = capture(
        first_name="Ian",
        phone="+1 312 555 0132",
        email="ian@example.com",
        state="IL",
        practice_area="personal_injury",
    )
    assert [t.channel for t in Touch.objects.filter(lead=family)] == ["email"]
    assert [t.channel for t in Touch.objects.filter(lead=injury)] == ["call"]
