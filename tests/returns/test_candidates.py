"""Which leads a vendor would take back, from the engine's own records, and when."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from steadfast.dispatch.models import Touch
from steadfast.engine.events import call_outcome_log, lead_arrive
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, LeadSource
from steadfast.leads.services import LeadInput
from steadfast.returns import selectors
from steadfast.returns.models import UNREACHABLE
from steadfast.returns.services import PolicyInput, policy_save

pytestmark = pytest.mark.django_db


def _lead(source: LeadSource, now: datetime, **fields) -> Lead:
    data = {
        "first_name": "Jane",
        "last_name": "Doe",
        "phone": "+1 312 555 0142",
        "email": "jane@example.com",
        "state": "IL",
        "consent": {"call": True, "sms": True, "email": True},
    }
    data.update(fields)
    return lead_arrive(source=source, data=LeadInput(**data), now=now).lead


def _first_call(lead: Lead) -> Touch:
    return Touch.objects.filter(lead=lead, channel="call", state="planned").order_by("due_at")[0]


def _reasons(firm: Firm, now: datetime) -> dict[int, str]:
    return {c.lead.pk: c.reason for c in selectors.return_candidates(firm=firm, now=now)}


def test_it_finds_a_disconnected_number_when_the_call_says_so(firm, source, now):
    jane = _lead(source, now, email="")
    assert _reasons(firm, now) == {}

    call_outcome_log(
        touch=_first_call(jane), outcome="disconnected", now=now + timedelta(minutes=2)
    )

    [candidate] = selectors.return_candidates(firm=firm, now=now + timedelta(minutes=3))
    assert (candidate.lead, candidate.reason) == (jane, "disconnected")
    assert candidate.since == now + timedelta(minutes=2)
    assert candidate.deadline == now + timedelta(days=7)  # the source's 7-day window


def test_it_finds_a_wrong_person(firm, source, now):
    jane = _lead(source, now)
    call_outcome_log(
        touch=_first_call(jane), outcome="wrong_person", now=now + timedelta(minutes=1)
    )

    assert _reasons(firm, now + timedelta(minutes=2)) == {jane.pk: "wrong_person"}


def test_it_finds_a_duplicate_and_an_out_of_state_lead_at_intake(firm, source, now):
    jane = _lead(source, now)
    again = _lead(source, now + timedelta(hours=1), external_id="again")
    texan = _lead(source, now, phone="+1 214 555 0199", email="tex@example.com", state="TX")

    reasons = _reasons(firm, now + timedelta(hours=2))

    assert reasons == {again.pk: "duplicate", texan.pk: "out_of_jurisdiction"}
    assert jane.pk not in reasons


def test_it_finds_a_fake_email_even_when_the_phone_works(firm, source, now):
    jane = _lead(source, now, email="jane@@example")

    [candidate] = selectors.return_candidates(firm=firm, now=now)
    assert (candidate.lead, candidate.reason) == (jane, "bad_email")
    assert candidate.evidence


def test_it_drops_a_lead_once_the_window_closes(firm, source, now):
    _lead(source, now, state="TX")

    assert len(selectors.return_candidates(firm=firm, now=now + timedelta(days=6, hours=23)))
    assert selectors.return_candidates(firm=firm, now=now + timedelta(days=7)) == []


def test_it_honours_the_reasons_and_window_a_vendor_accepts(firm, source, now, alice):
    policy_save(
        source=source,
        data=PolicyInput(window_hours=48, reasons=["disconnected"]),
        actor=alice,
        now=now,
    )
    _lead(source, now, state="TX")  # out of jurisdiction: this vendor does not take it back

    assert _reasons(firm, now) == {}


def test_a_silent_lead_is_never_returnable_by_default(firm, source, now):
    jane = _lead(source, now)
    for minutes in (1, 60 * 24, 60 * 48):
        call = Touch.objects.filter(lead=jane, channel="call", state="planned").first()
        if call is not None:
            call_outcome_log(touch=call, outcome="no_answer", now=now + timedelta(minutes=minutes))

    assert _reasons(firm, now + timedelta(days=3)) == {}


def test_a_silent_lead_is_returnable_where_the_vendor_accepts_unreachable(firm, source, now, alice):
    policy_save(
        source=source,
        data=PolicyInput(
            window_hours=24 * 10,
            reasons=[UNREACHABLE],
            unreachable_attempts=2,
            unreachable_days=1,
        ),
        actor=alice,
        now=now,
    )
    jane = _lead(source, now)
    call_outcome_log(touch=_first_call(jane), outcome="no_answer", now=now + timedelta(minutes=1))
    assert _reasons(firm, now + timedelta(minutes=2)) == {}  # one attempt is not enough

    second = Touch.objects.filter(lead=jane, channel="call", state="planned").first()
    assert second is not None
    call_outcome_log(touch=second, outcome="no_answer", now=second.due_at)

    assert _reasons(firm, second.due_at + timedelta(days=1)) == {jane.pk: UNREACHABLE}
