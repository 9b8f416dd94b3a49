"""Calls that are not the agents' queue: an agent's click-to-call bridge, and a person calling
the firm (an inbound call finds its lead and engages it)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from steadfast.audit.services import audit_record
from steadfast.channels.base import OutgoingCall, SendResult
from steadfast.channels.local_presence import number_for_lead
from steadfast.channels.providers import provider_for_firm
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import planner
from steadfast.engine.events import ContactNotAllowed, contact_allowed, lead_mark
from steadfast.firms.models import Firm, Membership, User
from steadfast.leads.models import ACTIVE_STATUSES, InvalidReason, Lead, Status

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboundCall:
    lead: Lead | None
    forward_to: str  # the agent's phone, else the firm's main line; "" if neither is known


def lead_for_phone(*, firm: Firm, phone: str) -> Lead | None:
    """The firm's latest lead with this number (a duplicate stands for its original)."""
    return (
        Lead.objects.filter(firm=firm, phone=phone)
        .exclude(status=Status.INVALID, status_reason=InvalidReason.DUPLICATE)
        .select_related("assigned_to")
        .order_by("-arrived_at", "-id")
        .first()
    )


def inbound_call_log(
    *, firm: Firm, from_number: str, to_number: str, provider: str, provider_id: str, now: datetime
) -> InboundCall:
    """A call to one of the firm's numbers: where it goes, and on the caller's timeline.

    Idempotent on the provider's call id. A lead that calls is a lead that responds: the
    automated cadence stops and the lead is engaged, as after a reply (PRODUCT.md §1).
    """

    lead = lead_for_phone(firm=firm, phone=from_number)
    agent = lead.assigned_to if lead is not None else None
    # Never back to the number that was called (Twilio would ring this same webhook again, a
    # loop billed per leg) nor to the caller: the firm's main line is often one of its pool.
    candidates = [agent.phone if agent is not None else "", firm.phone]
    forward_to = next((n for n in candidates if n and n not in (to_number, from_number)), "")
    if lead is None:
        audit_record(
            firm=firm,
            at=now,
            action="call.inbound",
            obj=firm,
            actor_label=provider,
            changes={
                "from": from_number,
                "to": to_number,
                "call": provider_id,
                "forwarded_to": forward_to,
            },
        )
        return InboundCall(lead=None, forward_to=forward_to)
    try:
        with transaction.atomic():
            planner.touch_add(
                firm=firm,
                lead=lead,
                channel=TouchChannel.CALL,
                direction=Direction.IN,
                state=TouchState.RECEIVED,
                due_at=now,
                done_at=now,
                provider=provider,
                provider_id=provider_id,
                from_address=from_number,
                to_address=to_number,
                content=f"forwarded to {forward_to}" if forward_to else "no one to forward to",
                reason="inbound call",
                created_at=now,
            )
    except IntegrityError:
        return InboundCall(lead=lead, forward_to=forward_to)  # Twilio asked again
    if lead.status in ACTIVE_STATUSES or lead.status == Status.NURTURE:
        lead_mark(lead=lead, status=Status.ENGAGED, now=now, actor=None, note="called the firm")
    return InboundCall(lead=lead, forward_to=forward_to)


def call_bridge(
    *, lead: Lead, agent: User, now: datetime, touch: Touch | None = None
) -> SendResult:
    """Click-to-call: ring the agent's phone, then connect the lead, who sees the firm's local
    number (F8). The agent logs the outcome as for any call. Call it outside a transaction.

    Raises ContactNotAllowed with the reason when the call may not be placed now.
    """

    if not Membership.objects.filter(firm_id=lead.firm_id, user=agent).exists():
        raise ContactNotAllowed("this lead belongs to another firm")
    if touch is not None and (touch.lead_id != lead.pk or touch.channel != TouchChannel.CALL):
        raise ContactNotAllowed("that is not a call of this lead")
    if not agent.phone:
        raise ContactNotAllowed("add your phone number to your profile to use click-to-call")
    allowed, why = contact_allowed(lead=lead, channel="call", now=now)
    if not allowed:
        raise ContactNotAllowed(why)
    number = number_for_lead(firm=lead.firm, lead=lead, now=now)
    attempt = f"bridge-{touch.pk if touch else 'lead'}-{lead.pk}-{int(now.timestamp())}"
    return provider_for_firm(lead.firm).place_call(
        OutgoingCall(
            to=lead.phone,
            from_=number.e164 if number else "",
            purpose="bridge",
            agent_phone=agent.phone,
            touch_id=touch.pk if touch else None,
            reference=attempt[:40],
        )
    )
