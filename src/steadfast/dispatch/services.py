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

from django.db import connection, transaction
from django.db.models import F

from steadfast.cadences import planner
from steadfast.cadences import services as engine
from steadfast.cadences.timing import next_allowed_time
from steadfast.channels import compose
from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, SendResult
from steadfast.channels.providers import provider_for_firm
from steadfast.compliance.selectors import channel_states
from steadfast.dispatch.models import Direction, Outcome, Touch, TouchChannel, TouchState
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
BATCH = 50
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
    message: OutgoingSms | OutgoingEmail | OutgoingCall | None


def touch_start(*, touch_id: int, now: datetime) -> Prepared | None:
    """Check under the lead's lock that the touch may still go; mark it started."""
    with transaction.atomic():
        touch = Touch.objects.select_related("lead", "lead__firm").get(pk=touch_id)
        lead = Lead.objects.select_for_update().select_related("firm").get(pk=touch.lead_id)
        touch = Touch.objects.select_for_update().get(pk=touch_id)
        if touch.state != TouchState.SENDING:
            return None
        touch.lead = lead
        if touch.channel == TouchChannel.NURTURE:
            engine.nurture_due(touch=touch, now=now)
            return None
        why_not = _blocked(touch, lead, now)
        if why_not is not None:
            _not_now(touch, lead, now, why_not)
            return None
        if _too_late(touch, lead, now):
            return None
        message = compose.outgoing(touch=touch, lead=lead, now=now)
        touch.content, touch.subject = message.body_text, message.subject[:300]
        touch.from_address = message.from_address[:320]
        touch.started_at = now
        touch.provider = provider_for_firm(lead.firm).name
        touch.save(update_fields=["content", "subject", "from_address", "started_at", "provider"])
        return Prepared(touch, message.outgoing)


def _blocked(touch: Touch, lead: Lead, now: datetime) -> str | None:
    """Why this touch may not go now, or None."""
    if touch.step is None and touch.template in AUTOMATIC_REPLIES:
        # The one confirmation of an opt-out, or the answer to HELP: allowed to a number that
        # has just opted out (CTIA Messaging Principles §5; FCC 24-24 ¶ 18), never to a dead one.
        return "the number cannot take texts" if channel_states(lead=lead)["sms"].dead else None
    if touch.performed_by_id is None and lead.status not in ACTIVE_STATUSES:
        return f"the lead is {lead.status}"
    state = channel_states(lead=lead)[touch.channel]
    if not state.open:
        return state.why_not
    return None


def _not_now(touch: Touch, lead: Lead, now: datetime, why: str) -> None:
    touch.state, touch.done_at = TouchState.CANCELLED, now
    touch.failure_note = f"not sent: {why}"[:300]
    touch.save(update_fields=["state", "done_at", "failure_note"])


def _too_late(touch: Touch, lead: Lead, now: datetime) -> bool:
    """A cadence text whose window closed while it waited (a worker outage, say) is moved to
    the next allowed moment instead of going out at night."""
    if touch.step is None or touch.channel not in (TouchChannel.SMS, TouchChannel.VOICEMAIL_DROP):
        return False
    slot = next_allowed_time(
        kind=touch.channel,
        earliest=now,
        lead=planner.lead_place(lead),
        firm=planner.firm_hours(lead.firm),
        rules=planner.firm_rules(lead.firm),
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
    touch, message = prepared.touch, prepared.message
    provider = provider_for_firm(touch.lead.firm)
    try:
        if isinstance(message, OutgoingSms):
            return provider.send_sms(message)
        if isinstance(message, OutgoingEmail):
            return provider.send_email(message)
        if isinstance(message, OutgoingCall):
            return provider.place_call(message)
    except Exception as exc:  # a provider bug or outage must not kill the worker
        log.exception("provider %s failed on touch %s", provider.name, touch.pk)
        return SendResult(status="failed", code="exception", detail=str(exc)[:200])
    return SendResult(status="failed", detail="nothing to send")


def touch_record(*, touch_id: int, result: SendResult, now: datetime) -> None:
    """Store the provider's answer; a refusal with a code means what a failed delivery means."""
    with transaction.atomic():
        touch = Touch.objects.select_for_update().get(pk=touch_id)
        if touch.state != TouchState.SENDING:
            return
        touch.provider_id = result.provider_id[:64] or touch.reference
        touch.provider_code = result.code[:20]
        touch.done_at, touch.lease_until = now, None
        if result.status == "sent":
            touch.state, touch.outcome = TouchState.SENT, Outcome.SENT
        else:
            touch.state = TouchState.FAILED
            touch.failure_note = (result.detail or result.code or "refused")[:300]
        touch.save(
            update_fields=[
                "provider_id",
                "provider_code",
                "done_at",
                "lease_until",
                "state",
                "outcome",
                "failure_note",
            ]
        )
        lead = Lead.objects.select_related("firm").get(pk=touch.lead_id)
        if touch.step is not None and touch.state == TouchState.SENT:
            engine.mark_contacting(lead=lead, now=now)
    if result.status == "failed" and result.code:
        engine.delivery_status(
            provider=touch.provider,
            provider_id=touch.provider_id,
            status="failed",
            code=result.code,
            now=now,
        )
    elif touch.step is not None:
        with transaction.atomic():
            planner.plan_lead(lead=lead, now=now)


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
    for touch_id in ids:
        prepared = touch_start(touch_id=touch_id, now=now)
        if prepared is None or prepared.message is None:
            continue
        result = touch_send(prepared)
        touch_record(touch_id=touch_id, result=result, now=now)
    return bool(ids)


def next_due_at() -> datetime | None:
    first = (
        Touch.objects.filter(state=TouchState.PLANNED, channel__in=AUTOMATED)
        .order_by("due_at")
        .values_list("due_at", flat=True)
        .first()
    )
    return first
