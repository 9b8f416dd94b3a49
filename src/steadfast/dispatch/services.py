"""The dispatcher: claim due touches, check they may still go, send them, record the result.

A send is a state machine: planned → sending → sent | failed | unknown.
1. Claim (one short transaction): due planned rows become `sending` with a lease. PostgreSQL
   takes them with SELECT … FOR UPDATE SKIP LOCKED, so workers never wait on each other; SQLite
   serialises writers (BEGIN IMMEDIATE), and the conditional UPDATE … WHERE state='planned'
   makes a second claimer find nothing.
2. Start (one transaction per touch, under the lead's row lock — the same lock every opt-out
   takes): re-check status, suppressions, consent and the legal window; compose the message;
   set `started_at`. An opt-out that committed before this transaction is seen here and wins;
   one that commits after it came after the send started.
3. Send, outside any transaction, with Steadfast's reference for the attempt.
4. Record the provider's answer.
If a worker dies, its leases expire: a touch never started goes back to planned; a started one
becomes `unknown` and is reconciled against the provider — never blindly sent again.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Field

from steadfast.cadences import planner
from steadfast.cadences import services as engine
from steadfast.cadences.timing import next_allowed_time
from steadfast.channels import compose
from steadfast.channels.base import (
    OutgoingCall,
    OutgoingEmail,
    OutgoingSms,
    Provider,
    SendResult,
)
from steadfast.channels.local_presence import numbers_for_leads
from steadfast.channels.providers import provider_for_firm
from steadfast.compliance.selectors import ChannelState, channel_states_for
from steadfast.dispatch.models import Direction, Outcome, Touch, TouchChannel, TouchState
from steadfast.firms.models import Firm
from steadfast.leads.models import ACTIVE_STATUSES, Lead

log = logging.getLogger(__name__)

AUTOMATED = (
    TouchChannel.SMS,
    TouchChannel.EMAIL,
    TouchChannel.VOICEMAIL_DROP,
    TouchChannel.NURTURE,
)
AUTOMATIC_REPLIES = ("optout_confirmation", "help_reply")
LEASE = timedelta(seconds=int(os.environ.get("STEADFAST_LEASE_SECONDS", "120")))
BATCH = 100
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"


def touch_claim_due(*, now: datetime, limit: int = BATCH, lease: timedelta = LEASE) -> list[int]:
    """Claim up to `limit` due automated touches for this worker. Returns their ids."""
    with transaction.atomic():
        due = Touch.objects.filter(
            state=TouchState.PLANNED,
            due_at__lte=now,
            channel__in=AUTOMATED,
            direction=Direction.OUT,
        ).order_by("due_at", "id")
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("id", flat=True)[:limit])
        if not ids:
            return []
        claimed = Touch.objects.filter(id__in=ids, state=TouchState.PLANNED).update(
            state=TouchState.SENDING,
            lease_until=now + lease,
            attempts=F("attempts") + 1,
            started_at=None,
        )
        if claimed != len(ids):  # only possible if the database did not serialise us
            ids = list(
                Touch.objects.filter(
                    id__in=ids, state=TouchState.SENDING, lease_until=now + lease
                ).values_list("id", flat=True)
            )
    return ids


@dataclass
class Prepared:
    touch: Touch
    message: OutgoingSms | OutgoingEmail | OutgoingCall
    provider: Provider


class _FirmCache:
    """Per-batch memo of what every touch of a firm needs: rules, hours, provider."""

    def __init__(self) -> None:
        self._items: dict[int, tuple[Any, Any, Provider]] = {}

    def get(self, firm: Firm) -> tuple[Any, Any, Provider]:
        if firm.pk not in self._items:
            self._items[firm.pk] = (
                planner.firm_hours(firm),
                planner.firm_rules(firm),
                provider_for_firm(firm),
            )
        return self._items[firm.pk]


def touches_start(*, touch_ids: list[int], now: datetime) -> list[Prepared]:
    """Check, under the leads' row locks, that each claimed touch may still go; mark the ones
    that may as started and return them with the message to send. One transaction."""
    with transaction.atomic():
        lead_ids = sorted(
            set(Touch.objects.filter(id__in=touch_ids).values_list("lead_id", flat=True))
        )
        # Leads first, in id order — the order every opt-out locks them in — then the touches.
        leads = {
            lead.pk: lead
            for lead in Lead.objects.select_for_update()
            .select_related("firm")
            .filter(id__in=lead_ids)
            .order_by("id")
        }
        touches = list(
            Touch.objects.select_for_update()
            .filter(id__in=touch_ids, state=TouchState.SENDING)
            .order_by("id")
        )
        states = channel_states_for(leads=list(leads.values()))
        kept = numbers_for_leads(leads=list(leads.values()), now=now)
        firms = _FirmCache()
        prepared: list[Prepared] = []
        composed: list[Touch] = []
        for touch in touches:
            lead = leads[touch.lead_id]
            touch.lead = lead
            if touch.channel == TouchChannel.NURTURE:
                engine.nurture_due(touch=touch, now=now)
                continue
            why_not = _blocked(touch, lead, states[lead.pk])
            if why_not is not None:
                _not_now(touch, now, why_not)
                continue
            hours, rules, provider = firms.get(lead.firm)
            if _too_late(touch, lead, now, hours, rules):
                continue
            message = compose.outgoing(touch=touch, lead=lead, now=now, kept=kept.get(lead.pk))
            if not touch.content:  # composed from a template now: keep what was sent
                touch.content, touch.subject = message.body_text, message.subject[:300]
                composed.append(touch)
            touch.from_address = message.from_address[:320]
            touch.started_at = now
            touch.provider = provider.name
            prepared.append(Prepared(touch, message.outgoing, provider))
        _save_rows([p.touch for p in prepared], ["from_address", "started_at", "provider"])
        _save_rows(composed, ["content", "subject"])
    return prepared


def _save_rows(touches: list[Touch], fields: list[str]) -> None:
    """Save these fields of many touches in few statements: one UPDATE for the values the
    whole batch shares (most of them), one more for the values that differ."""
    if not touches:
        return
    shared = {
        f: getattr(touches[0], f)
        for f in fields
        if all(getattr(t, f) == getattr(touches[0], f) for t in touches)
    }
    if shared:
        Touch.objects.filter(id__in=[t.pk for t in touches]).update(**shared)
    varying = [f for f in fields if f not in shared]
    if not varying:
        return
    if connection.vendor != "postgresql":
        Touch.objects.bulk_update(touches, varying, batch_size=500)
        return
    # Django's bulk_update writes one CASE per field with a branch per row; PostgreSQL joins a
    # VALUES list instead, which is much cheaper to build and to run.
    table = Touch._meta.db_table
    columns: list[Field[Any, Any]] = [Touch._meta.get_field(f) for f in varying]  # type: ignore[misc]
    casts = ", ".join(f"%s::{c.db_type(connection)}" for c in columns)
    rows = ", ".join(f"(%s::bigint, {casts})" for _ in touches)
    params: list[Any] = []
    for touch in touches:
        params.append(touch.pk)
        params.extend(c.get_db_prep_save(getattr(touch, c.attname), connection) for c in columns)
    names = ", ".join(str(c.column) for c in columns)
    assignments = ", ".join(f"{c.column} = v.{c.column}" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM (VALUES {rows}) AS v(id, {names}) "  # noqa: S608 - names come from the model, values are parameters
            "WHERE t.id = v.id",
            params,
        )


def touch_start(*, touch_id: int, now: datetime) -> Prepared | None:
    started = touches_start(touch_ids=[touch_id], now=now)
    return started[0] if started else None


def _blocked(touch: Touch, lead: Lead, states: dict[str, ChannelState]) -> str | None:
    """Why this touch may not go now, or None."""
    if touch.step is None and touch.template in AUTOMATIC_REPLIES:
        # The one confirmation of an opt-out, or the answer to HELP: allowed to a number that
        # has just opted out (CTIA Messaging Principles §5; FCC 24-24 ¶ 18), never to a dead one.
        return "the number cannot take texts" if states["sms"].dead else None
    if touch.performed_by_id is None and lead.status not in ACTIVE_STATUSES:
        return f"the lead is {lead.status}"
    state = states[touch.channel]
    return None if state.open else state.why_not


def _not_now(touch: Touch, now: datetime, why: str) -> None:
    touch.state, touch.done_at = TouchState.CANCELLED, now
    touch.failure_note = f"not sent: {why}"[:300]
    touch.save(update_fields=["state", "done_at", "failure_note"])


def _too_late(touch: Touch, lead: Lead, now: datetime, hours: Any, rules: Any) -> bool:
    """A cadence text whose window closed while it waited (a worker outage, say) moves to the
    next allowed moment instead of going out at night."""
    if touch.step is None or touch.channel not in (TouchChannel.SMS, TouchChannel.VOICEMAIL_DROP):
        return False
    slot = next_allowed_time(
        kind=touch.channel, earliest=now, lead=planner.lead_place(lead), firm=hours, rules=rules
    )
    if slot is not None and slot.at <= now:
        return False
    touch.state, touch.lease_until = TouchState.PLANNED, None
    if slot is None:
        touch.state, touch.done_at = TouchState.CANCELLED, now
        touch.failure_note = "no lawful moment left to send it"
    else:
        touch.due_at = slot.at
        touch.reason = f"{touch.reason}; moved: {slot.reason}"[:300]
    touch.save(
        update_fields=["state", "lease_until", "done_at", "failure_note", "due_at", "reason"]
    )
    return True


def touch_send(prepared: Prepared) -> SendResult:
    """The provider call, outside any transaction. A provider error is a failed send."""
    touch, message, provider = prepared.touch, prepared.message, prepared.provider
    try:
        if isinstance(message, OutgoingSms):
            return provider.send_sms(message)
        if isinstance(message, OutgoingEmail):
            return provider.send_email(message)
        return provider.place_call(message)
    except Exception as exc:  # a provider bug or outage must not kill the worker
        log.exception("provider %s failed on touch %s", provider.name, touch.pk)
        return SendResult(status="failed", detail=f"provider error: {exc}"[:200])


def touches_record(*, results: list[tuple[int, SendResult]], now: datetime) -> None:
    """Store the providers' answers (one transaction), then let the engine react."""
    answers = dict(results)
    with transaction.atomic():
        touches = list(
            Touch.objects.select_for_update()
            .filter(id__in=answers, state=TouchState.SENDING)
            .order_by("id")
        )
        for touch in touches:
            result = answers[touch.pk]
            touch.provider_id = result.provider_id[:64] or touch.reference
            # A composite provider says which of its parts answered; callbacks name that one.
            touch.provider = result.provider or touch.provider
            touch.provider_code = result.code[:20]
            touch.done_at, touch.lease_until = now, None
            if result.status == "sent":
                touch.state, touch.outcome = TouchState.SENT, Outcome.SENT
            else:
                touch.state = TouchState.FAILED
                touch.failure_note = (result.detail or result.code or "refused")[:300]
        _save_rows(
            touches,
            [
                "provider",
                "provider_id",
                "provider_code",
                "done_at",
                "lease_until",
                "state",
                "outcome",
                "failure_note",
            ],
        )

    # What the engine makes of it: first contact, dead channels, the next steps.
    for touch in touches:
        result = answers[touch.pk]
        if result.status == "failed" and result.code:
            # A refusal at send time means what a failed delivery means.
            engine.delivery_status(
                provider=touch.provider,
                provider_id=touch.provider_id,
                status="failed",
                code=result.code,
                now=now,
            )
        elif touch.step is not None:
            with transaction.atomic():
                lead = Lead.objects.select_for_update().select_related("firm").get(pk=touch.lead_id)
                if touch.state == TouchState.SENT:
                    engine.mark_contacting(lead=lead, now=now)
                planner.plan_lead(lead=lead, now=now)


