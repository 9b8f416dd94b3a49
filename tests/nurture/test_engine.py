"""Nurture sends through the touch ledger and the dispatcher: planned at lead-local hours,
consent and unsubscribes checked as each one goes, bounces and replies ending the program."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from steadfast import clock
from steadfast.channels.unsubscribe import unsubscribe_token
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.engine.events import delivery_status, inbound_message
from steadfast.engine.nurture import nurture_enroll
from steadfast.leads.models import Status
from steadfast.nurture import selectors
from steadfast.nurture.models import Click, Enrollment, Program, ProgramStep
from steadfast.nurture.services import talk_token, touch_id_from_token
from tests.nurture.conftest import planned_sends, run_until

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


def _sent(lead):
    return list(
        Touch.objects.filter(
            lead=lead, state=TouchState.SENT, template__regex=r"^(nurture|campaign):"
        ).order_by("due_at")
    )


def test_it_plans_the_first_email_four_weeks_on_at_ten_lead_local(in_nurture, now):
    jane = in_nurture()
    [first] = planned_sends(jane)
    local = first.due_at.astimezone(CHICAGO)
    assert local.date() == (now + timedelta(weeks=4)).astimezone(CHICAGO).date()
    assert local.hour == 10
    assert first.channel == "email" and first.step is None
    assert "Personal injury, step 1 of 4" in first.reason


def test_it_sends_the_sequence_with_the_talk_link_and_the_firm_s_address(in_nurture, now):
    jane = in_nurture()
    run_until(now + timedelta(weeks=30))
    sent = _sent(jane)
    # 4 weeks, +8 weeks, (text check-in skipped: no SMS consent), +4+9 weeks.
    assert [t.channel for t in sent] == ["email", "email", "email"]
    gaps = [(b.due_at - a.due_at).days for a, b in itertools.pairwise(sent)]
    assert gaps == [56, 91]
    first = sent[0]
    assert first.subject == "What to do in the weeks after an injury"
    assert "Hi Jane," in first.content
    assert "200 N LaSalle St" in first.content
    assert "not legal advice" in first.content
    [link] = re.findall(r"https?://\S+/n/\S+", first.content)
    assert touch_id_from_token(link.rsplit("/", 1)[1]) == first.pk
    enrollment = Enrollment.objects.get(lead=jane)
    assert enrollment.end_reason == "program complete"
    assert selectors.program_counts(program=enrollment.program).sent == 3


def test_an_unsubscribed_lead_gets_nothing_more(in_nurture, now, client: Client):
    jane = in_nurture()
    run_until(now + timedelta(weeks=5))
    assert len(_sent(jane)) == 1
    with clock.frozen(now + timedelta(weeks=5)):
        response = client.post(
            f"/u/{unsubscribe_token(lead_id=jane.pk)}",
            data="List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
    assert response.status_code == 200
    run_until(now + timedelta(weeks=60))
    assert len(_sent(jane)) == 1
    assert not planned_sends(jane)
    program = Enrollment.objects.get(lead=jane).program
    assert selectors.program_counts(program=program).unsubscribed == 1


def test_an_unsubscribe_that_lands_just_before_a_send_stops_it_at_send_time(in_nurture, now):
    from steadfast.compliance.models import Suppression
    from steadfast.compliance.services import suppression_add

    jane = in_nurture()
    [first] = planned_sends(jane)
    # Suppressed without the cadence hearing of it (an import of the firm's unsubscribe list).
    suppression_add(lead=jane, channel="email", now=now, reason=Suppression.Reason.OPT_OUT)
    run_until(now + timedelta(weeks=60))
    first.refresh_from_db()
    assert first.state == TouchState.CANCELLED
    assert "opted out" in first.failure_note
    assert not _sent(jane)
    assert Enrollment.objects.get(lead=jane).ended_at is not None


def test_a_lead_reached_by_text_only_still_gets_the_check_ins(in_nurture, firm, now):
    program = Program.objects.create(firm=firm, name="Mixed", practice_area="dog_bite")
    for position, (channel, weeks) in enumerate([("email", 1), ("sms", 2), ("email", 1)], 1):
        ProgramStep.objects.create(
            program=program,
            position=position,
            channel=channel,
            delay_weeks=weeks,
            subject="Hello" if channel == "email" else "",
            body="Hi {{ lead.first_name }}, {{ firm.name }} here.",
        )
    texts_only = in_nurture(email="", practice_area="dog_bite", consent={"call": True, "sms": True})
    nothing = in_nurture(
        first_name="Joe", phone="+1 312 555 0199", email="", practice_area="dog_bite"
    )
    run_until(now + timedelta(weeks=10))
    assert [t.channel for t in _sent(texts_only)] == ["sms"]
    assert _sent(nothing) == [] and not planned_sends(nothing)
    assert Enrollment.objects.get(lead=nothing).ended_at is not None


def test_a_bounce_ends_the_program_for_that_address(in_nurture, now):
    jane = in_nurture()
    run_until(now + timedelta(weeks=5))
    [first] = _sent(jane)
    delivery_status(
        provider=first.provider,
        provider_id=first.provider_id,
        status="bounced",
        code="5.1.1",
        now=now + timedelta(weeks=5),
    )
    assert not planned_sends(jane)
    run_until(now + timedelta(weeks=60))
    assert len(_sent(jane)) == 1
    program = Enrollment.objects.get(lead=jane).program
    assert selectors.program_counts(program=program).bounced == 1


def test_a_click_on_talk_to_us_puts_the_lead_in_the_call_queue_with_what_they_clicked(
    in_nurture, now, client: Client
):
    jane = in_nurture()
    run_until(now + timedelta(weeks=5))
    [first] = _sent(jane)
    url = f"/n/{talk_token(touch_id=first.pk)}"
    with clock.frozen(now + timedelta(weeks=5)):
        # A mail scanner (or the reader) opening the link only sees the question.
        opened = client.get(url)
        assert "Yes, please call me" in opened.content.decode()
        jane.refresh_from_db()
        assert jane.status == Status.NURTURE and not Click.objects.exists()
        response = client.post(url)
    assert response.status_code == 200
    assert "will call you shortly" in response.content.decode()
    jane.refresh_from_db()
    assert jane.status == Status.ENGAGED
    call = Touch.objects.get(lead=jane, channel="call", state=TouchState.PLANNED, alert=True)
    assert (
        "clicked “talk to us” in the email “What to do in the weeks after an injury”" in call.reason
    )
    assert Click.objects.filter(touch=first).count() == 1
    assert not planned_sends(jane)
    program = Enrollment.objects.get(lead=jane).program
    counts = selectors.program_counts(program=program)
    assert (counts.clicks, counts.reengaged) == (1, 1)
    refused = client.post("/n/not-a-token")
    assert refused.status_code == 404
    assert "This link does not work" in refused.content.decode()
    assert Click.objects.count() == 1


def test_a_reply_engages_the_lead_and_the_call_says_what_they_wrote(in_nurture, now):
    jane = in_nurture()
    run_until(now + timedelta(weeks=5))
    inbound_message(
        firm=jane.firm,
        channel="email",
        from_address="jane@example.com",
        to_address="intake@lakeshore.example",
        body="Can we talk next week about my claim?",
        provider="smtp",
        provider_id="reply-1",
        now=now + timedelta(weeks=5),
    )
    jane.refresh_from_db()
    assert jane.status == Status.ENGAGED
    call = Touch.objects.get(lead=jane, channel="call", state=TouchState.PLANNED)
    assert "Can we talk next week about my claim?" in call.reason
    assert not planned_sends(jane)


def test_a_new_inquiry_from_the_same_person_brings_the_lead_back(in_nurture, capture, now):
    jane = in_nurture()
    capture(
        first_name="Jane",
        email="jane@example.com",
        state="IL",
        message="I still need help with my case",
        now=now + timedelta(days=10),
    )
    jane.refresh_from_db()
    assert jane.status == Status.ENGAGED
    call = Touch.objects.get(lead=jane, channel="call", state=TouchState.PLANNED)
    assert "inquired again" in call.reason and "I still need help" in call.reason


def test_a_text_check_in_goes_only_with_sms_consent_and_once_a_quarter(in_nurture, firm, now):
    program = Program.objects.create(firm=firm, name="Texts", practice_area="dog_bite")
    for position, (channel, weeks) in enumerate([("sms", 1), ("sms", 2), ("email", 1)], 1):
        ProgramStep.objects.create(
            program=program,
            position=position,
            channel=channel,
            delay_weeks=weeks,
            subject="Hello" if channel == "email" else "",
            body="Hi {{ lead.first_name }}, {{ firm.name }} here.",
        )
    with_consent = in_nurture(
        practice_area="dog_bite", consent={"call": True, "sms": True, "email": True}
    )
    without = in_nurture(
        first_name="Joe",
        phone="+1 312 555 0199",
        email="joe@example.com",
        practice_area="dog_bite",
    )
    run_until(now + timedelta(weeks=10))
    assert [t.channel for t in _sent(with_consent)] == ["sms", "email"]
    text = _sent(with_consent)[0]
    assert 8 <= text.due_at.astimezone(CHICAGO).hour < 21
    assert [t.channel for t in _sent(without)] == ["email"]


def test_a_lead_entering_nurture_at_the_end_of_its_cadence_is_enrolled(capture, now):
    jane = capture(
        first_name="Jane",
        email="jane@example.com",
        state="IL",
        consent={"call": False, "sms": False, "email": True},
    )
    run_until(now + timedelta(days=14))
    jane.refresh_from_db()
    assert jane.status == Status.NURTURE
    assert Enrollment.objects.filter(lead=jane, ended_at__isnull=True).exists()
    assert len(planned_sends(jane)) == 1


def test_it_enrolls_a_lead_once_however_often_it_is_asked(in_nurture, now):
    jane = in_nurture()
    nurture_enroll(lead=jane, now=now)
    assert Enrollment.objects.filter(lead=jane, ended_at__isnull=True).count() == 1


def test_a_step_removed_while_planned_is_skipped_and_the_program_goes_on(in_nurture, now):
    jane = in_nurture()
    [first] = planned_sends(jane)
    program = Enrollment.objects.get(lead=jane).program
    program.steps.get(position=1).delete()
    run_until(first.due_at)
    first.refresh_from_db()
    assert first.state == TouchState.CANCELLED
    assert "no longer exists" in first.failure_note
    [second] = planned_sends(jane)
    assert second.template == f"nurture:{program.pk}:2"


def test_a_program_switched_off_sends_nothing_more(in_nurture, now):
    jane = in_nurture()
    program = Enrollment.objects.get(lead=jane).program
    program.active = False
    program.save()
    run_until(now + timedelta(weeks=60))
    assert not _sent(jane)
    assert Enrollment.objects.get(lead=jane).end_reason == "the program was switched off"


def test_a_check_in_whose_window_closed_while_it_waited_moves_to_the_morning(in_nurture, firm, now):
    program = Program.objects.create(firm=firm, name="Texts", practice_area="dog_bite")
    ProgramStep.objects.create(
        program=program, position=1, channel="sms", delay_weeks=1, body="Hi from {{ firm.name }}"
    )
    jane = in_nurture(practice_area="dog_bite", consent={"call": True, "sms": True, "email": True})
    [text] = planned_sends(jane)
    # The worker was down all day: it comes back at 23:30 lead-local.
    night = text.due_at.astimezone(CHICAGO).replace(hour=23, minute=30)
    with clock.frozen(night):
        dispatch_one_batch(now=night)
    text.refresh_from_db()
    assert text.state == TouchState.PLANNED
    morning = text.due_at.astimezone(CHICAGO)
    assert morning.date() == night.date() + timedelta(days=1) and morning.hour == 8


def test_a_new_inquiry_months_later_gets_its_own_cadence_and_the_old_lead_leaves_nurture(
    in_nurture, capture, now
):
    jane = in_nurture()
    again = capture(
        first_name="Jane",
        email="jane@example.com",
        state="IL",
        consent={"call": True, "sms": False, "email": True},
        now=now + timedelta(days=60),
    )
    jane.refresh_from_db()
    assert again.status == Status.NEW  # not a duplicate after 30 days: its own cadence
    assert jane.status == Status.ENGAGED
    assert not planned_sends(jane)
    assert not Touch.objects.filter(lead=jane, channel="call", state=TouchState.PLANNED).exists()


def test_a_new_inquiry_by_phone_alone_brings_back_only_the_lead_in_nurture(
    in_nurture, capture, now
):
    jane = in_nurture()
    joe = capture(first_name="Joe", phone="+1 312 555 0177", email="joe@example.com", state="IL")
    capture(
        first_name="Jane",
        phone="+1 312 555 0142",
        email="jane.new@example.com",
        state="IL",
        now=now + timedelta(days=40),
    )
    capture(first_name="Joe", phone="+1 312 555 0177", state="IL", now=now + timedelta(days=40))
    jane.refresh_from_db()
    joe.refresh_from_db()
    assert jane.status == Status.ENGAGED
    assert joe.status != Status.ENGAGED  # still in its cadence: not in nurture, not brought back
