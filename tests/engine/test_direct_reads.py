"""The engine's reads at every event, written as direct statements: each answers what the
ORM query it replaced answered."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from django.db import connection

from steadfast.compliance import bar
from steadfast.compliance.models import ConsentRecord, ReplyReview, Suppression
from steadfast.compliance.selectors import channel_states_for, channel_states_paused
from steadfast.compliance.services import suppression_add
from steadfast.dispatch.models import AUTOMATED, Touch, TouchState
from steadfast.dispatch.selectors import lead_lock_read
from steadfast.engine import dispatcher, planner
from steadfast.engine.dispatcher import next_due_at, touch_claim_due
from steadfast.engine.events import delivery_status, manual_message_send
from steadfast.firms.models import Closure
from steadfast.leads.models import Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(capture):
    return capture(
        phone="+1 312 555 0142",
        email="jane@example.com",
        state="IL",
        consent={"call": True, "sms": True, "email": True},
    )


def test_next_due_at_is_the_first_free_due_time_or_the_first_lease_to_run_out(jane, alice, now):
    Touch.objects.filter(state=TouchState.PLANNED).update(state=TouchState.CANCELLED)
    assert next_due_at() is None
    first = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    Touch.objects.filter(pk=first.pk).update(due_at=now + timedelta(hours=2))
    found = next_due_at()
    assert found == now + timedelta(hours=2) and found.tzinfo is not None
    # Claimed: it may come back when its lease runs out, before its due time.
    Touch.objects.filter(pk=first.pk).update(due_at=now)
    assert first.pk in touch_claim_due(now=now, lease=timedelta(minutes=5))
    assert next_due_at() == now + timedelta(minutes=5)
    assert next_due_at().utcoffset() == timedelta(0)


def test_a_delivery_receipt_sets_the_outcome_in_one_statement(
    jane, alice, now, django_assert_max_num_queries
):
    text = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    Touch.objects.filter(pk=text.pk).update(
        state=TouchState.SENT, outcome="sent", provider="fake", provider_id="p-1"
    )
    # (At most: PostgreSQL's prepared statements do not pass through Django's query log.)
    with django_assert_max_num_queries(1):
        delivery_status(provider="fake", provider_id="p-1", status="DELIVERED", code="", now=now)
    text.refresh_from_db()
    assert text.outcome == "delivered"
    # A receipt never undoes a failure recorded before it.
    Touch.objects.filter(pk=text.pk).update(outcome="bounced")
    delivery_status(provider="fake", provider_id="p-1", status="delivered", code="", now=now)
    text.refresh_from_db()
    assert text.outcome == "bounced"


def test_a_failed_delivery_marks_its_touch_and_an_unknown_one_changes_nothing(jane, alice, now):
    text = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    Touch.objects.filter(pk=text.pk).update(
        state=TouchState.SENT, outcome="sent", provider="fake", provider_id="p-2"
    )
    delivery_status(provider="fake", provider_id="nobody", status="failed", code="30006", now=now)
    text.refresh_from_db()
    assert text.outcome == "sent"

    delivery_status(provider="fake", provider_id="p-2", status="undelivered", code="30006", now=now)
    text.refresh_from_db()
    assert (text.outcome, text.provider_code) == ("undelivered", "30006")
    assert Suppression.objects.filter(lead=jane, channel="sms", reason="dead").exists()
    assert not Suppression.objects.filter(lead=jane, channel="call").exists()  # a landline


def test_a_voicemail_drop_delivered_left_a_voicemail(jane, now):
    drop = planner.touch_add(
        firm_id=jane.firm_id,
        lead=jane,
        channel="voicemail_drop",
        direction="out",
        state=TouchState.PLANNED,
        due_at=now,
        reason="test",
        created_at=now,
    )
    Touch.objects.filter(pk=drop.pk).update(
        state=TouchState.SENT, outcome="sent", provider="fake", provider_id="v-1"
    )
    delivery_status(provider="fake", provider_id="v-1", status="completed", code="", now=now)
    drop.refresh_from_db()
    assert drop.outcome == "voicemail"


def test_channel_states_in_one_statement_are_those_of_the_batch_read(jane, now):
    assert channel_states_paused(lead=jane) == (channel_states_for(leads=[jane])[jane.pk], False)
    suppression_add(
        lead=jane,
        channel="call",
        reason=Suppression.Reason.DEAD,
        now=now,
        evidence={"why": "The number is disconnected"},
    )
    suppression_add(lead=jane, channel="email", reason=Suppression.Reason.OPT_OUT, now=now)
    ConsentRecord.objects.create(
        firm=jane.firm,
        lead=jane,
        channel="sms",
        action=ConsentRecord.Action.REVOKE,
        at=now + timedelta(seconds=1),
        source="test",
    )
    states, paused = channel_states_paused(lead=jane)
    assert not paused
    assert states == channel_states_for(leads=[jane])[jane.pk]
    assert states["call"].dead and states["call"].why_not == "The number is disconnected"
    assert not states["sms"].open and not states["email"].open
    ReplyReview.objects.create(
        firm=jane.firm, lead=jane, channel="sms", text="stop it", created_at=now
    )
    states, paused = channel_states_paused(lead=jane)
    assert paused
    assert states == channel_states_for(leads=[jane])[jane.pk]


def test_the_lead_lock_reads_the_lead_with_its_firm(jane, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        lead = lead_lock_read(lead_id=jane.pk)
        assert lead.firm.name == jane.firm.name
    assert (lead.pk, lead.phone, lead.timezone_candidates) == (
        jane.pk,
        jane.phone,
        jane.timezone_candidates,
    )
    assert lead.arrived_at == jane.arrived_at and lead.arrived_at.tzinfo == UTC
    with pytest.raises(Lead.DoesNotExist):
        lead_lock_read(lead_id=jane.pk + 1000)


def test_fixed_firm_settings_are_read_once_for_the_block(firm, django_assert_num_queries):
    with planner.firm_settings_fixed(firm) as (hours, _rules, rules_of_bar):
        Closure.objects.create(firm=firm, date=date(2026, 3, 3), name="Retreat")
        with django_assert_num_queries(0):
            assert planner.firm_hours(firm) is hours
            assert bar.firm_bar_rules(firm) is rules_of_bar
    # Outside the block each call reads them again.
    assert date(2026, 3, 3) in planner.firm_hours(firm).closures


def test_the_claim_and_next_due_read_only_the_touches_the_worker_sends(jane, alice, now):
    """Planned calls wait in the agents' queue, overdue while agents are busy: the worker's two
    reads go through the index of automated touches, never stepping over those calls."""
    Touch.objects.filter(state=TouchState.PLANNED).update(state=TouchState.CANCELLED)
    call = Touch.objects.filter(lead=jane, channel="call").first()
    overdue = [
        Touch(
            firm=jane.firm,
            lead=jane,
            channel="call",
            direction="out",
            state=TouchState.PLANNED,
            due_at=now - timedelta(hours=5, minutes=n),
            reason=call.reason,
            created_at=now,
        )
        for n in range(40)
    ]
    planner.touches_add(overdue)
    text = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    Touch.objects.filter(pk=text.pk).update(due_at=now + timedelta(minutes=1))
    assert next_due_at() == now + timedelta(minutes=1)
    assert list(touch_claim_due(now=now)) == []
    assert list(touch_claim_due(now=now + timedelta(minutes=1))) == [text.pk]

    # How they read: through touch_sends_due (before it, the index of every planned touch,
    # calls included, read in due order from the oldest overdue call).
    claim_sql = dispatcher._CLAIM_SQL.format(in_="IN", skip_locked="", end="")
    params = {"token": "t", "lease_until": now, "now": now, "limit": 10}
    channels = {f"channel{n}": channel for n, channel in enumerate(AUTOMATED)}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            claim_sql = dispatcher._CLAIM_SQL.format(
                in_="= ANY(ARRAY", skip_locked="FOR UPDATE SKIP LOCKED", end=")"
            )
        plans = []
        for sql, values in ((claim_sql, params), (dispatcher._NEXT_DUE_SQL, channels)):
            cursor.execute(
                ("EXPLAIN " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN ") + sql,
                values,
            )
            plans.append(" ".join(str(part) for row in cursor.fetchall() for part in row))
    for plan in plans:
        assert "touch_sends_due" in plan, plan
        assert "touch_due " not in plan + " ", plan


def test_a_row_read_directly_has_the_datetimes_the_orm_reads(jane, now):
    from steadfast.db.rows import models_read

    touch = Touch.objects.filter(lead=jane).order_by("id").first()
    Touch.objects.filter(pk=touch.pk).update(lease_until=now + timedelta(minutes=3))
    (direct,) = models_read(
        Touch, "SELECT {columns} FROM dispatch_touch x WHERE x.id = %s", [touch.pk]
    )
    orm = Touch.objects.get(pk=touch.pk)

    for name in ("due_at", "lease_until", "started_at", "done_at", "created_at"):
        assert getattr(direct, name) == getattr(orm, name), name
        value = getattr(direct, name)
        assert value is None or value.tzinfo == UTC, name
    assert direct.lease_until == now + timedelta(minutes=3) and direct.done_at is None