def touch_record(*, touch_id: int, result: SendResult, now: datetime) -> None:
    touches_record(results=[(touch_id, result)], now=now)


def touch_recover_expired(*, now: datetime) -> int:
    """Leases that ran out: back to planned if the send never started, else reconcile."""
    expired = list(
        Touch.objects.filter(state=TouchState.SENDING, lease_until__lt=now).values_list(
            "id", "started_at"
        )
    )
    recovered = 0
    for touch_id, started_at in expired:
        if started_at is None:
            recovered += Touch.objects.filter(
                pk=touch_id, state=TouchState.SENDING, started_at__isnull=True
            ).update(state=TouchState.PLANNED, lease_until=None)
        else:
            recovered += Touch.objects.filter(pk=touch_id, state=TouchState.SENDING).update(
                state=TouchState.UNKNOWN, lease_until=None
            )
    for touch in Touch.objects.filter(state=TouchState.UNKNOWN).select_related("lead__firm"):
        touch_reconcile(touch=touch, now=now)
    return recovered


def touch_reconcile(*, touch: Touch, now: datetime) -> None:
    """Ask the provider whether an interrupted send reached it."""
    provider = provider_for_firm(touch.lead.firm)
    found = provider.find(
        reference=touch.reference, to=touch.to_address, since=touch.started_at or touch.created_at
    )
    with transaction.atomic():
        current = Touch.objects.select_for_update().get(pk=touch.pk)
        if current.state != TouchState.UNKNOWN:
            return
        if found is not None and found.status == "sent":
            current.state, current.outcome = TouchState.SENT, Outcome.SENT
            current.provider_id = found.provider_id[:64]
            current.done_at = now
            current.failure_note = "reconciled after an interruption: the provider had it"
        elif found is not None:
            # The provider is sure it never got it: sending again is not a duplicate.
            current.state, current.started_at = TouchState.PLANNED, None
            current.failure_note = "interrupted before the provider got it; will be sent again"
        else:
            current.state, current.done_at = TouchState.FAILED, now
            current.failure_note = (
                "interrupted mid-send and the provider cannot say whether "
                "it went out; not repeated to avoid a duplicate"
            )
        current.save(
            update_fields=[
                "state",
                "outcome",
                "provider_id",
                "done_at",
                "failure_note",
                "started_at",
            ]
        )


def dispatch_one_batch(*, now: datetime, limit: int = BATCH) -> bool:
    """Claim, start, send and record one batch. Returns whether there was work."""
    ids = touch_claim_due(now=now, limit=limit)
    if not ids:
        return False
    prepared = touches_start(touch_ids=ids, now=now)
    results = [(item.touch.pk, touch_send(item)) for item in prepared]
    if results:
        touches_record(results=results, now=now)
    return True


def next_due_at() -> datetime | None:
    first = (
        Touch.objects.filter(state=TouchState.PLANNED, channel__in=AUTOMATED)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    return first
