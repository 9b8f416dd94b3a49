"""Each touch is sent exactly once, lawful at the instant it goes out, and never silently lost:
a provider slower than the lease, a transport error, a transient refusal, an opt-out that
commits while the touch is claimed."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection, transaction

from steadfast import clock
from steadfast.channels import providers
from steadfast.channels.base import OutgoingSms, SendResult
from steadfast.channels.console import ConsoleProvider
from steadfast.channels.models import OutboxMessage
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine import dispatcher as services
from steadfast.engine.dispatcher import dispatch_one_batch, touch_recover_expired
from steadfast.engine.events import lead_opt_out, manual_message_send
from steadfast.leads.models import Lead

LEASE = timedelta(seconds=120)  # the default STEADFAST_LEASE_SECONDS


@pytest.fixture
def provider_is() -> Iterator[Callable[[type[ConsoleProvider]], None]]:
    """Put a provider class in front of every firm for this test."""
    saved = providers.override

    def use(cls: type[ConsoleProvider]) -> None:
        providers.override = cls  # type: ignore[assignment]

    yield use
    providers.override = saved


def _texts(capture, alice, now, count: int) -> list[Touch]:
    texts = []
    for i in range(count):
        lead = capture(
            first_name=f"Lead {i}",
            phone=f"+1 312 555 01{i:02d}",
            state="IL",
            consent={"sms": True},
        )
        texts.append(
            manual_message_send(lead=lead, channel="sms", body=f"Hello {i}", now=now, actor=alice)
        )
    return texts


def _messages_per_touch() -> Counter[str]:
    return Counter(
        r.split("-")[1] for r in OutboxMessage.objects.values_list("reference", flat=True)
    )


def _drain(now: datetime) -> None:
    """What any worker does later: recover, then send whatever is due."""
    touch_recover_expired(now=now)
    while dispatch_one_batch(now=now):
        pass


# --- A provider slower than the lease, two workers ----------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "second_worker_is",
    [
        "a thread",
        pytest.param(
            "another process",
            marks=pytest.mark.skipif(
                "postgres" not in os.environ.get("DATABASE_URL", ""),
                reason="several worker processes run on PostgreSQL only",
            ),
        ),
    ],
)
def test_it_sends_each_text_once_when_the_provider_is_slower_than_the_lease(
    capture, alice, now, provider_is, monkeypatch, second_worker_is
):
    texts = _texts(capture, alice, now, 3)
    later = now + LEASE + timedelta(minutes=1)  # the first worker's lease has run out
    second_worker_ran = threading.Event()

    class Slow(ConsoleProvider):
        def send_sms(self, message: OutgoingSms) -> SendResult:
            if not second_worker_ran.is_set():
                second_worker_ran.set()
                # The first text's call hangs past the lease; meanwhile a second worker runs.
                second = threading.Thread(target=self._second_worker)
                second.start()
                second.join()
            return super().send_sms(message)

        @staticmethod
        def _second_worker() -> None:
            try:
                with clock.frozen(later), monkeypatch.context() as patch:
                    if second_worker_is == "another process":  # it cannot see this one's memory
                        patch.setattr(services, "_in_flight", set())
                    _drain(later)
            finally:
                connection.close()

    provider_is(Slow)
    dispatch_one_batch(now=now)  # the first worker, whose provider call is slow
    _drain(later + timedelta(minutes=5))

    assert second_worker_ran.is_set()
    per_touch = _messages_per_touch()
    assert per_touch == {str(t.pk): 1 for t in texts}, per_touch  # none twice, none lost
    assert set(
        Touch.objects.filter(pk__in=[t.pk for t in texts]).values_list("state", flat=True)
    ) == {TouchState.SENT}


# --- An opt-out that commits while the touch is claimed -----------------------------------


def test_an_opt_out_committed_while_the_batch_is_being_sent_stops_the_text(
    capture, alice, now, provider_is
):
    """Staff opt a lead out while the worker is sending the texts it claimed: the lead's text,
    not yet sent, must not go out after the opt-out was saved."""
    first, second = _texts(capture, alice, now, 2)
    opted_out: list[int] = []

    class Busy(ConsoleProvider):
        def send_sms(self, message: OutgoingSms) -> SendResult:
            if not opted_out:  # while the first text is on its way, staff click "opt out"
                lead = Lead.objects.get(pk=second.lead_id)
                lead_opt_out(lead=lead, channels={"sms"}, now=now, source="staff")
                opted_out.append(lead.pk)
            return super().send_sms(message)

    provider_is(Busy)
    while dispatch_one_batch(now=now):
        pass

    assert opted_out
    assert not OutboxMessage.objects.filter(to_address=second.to_address).exists()
    second.refresh_from_db()
    assert second.state == TouchState.CANCELLED
    assert OutboxMessage.objects.filter(to_address=first.to_address).count() == 1


def test_an_opt_out_after_the_claim_means_nothing_goes_out(capture, alice, now):
    from steadfast.engine.dispatcher import touch_claim_due, touch_dispatch

    (text,) = _texts(capture, alice, now, 1)
    claim = touch_claim_due(now=now)  # the worker holds the touch…
    assert text.pk in claim
    lead_opt_out(lead=text.lead, channels={"sms"}, now=now, source="sms")  # …the STOP commits
    for touch_id in claim:
        touch_dispatch(claim=claim, touch_id=touch_id, now=now)
    assert not OutboxMessage.objects.exists()
    text.refresh_from_db()
    assert text.state == TouchState.CANCELLED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="a send waiting on the lead's row lock happens on PostgreSQL (SQLite has one writer)",
)
def test_a_stop_saved_while_the_send_waits_for_the_leads_lock_stops_the_text(capture, alice, now):
    """A stop is being saved under the lead's row lock (the lock every opt-out takes) when the
    worker reaches the lead's text: the worker waits for it, and what the stop wrote — here
    only the number's suppression and the revoked consent, no cancelled touch, no status —
    keeps the text from going out. The checks read after the lock is theirs, not before."""
    from steadfast.compliance.models import Suppression
    from steadfast.compliance.services import consent_change, suppression_add
    from steadfast.engine.dispatcher import touch_claim_due, touch_dispatch

    (text,) = _texts(capture, alice, now, 1)
    claim = touch_claim_due(now=now)
    holding, saved = threading.Event(), threading.Event()

    def stop_under_the_lock() -> None:
        try:
            with transaction.atomic():
                lead = Lead.objects.select_for_update().get(pk=text.lead_id)
                suppression_add(
                    lead=lead, channel="sms", reason=Suppression.Reason.OPT_OUT, now=now
                )
                consent_change(lead=lead, channel="sms", grant=False, now=now, source="sms")
                holding.set()
                # Commit only once the worker waits for this lock.
                while not _someone_waits_for_a_lock():
                    pass
            saved.set()
        finally:
            connection.close()

    stopper = threading.Thread(target=stop_under_the_lock)
    stopper.start()
    assert holding.wait(30)
    touch_dispatch(claim=claim, touch_id=text.pk, now=now)
    stopper.join()

    assert saved.is_set()
    assert not OutboxMessage.objects.exists()
    text.refresh_from_db()
    assert text.state == TouchState.CANCELLED
    assert "opted out" in text.failure_note


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


# --- A transport error: unknown, reconciled, sent once ------------------------------------


class _LostRequest(ConsoleProvider):
    """The connection drops before the provider gets the first request."""

    calls = 0

    def send_sms(self, message: OutgoingSms) -> SendResult:
        type(self).calls += 1
        if type(self).calls == 1:
            raise ConnectionError("connection reset by peer")
        return super().send_sms(message)


class _LostAnswer(ConsoleProvider):
    """The provider takes the first request, then the connection drops before its answer."""

    calls = 0

    def begin(self, message: Any) -> Any:
        return message  # its outbox row is written at once: it has the message

    def send_sms(self, message: OutgoingSms) -> SendResult:
        type(self).calls += 1
        result = super().send_sms(message)
        if type(self).calls == 1:
            raise TimeoutError("read timed out")
        return result


def test_a_text_lost_on_the_network_is_sent_again_exactly_once(capture, alice, now, provider_is):
    _LostRequest.calls = 0
    provider_is(_LostRequest)
    (text,) = _texts(capture, alice, now, 1)

    _drain(now)
    _drain(now + timedelta(hours=1))  # later recoveries change nothing

    text.refresh_from_db()
    assert text.state == TouchState.SENT
    assert _messages_per_touch() == {str(text.pk): 1}
    assert text.attempts == 2  # the lost attempt, then the one that went


def test_a_text_whose_answer_was_lost_is_reconciled_not_repeated(capture, alice, now, provider_is):
    _LostAnswer.calls = 0
    provider_is(_LostAnswer)
    (text,) = _texts(capture, alice, now, 1)

    _drain(now)
    _drain(now + timedelta(hours=1))

    text.refresh_from_db()
    assert text.state == TouchState.SENT
    assert "reconciled" in text.failure_note
    assert _messages_per_touch() == {str(text.pk): 1}


def test_a_cadence_email_lost_on_the_network_keeps_its_step(capture, now, provider_is):
    class LostEmail(ConsoleProvider):
        calls = 0

        def send_email(self, message):  # type: ignore[no-untyped-def]
            type(self).calls += 1
            if type(self).calls == 1:
                raise ConnectionError("connection reset by peer")
            return super().send_email(message)

    provider_is(LostEmail)
    jane = capture(
        phone="+1 312 555 0142",
        email="jane@example.com",
        state="IL",
        consent={"call": True, "sms": True, "email": True},
    )
    email = Touch.objects.get(lead=jane, channel="email", step__isnull=False)
    at = email.due_at

    _drain(at)

    email.refresh_from_db()
    assert email.state == TouchState.SENT
    assert OutboxMessage.objects.filter(channel="email", to_address="jane@example.com").count() == 1


def test_a_send_the_provider_cannot_account_for_yet_waits_then_is_not_repeated(
    capture, alice, now, provider_is, settings
):
    class Unsure(ConsoleProvider):
        def send_sms(self, message: OutgoingSms) -> SendResult:
            raise TimeoutError("read timed out")

        def find(self, *, reference, to, since):  # type: ignore[no-untyped-def]
            return None  # cannot tell (yet)

    provider_is(Unsure)
    (text,) = _texts(capture, alice, now, 1)
    _drain(now)
    text.refresh_from_db()
    assert text.state == TouchState.UNKNOWN  # asked again at the next recovery

    _drain(now + timedelta(seconds=settings.STEADFAST_RECONCILE_GIVE_UP_SECONDS + 1))
    text.refresh_from_db()
    assert text.state == TouchState.FAILED
    assert "not repeated" in text.failure_note
    assert text.attempts == 1


# --- Refusals: transient ones come back with a backoff, permanent ones end ---------------


def test_a_transient_refusal_is_retried_after_a_backoff(capture, alice, now, provider_is, settings):
    class Busy(ConsoleProvider):
        calls = 0

        def send_sms(self, message: OutgoingSms) -> SendResult:
            type(self).calls += 1
            if type(self).calls <= 2:
                return SendResult(
                    status="failed", code="503", detail="Service Unavailable", transient=True
                )
            return super().send_sms(message)

    provider_is(Busy)
    (text,) = _texts(capture, alice, now, 1)
    base = timedelta(seconds=settings.STEADFAST_RETRY_BASE_SECONDS)

    _drain(now)
    text.refresh_from_db()
    assert (text.state, text.due_at) == (TouchState.PLANNED, now + base)
    assert "503" in text.failure_note

    _drain(now + base - timedelta(seconds=1))  # not before its time
    assert Busy.calls == 1
    _drain(now + base)  # refused again: twice as long
    text.refresh_from_db()
    assert (text.state, text.due_at) == (TouchState.PLANNED, now + 3 * base)

    _drain(now + 3 * base)
    text.refresh_from_db()
    assert text.state == TouchState.SENT
    assert _messages_per_touch() == {str(text.pk): 1}


def test_the_backoff_is_capped(settings):
    from steadfast.engine.dispatcher import retry_delay

    settings.STEADFAST_RETRY_BASE_SECONDS, settings.STEADFAST_RETRY_MAX_SECONDS = 30, 600
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 5, 6, 60)] == [
        30,
        60,
        120,
        480,
        600,
        600,
    ]


def test_a_permanent_refusal_fails_and_is_not_retried(capture, alice, now, provider_is):
    class Refuses(ConsoleProvider):
        calls = 0

        def send_sms(self, message: OutgoingSms) -> SendResult:
            type(self).calls += 1
            return SendResult(status="failed", code="21211", detail="Invalid 'To' phone number")

    provider_is(Refuses)
    (text,) = _texts(capture, alice, now, 1)
    _drain(now)
    _drain(now + timedelta(days=1))
    text.refresh_from_db()
    assert (text.state, text.provider_code) == (TouchState.FAILED, "21211")
    assert Refuses.calls == 1


def test_an_illegal_transition_raises(capture, alice, now):
    from steadfast.engine.dispatcher import IllegalTransition, transition

    (text,) = _texts(capture, alice, now, 1)
    with pytest.raises(IllegalTransition, match="from sent to planned"):
        transition(touch_id=text.pk, source=TouchState.SENT, target=TouchState.PLANNED)
    with pytest.raises(IllegalTransition):
        transition(touch_id=text.pk, source=TouchState.PLANNED, target=TouchState.SENT)
    text.refresh_from_db()
    assert text.state == TouchState.PLANNED


def test_a_move_someone_else_made_first_changes_nothing(capture, alice, now):
    from steadfast.engine.dispatcher import transition

    (text,) = _texts(capture, alice, now, 1)
    assert transition(touch_id=text.pk, source=TouchState.PLANNED, target=TouchState.CANCELLED)
    assert not transition(touch_id=text.pk, source=TouchState.PLANNED, target=TouchState.SENDING)
    text.refresh_from_db()
    assert text.state == TouchState.CANCELLED


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="the in-flight lock is PostgreSQL's",
)
def test_no_touch_is_left_held_in_flight_after_its_send(capture, alice, now, provider_is):
    """Sent, refused for now, refused for good, interrupted: each lets go of its lock, or the
    touch could never be reconciled by another worker."""

    class Mixed(ConsoleProvider):
        calls = 0

        def send_sms(self, message: OutgoingSms) -> SendResult:
            type(self).calls += 1
            if type(self).calls == 1:
                return SendResult(status="failed", code="503", transient=True)
            if type(self).calls == 2:
                return SendResult(status="failed", code="30007")
            if type(self).calls == 3:
                raise ConnectionError("reset")
            return super().send_sms(message)

    provider_is(Mixed)
    _texts(capture, alice, now, 4)
    _drain(now)
    _drain(now + timedelta(hours=1))
    assert Mixed.calls >= 5
    with connection.cursor() as cursor:
        cursor.execute(  # the dispatcher's in-flight locks only (two-key form, its namespace)
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 "
            "AND classid = %s AND pid = pg_backend_pid()",
            [services._LOCK_SPACE],
        )
        assert cursor.fetchone()[0] == 0
