"""What a reply does to a lead: opt-outs and their confirmation, wrong numbers, channel
switches, replies a person decides on, and the hours a person asks for (PRODUCT.md §1, §3)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from steadfast.compliance.models import ConsentRecord, ReplyReview, Suppression
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.events import (
    ContactNotAllowed,
    call_outcome_log,
    contact_allowed,
    inbound_message,
    reply_review_decide,
)
from steadfast.leads.models import ValidityCheck
from steadfast.returns import selectors as returns

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def reply(firm):
    sent = iter(range(1, 1000))

    def send(text, now, channel="sms"):
        return inbound_message(
            firm=firm,
            channel=channel,
            from_address="+13125550142" if channel == "sms" else "jane@example.com",
            to_address="+13125550100",
            body=text,
            provider="twilio",
            provider_id=f"SM{next(sent)}",
            now=now,
        )

    return send


def _voicemail(jane, bob, now):
    """Step 1 rings out: step 2 (a text) is planned."""
    call_outcome_log(
        touch=Touch.objects.get(lead=jane, step=1), outcome="voicemail", now=now, actor=bob
    )


def _confirmations(lead):
    return list(Touch.objects.filter(lead=lead, template="optout_confirmation"))


def test_one_confirmation_per_opt_out_in_the_language_the_person_wrote_in(jane, reply, now):
    reply("No me manden más mensajes por favor", now)
    reply("STOP", now + timedelta(minutes=1))
    jane.refresh_from_db()
    assert jane.status == "opted_out"
    [confirmation] = _confirmations(jane)
    assert "Se ha dado de baja" in confirmation.content
    reply("START", now + timedelta(hours=1))
    reply("stop", now + timedelta(hours=2))
    second = _confirmations(jane)[1]
    assert len(_confirmations(jane)) == 2
    assert second.content == ""  # English: the firm's template, composed when it is sent


def test_help_in_spanish_is_answered_in_spanish(jane, reply, now):
    reply("ayuda", now)
    answer = Touch.objects.get(lead=jane, template="help_reply")
    assert "para ayuda llame al" in answer.content
    assert not Suppression.objects.exists()


def test_who_is_this_is_answered_with_who_we_are_and_a_person_follows_up(jane, reply, now):
    reply("Who is this??", now)
    answer = Touch.objects.get(lead=jane, template="help_reply")
    assert answer.state == TouchState.PLANNED
    jane.refresh_from_db()
    assert jane.status == "engaged"
    assert Touch.objects.filter(lead=jane, channel="call", state="planned", alert=True).exists()
    assert not Suppression.objects.exists()


def test_a_wrong_number_suppresses_the_number_and_makes_the_lead_invalid(jane, reply, now):
    reply("Sorry, wrong number", now)
    jane.refresh_from_db()
    assert (jane.status, jane.status_reason) == ("invalid", "wrong_person")
    assert set(Suppression.objects.values_list("channel", flat=True)) == {"call", "sms"}
    check = ValidityCheck.objects.get(lead=jane, code="wrong_person")
    assert check.evidence["message"] == "Sorry, wrong number"
    [candidate] = returns.return_candidates(firm=jane.firm, now=now + timedelta(minutes=1))
    assert (candidate.reason, candidate.evidence) == ("wrong_person", check.detail)
    assert not Touch.objects.filter(lead=jane, state="planned").exclude(
        template="optout_confirmation"
    )


def test_call_instead_of_texting_revokes_texts_only(jane, reply, bob, now):
    _voicemail(jane, bob, now)
    reply("Please call instead of texting", now + timedelta(minutes=2))
    jane.refresh_from_db()
    assert jane.status == "engaged"
    assert list(Suppression.objects.values_list("channel", flat=True)) == ["sms"]
    assert contact_allowed(lead=jane, channel="call", now=now)[0]
    assert Touch.objects.get(lead=jane, channel="call", state="planned").alert


def test_dont_call_text_is_fine_revokes_calls_only(jane, reply, now):
    reply("don't call, text is fine", now)
    assert list(Suppression.objects.values_list("channel", flat=True)) == ["call"]
    jane.refresh_from_db()
    assert contact_allowed(lead=jane, channel="sms", now=now)[0]
    assert not Touch.objects.filter(lead=jane, channel="call", state="planned").exists()


def test_a_maybe_pauses_the_cadence_until_a_person_decides(jane, reply, bob, now):
    _voicemail(jane, bob, now)
    text = Touch.objects.get(lead=jane, step=2)
    reply("not interested", now + timedelta(minutes=1))
    jane.refresh_from_db()
    assert jane.status == "contacting"  # nothing decided yet
    text.refresh_from_db()
    assert text.state == TouchState.CANCELLED and text.failure_note.startswith("paused")
    review = ReplyReview.objects.get(lead=jane)
    assert review.state == "pending"
    allowed, why = contact_allowed(lead=jane, channel="sms", now=now)
    assert not allowed and "decision" in why
    assert set(
        ConsentRecord.objects.filter(lead=jane, action="pause").values_list("channel", flat=True)
    ) == {"call", "sms", "email"}
    assert not Suppression.objects.exists()
    assert not _confirmations(jane)


def test_not_an_opt_out_resumes_the_cadence_and_records_who_decided(jane, reply, bob, now):
    _voicemail(jane, bob, now)
    reply("too many texts", now + timedelta(minutes=1))
    review = ReplyReview.objects.get(lead=jane)
    later = now + timedelta(minutes=30)
    reply_review_decide(review=review, opt_out=False, actor=bob, now=later)
    keep = ConsentRecord.objects.get(lead=jane, action="keep")
    assert (keep.actor, keep.channel, keep.source) == (bob, "sms", "review")
    text = Touch.objects.get(lead=jane, step=2, state="planned")
    assert text.due_at >= later
    assert contact_allowed(lead=jane, channel="sms", now=later)[0]
    with pytest.raises(ContactNotAllowed, match="already decided"):
        reply_review_decide(review=review, opt_out=True, actor=bob, now=later)


def test_treat_as_opt_out_ends_the_cadence_and_confirms(jane, reply, bob, now):
    reply("not interested", now)
    review = ReplyReview.objects.get(lead=jane)
    reply_review_decide(review=review, opt_out=True, actor=bob, now=now + timedelta(minutes=5))
    jane.refresh_from_db()
    assert jane.status == "opted_out"
    revoked = ConsentRecord.objects.filter(lead=jane, action="revoke")
    assert {(r.channel, r.actor, r.source) for r in revoked} == {
        ("call", bob, "review"),
        ("sms", bob, "review"),
        ("email", bob, "review"),
    }
    assert len(_confirmations(jane)) == 1
    assert not Touch.objects.filter(lead=jane, state="planned").exclude(
        template="optout_confirmation"
    )


def test_a_person_from_another_firm_cannot_decide(jane, reply, charlie, now):
    reply("not interested", now)
    review = ReplyReview.objects.get(lead=jane)
    with pytest.raises(ContactNotAllowed, match="another firm"):
        reply_review_decide(review=review, opt_out=True, actor=charlie, now=now)
    review.refresh_from_db()
    assert review.state == "pending"


def test_the_hours_a_person_asks_for_hold_for_the_callback(jane, reply, now):
    reply("Can you call me after 5?", now)  # 10:00 in Chicago
    jane.refresh_from_db()
    assert jane.status == "engaged"
    callback = Touch.objects.get(lead=jane, channel="call", state="planned")
    assert callback.due_at.astimezone(CHICAGO).hour == 17
    assert "the lead asked: not before 17:00" in callback.reason
    limit = ConsentRecord.objects.get(lead=jane, action="limit", channel="call")
    assert limit.evidence["words"] == "Can you call me after 5?"


def test_a_time_limit_waits_for_a_person_then_the_cadence_keeps_to_it(jane, reply, bob, now):
    _voicemail(jane, bob, now)
    reply("only after 5 pm please", now + timedelta(minutes=1))
    review = ReplyReview.objects.get(lead=jane)
    assert review.channels == ["call", "sms"]
    reply_review_decide(review=review, opt_out=False, actor=bob, now=now + timedelta(minutes=9))
    text = Touch.objects.get(lead=jane, step=2, state="planned")
    assert text.due_at.astimezone(CHICAGO).hour == 17
    jane.refresh_from_db()
    allowed, why = contact_allowed(lead=jane, channel="sms", now=now + timedelta(minutes=10))
    assert not allowed and "the lead asked: not before 17:00" in why
    # Email is never held by an hour limit.
    assert contact_allowed(lead=jane, channel="email", now=now + timedelta(minutes=10))[0]


def test_a_pause_still_sends_the_answer_already_owed(jane, reply, now):
    reply("HELP", now)
    reply("not interested", now + timedelta(seconds=30))
    answer = Touch.objects.get(lead=jane, template="help_reply")
    assert answer.state == TouchState.PLANNED


def test_a_limit_on_weekdays_and_hours_is_kept_by_the_engine(jane, reply, bob, now):
    # Monday 10:00 in Chicago: calls are off on weekdays from 7 to 3, texts are not limited.
    reply("I can't take calls Monday through Friday between 7 and 3", now)
    review = ReplyReview.objects.get(lead=jane)
    assert review.channels == ["call"]
    reply_review_decide(review=review, opt_out=False, actor=bob, now=now + timedelta(minutes=5))
    call = Touch.objects.get(lead=jane, channel="call", state="planned")
    due = call.due_at.astimezone(CHICAGO)
    assert due.weekday() == 0 and due.hour >= 15, due
    assert "the lead asked: not 07:00 to 15:00 on weekdays" in call.reason
    jane.refresh_from_db()
    allowed, why = contact_allowed(lead=jane, channel="call", now=now + timedelta(hours=1))
    assert not allowed and "not 07:00 to 15:00 on weekdays" in why
    assert contact_allowed(lead=jane, channel="sms", now=now + timedelta(hours=1))[0]
    saturday_11 = now + timedelta(days=5, hours=1)
    assert contact_allowed(lead=jane, channel="call", now=saturday_11)[0]


def test_a_day_of_the_week_off_is_kept_by_the_engine(jane, reply, bob, now):
    reply("not on Saturdays please, I observe Shabbat", now)
    reply_review_decide(
        review=ReplyReview.objects.get(lead=jane), opt_out=False, actor=bob, now=now
    )
    jane.refresh_from_db()
    saturday_11, sunday_11 = now + timedelta(days=5, hours=1), now + timedelta(days=6, hours=1)
    for channel in ("call", "sms"):
        allowed, why = contact_allowed(lead=jane, channel=channel, now=saturday_11)
        assert not allowed and "the lead asked: not on sat" in why
    assert contact_allowed(lead=jane, channel="email", now=saturday_11)[0]
    limits = ConsentRecord.objects.filter(lead=jane, action="limit")
    assert {r.channel for r in limits} == {"call", "sms"}
    assert jane.contact_window["blocked"] == [{"days": ["sat"], "start": "00:00", "end": "24:00"}]
    assert contact_allowed(lead=jane, channel="call", now=sunday_11)[0]
