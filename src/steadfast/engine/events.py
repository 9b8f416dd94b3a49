"""Everything that happens to a lead after arrival: outcomes, replies, opt-outs, dead channels.

Each function takes one `now`, changes the ledger and the lead in one transaction, and asks the
planner for the next touches. A provider is never called from here: sends are touches that the
dispatcher performs after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from steadfast.analytics.services import case_fee_keep
from steadfast.audit.services import audit_record
from steadfast.channels.codes import code_meaning
from steadfast.channels.library import template_for
from steadfast.channels.templates import context_for, render
from steadfast.compliance import bar
from steadfast.compliance import services as compliance
from steadfast.compliance.models import BarHold, ConsentRecord, ReplyReview, Suppression
from steadfast.compliance.selectors import channel_states, reply_review_pending, suppressions_for
from steadfast.db import prepared
from steadfast.db.bulk import update_one
from steadfast.db.rows import models_read
from steadfast.dispatch import wakeup
from steadfast.dispatch.models import Direction, Outcome, Touch, TouchChannel, TouchState
from steadfast.dispatch.selectors import lead_lock_read
from steadfast.engine import compose, planner
from steadfast.engine.timing import legal_window_open, next_allowed_time
from steadfast.errors import Refused
from steadfast.firms.models import Firm, Membership, Role, User
from steadfast.leads import validation
from steadfast.leads.language import language_of
from steadfast.leads.models import (
    ACTIVE_STATUSES,
    CheckKind,
    InvalidReason,
    Lead,
    LeadSource,
    Note,
    Status,
    ValidityCheck,
)
from steadfast.leads.services import (
    Checked,
    Intake,
    LeadInput,
    LeadRejected,
    lead_capture,
    lead_capture_many,
    lead_capture_together,
    lead_set_status,
    lead_update,
)

if TYPE_CHECKING:
    from steadfast.compliance.optout import InboundIntent


class ContactNotAllowed(Refused):
    """A person may not contact the lead this way now; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


CALL_OUTCOMES = (
    "connected",
    "no_answer",
    "voicemail",
    "busy",
    "disconnected",
    "wrong_person",
    "do_not_contact",
)
STAFF_STATUSES = (
    Status.ENGAGED,
    Status.QUALIFIED,
    Status.SIGNED,
    Status.DECLINED,
    Status.INVALID,
    Status.NURTURE,
)


def _lock(lead: Lead) -> Lead:
    """Re-read the lead under a row lock: every writer about one lead queues here, so an
    opt-out and a send that starts can never interleave (see engine.dispatcher)."""
    return lead_lock_read(lead_id=lead.pk)


# --- Arrival --------------------------------------------------------------------------------


def leads_arrived(*, leads: list[Lead], now: datetime) -> int:
    """Enroll new, valid leads in their cadences and plan their first touches (same
    transaction): one lead from the API, or a batch of an import in a few statements.
    Returns how many touches were planned."""
    arrived = [lead for lead in leads if lead.status == Status.NEW]
    if not arrived:
        return 0
    planned = planner.plan_arrivals(leads=arrived, now=now)
    wakeup.touches_planned()
    return planned


def _replan(lead: Lead, now: datetime) -> None:
    planner.plan_lead(lead=lead, now=now)
    wakeup.touches_planned()


def mark_contacting(*, lead: Lead, now: datetime, actor: User | None = None) -> None:
    if lead.status == Status.NEW:
        lead_set_status(
            lead=lead, status=Status.CONTACTING, now=now, actor=actor, note="first contact attempt"
        )


def _end_cadence(lead: Lead, now: datetime, reason: str, *, keep_calls: bool = False) -> int:
    """Stop the automated cadence: cancel what is planned, close the enrollment."""
    # Direct statements: every lead whose cadence ends makes them.
    at = connection.ops.adapt_datetimefield_value(now)
    cancelled = prepared.execute(
        "UPDATE dispatch_touch SET state = %s, done_at = %s, failure_note = %s"  # noqa: S608 - constant text
        " WHERE lead_id = %s AND direction = %s AND state = %s"
        + (" AND NOT (channel = %s AND step IS NULL)" if keep_calls else ""),
        [
            TouchState.CANCELLED,
            at,
            f"cadence stopped: {reason}"[:300],
            lead.pk,
            Direction.OUT,
            TouchState.PLANNED,
            *([TouchChannel.CALL] if keep_calls else []),
        ],
    ).rowcount
    prepared.execute(
        "UPDATE cadences_enrollment SET ended_at = %s, end_reason = %s"
        " WHERE lead_id = %s AND ended_at IS NULL",
        [at, reason[:40], lead.pk],
    )
    return cancelled


# --- Calls ----------------------------------------------------------------------------------


def call_outcome_log(
    *, touch: Touch, outcome: str, now: datetime, actor: User | None = None, note: str = ""
) -> str:
    """Record how an agent's call went; returns a line for the agent when more happened.

    An outcome for a call that is already finished is refused, naming who logged what —
    except "connected": a lead who was reached is engaged and the cadence stops, whatever
    another agent logged for the same call a moment before (an answered call always counts).
    """
    if outcome not in CALL_OUTCOMES:
        raise Refused(f"outcome must be one of {', '.join(CALL_OUTCOMES)}, not {outcome!r}")
    with transaction.atomic():
        lead = _lock(touch.lead)
        found = models_read(
            Touch,
            "SELECT {columns} FROM dispatch_touch x WHERE x.id = %s"  # noqa: S608 - constant text
            + (" FOR UPDATE" if connection.vendor == "postgresql" else ""),  # the touch's row
            [touch.pk],
        )
        if not found:
            raise Touch.DoesNotExist(f"no touch {touch.pk}")
        (touch,) = found
        if touch.channel != TouchChannel.CALL or touch.direction != Direction.OUT:
            raise Refused("only an outgoing call can have a call outcome")
        prepared.execute("DELETE FROM cadences_callhold WHERE touch_id = %s", [touch.pk])
        if touch.state not in (TouchState.PLANNED, TouchState.SENDING):
            earlier = _logged_by(touch, lead.firm)
            if outcome != "connected" or touch.outcome == Outcome.CONNECTED:
                raise Refused(f"Not logged: {earlier}.")
            # Reached after all: the answer wins over what was logged first, on the record too.
            previous = touch.outcome
            touch.outcome = Outcome.CONNECTED
            touch.performed_by = actor
            touch.failure_note = (
                f"connected; {previous or touch.state} logged first" + (f": {note}" if note else "")
            )[:300]
            update_one(touch, ["outcome", "performed_by", "failure_note"])
            audit_record(
                firm=lead.firm,
                at=now,
                action="call.outcome_corrected",
                obj=touch,
                actor=actor,
                changes={"outcome": [previous, Outcome.CONNECTED], "note": note},
            )
            _engage(lead, now, actor=actor, why="answered the call", callback=False)
            return (
                f"{earlier[0].upper()}{earlier[1:]}; your “Connected” counts: "
                f"{lead.full_name} is engaged and the cadence stopped."
            )
        recorded = "opted_out" if outcome == "do_not_contact" else outcome
        touch.state = TouchState.SENT
        touch.outcome = recorded
        touch.done_at = now
        touch.performed_by = actor
        touch.alert = False
        update_one(touch, ["state", "outcome", "done_at", "performed_by", "alert"])
        note = note.strip()
        if note:
            # What the agent typed while logging the call is a note like any other: it is on
            # the lead's timeline, beside the call it was written about.
            Note.objects.create(firm=lead.firm, lead=lead, author=actor, body=note, created_at=now)
        mark_contacting(lead=lead, now=now, actor=actor)
        if lead.assigned_to_id is None and actor is not None:
            # The agent who first worked the lead owns it: replies and callbacks go to them.
            lead.assigned_to = actor
            lead_update(lead=lead, fields=["assigned_to", "updated_at"])
        if outcome == "connected":
            _engage(lead, now, actor=actor, why="answered the call", callback=False)
        elif outcome == "do_not_contact":
            lead_opt_out(
                lead=lead,
                channels={"call", "sms", "email"},
                now=now,
                actor=actor,
                source="call",
                evidence={"touch": touch.pk, "note": note},
            )
        elif outcome in ("disconnected", "wrong_person"):
            reason = (
                InvalidReason.DISCONNECTED
                if outcome == "disconnected"
                else InvalidReason.WRONG_PERSON
            )
            channel_dead(
                lead=lead,
                dead="phone",
                reason=reason,
                now=now,
                kind=CheckKind.CARRIER,
                detail=(
                    "The number is disconnected"
                    if outcome == "disconnected"
                    else "The number reaches someone else"
                ),
                evidence={
                    "touch": touch.pk,
                    "call_outcome": outcome,
                    "logged_by": actor.email if actor else "provider",
                    "note": note,
                },
            )
        else:
            _replan(lead, now)
    return ""


def _logged_by(touch: Touch, firm: Firm) -> str:
    """ "Ana Ruiz already logged “No answer” for this call at 10:02"."""
    who = touch.performed_by
    name = (who.get_full_name() or who.email) if who is not None else "Steadfast"
    what = (touch.outcome or touch.state).replace("_", " ").capitalize()
    at = (
        touch.done_at.astimezone(ZoneInfo(firm.timezone)).strftime(" at %H:%M")
        if touch.done_at
        else ""
    )
    if touch.state == TouchState.CANCELLED:
        return f"this call was cancelled{at} ({touch.reason or 'the cadence changed'})"
    return f"{name} already logged “{what}” for this call{at}"


# --- Arrival -------------------------------------------------------------------------------


def lead_arrive(
    *,
    source: LeadSource,
    data: LeadInput,
    now: datetime,
    actor: User | None = None,
    stored: Callable[[Lead], object] | None = None,
    together: bool = False,
) -> Intake:
    """A lead arrives (API, web form, staff): validated and stored by `leads.services`
    (idempotent on the source's external id), and its cadence planned in the same
    transaction, with what the caller keeps beside a new lead (`stored`). `together`: one of
    many concurrent requests, stored in a batch with the others that arrive meanwhile
    (`leads.services.lead_capture_together`)."""
    if together and actor is None:
        return lead_capture_together(
            source=source, data=data, now=now, arrived=_arrived, stored=stored
        )
    return lead_capture(
        source=source, data=data, now=now, actor=actor, arrived=_arrived, stored=stored
    )


def leads_arrive(
    *,
    source: LeadSource,
    items: list[LeadInput],
    now: datetime,
    actor: User | None = None,
    checked: Sequence[Checked | LeadRejected | None] | None = None,
) -> list[Intake | LeadRejected]:
    """Many leads arrive together (an import's batch): `lead_arrive` for each, stored and
    planned in one transaction (`checked`: the rows' checks, when worked out beforehand)."""
    return lead_capture_many(
        source=source, items=items, now=now, actor=actor, checked=checked, arrived=_arrived
    )


def _arrived(leads: list[Lead], now: datetime) -> None:
    leads_arrived(leads=leads, now=now)
    # The same person asking again takes an earlier lead of theirs out of nurture.
    leads_inquired_again(
        leads=[
            lead
            for lead in leads
            if lead.status in (Status.NEW, Status.CONTACTING)
            or (lead.status == Status.INVALID and lead.status_reason == InvalidReason.DUPLICATE)
        ],
        now=now,
    )


# --- Staff actions --------------------------------------------------------------------------


def lead_mark(
    *, lead: Lead, status: str, now: datetime, actor: User | None, reason: str = "", note: str = ""
) -> None:
    if status not in STAFF_STATUSES:
        raise Refused(f"status must be one of {', '.join(STAFF_STATUSES)}, not {status!r}")
    if status == Status.INVALID and reason not in InvalidReason.values:
        raise Refused(f"an invalid lead needs a reason: one of {', '.join(InvalidReason.values)}")
    with transaction.atomic():
        lead = _lock(lead)
        if status in (
            Status.ENGAGED,
            Status.QUALIFIED,
            Status.SIGNED,
            Status.DECLINED,
            Status.INVALID,
        ):
            _end_cadence(
                lead,
                now,
                f"marked {status}",
                keep_calls=status in (Status.ENGAGED, Status.QUALIFIED),
            )
        elif status == Status.NURTURE:
            _end_cadence(lead, now, "moved to nurture")
        lead_set_status(lead=lead, status=status, reason=reason, now=now, actor=actor, note=note)


def lead_opt_out(
    *,
    lead: Lead,
    channels: set[str],
    now: datetime,
    source: str,
    actor: User | None = None,
    evidence: dict[str, Any] | None = None,
) -> None:
    unknown = set(channels) - {"call", "sms", "email"}
    if unknown or not channels:
        raise Refused("channels must be a non-empty subset of call, sms, email")
    with transaction.atomic():
        lead = _lock(lead)
        _suppress(lead, channels, now, source=source, actor=actor, evidence=evidence)
        # Any stop ends the automated cadence; the channels named are suppressed for good.
        _end_cadence(lead, now, "opted out")
        lead_set_status(
            lead=lead,
            status=Status.OPTED_OUT,
            now=now,
            actor=actor,
            note=f"opted out of {', '.join(sorted(channels))} ({source})",
        )


def _suppress(
    lead: Lead,
    channels: set[str],
    now: datetime,
    *,
    source: str,
    actor: User | None = None,
    evidence: dict[str, Any] | None = None,
) -> None:
    """Suppress these channels of the lead, revoke their consent, cancel what is planned."""
    for channel in sorted(channels):
        compliance.suppression_add(
            lead=lead,
            channel=channel,
            now=now,
            reason=Suppression.Reason.STAFF if source == "staff" else Suppression.Reason.OPT_OUT,
            evidence={"source": source, **(evidence or {})},
        )
        compliance.consent_change(
            lead=lead,
            channel=channel,
            grant=False,
            now=now,
            source=source,
            actor=actor,
            evidence=evidence,
        )
    blocked = ["call", "voicemail_drop"] if "call" in channels else []
    blocked += [c for c in ("sms", "email") if c in channels]
    Touch.objects.filter(
        lead=lead, direction=Direction.OUT, state=TouchState.PLANNED, channel__in=blocked
    ).update(state=TouchState.CANCELLED, done_at=now, failure_note="opted out")


def contact_allowed(*, lead: Lead, channel: str, now: datetime) -> tuple[bool, str]:
    """May a person send this lead a message on this channel right now? (and why not)"""
    if channel not in ("sms", "email", "call"):
        return False, f"unknown channel {channel!r}"
    if lead.status == Status.INVALID and lead.status_reason in (InvalidReason.DUPLICATE,):
        return False, f"this lead is a duplicate of lead #{lead.duplicate_of_id}"
    state = channel_states(lead=lead)[channel]
    if not state.open:
        return False, state.why_not
    refusal = bar.touch_refusal(lead=lead, channel=channel, now=now)
    if refusal is not None:
        return False, refusal.why
    if channel in ("sms", "call"):
        ok, why = legal_window_open(
            kind=channel, at=now, lead=planner.lead_place(lead), rules=planner.firm_rules(lead.firm)
        )
        if not ok:
            return False, why
    return True, ""


def manual_message_send(
    *, lead: Lead, channel: str, body: str, now: datetime, actor: User, subject: str = ""
) -> Touch:
    if channel not in ("sms", "email"):
        raise ContactNotAllowed("a person can send an SMS or an email here")
    body = body.strip()
    if not body:
        raise ContactNotAllowed("the message is empty")
    if channel == "email" and not subject.strip():
        raise ContactNotAllowed("an email needs a subject")
    with transaction.atomic():
        lead = _lock(lead)
        ok, why = contact_allowed(lead=lead, channel=channel, now=now)
        if not ok:
            raise ContactNotAllowed(why)
        if channel == "sms" and compose.is_first_text(lead=lead):
            body = compose.with_opt_out_line(body)
        touch = planner.touch_add(
            firm_id=lead.firm_id,
            lead=lead,
            channel=channel,
            direction=Direction.OUT,
            state=TouchState.PLANNED,
            due_at=now,
            reason=f"sent by {actor.email}",
            to_address=lead.email if channel == "email" else lead.phone,
            subject=subject[:300],
            content=body,
            performed_by=actor,
            created_at=now,
        )
        planner.steps_covered_by_hand(lead=lead, sent=touch, now=now)
    wakeup.touches_planned()
    return touch


# --- Inbound --------------------------------------------------------------------------------


def _find_lead(firm: Firm, channel: str, address: str) -> Lead | None:

    if channel == "email":
        value = validation.check_email(address).normalized or address.strip().lower()
        column = "email"
    else:
        value = validation.check_phone(address).e164 or address.strip()
        column = "phone"
    # A direct statement (every reply makes it), on lead_dup_phone / lead_dup_email: the
    # latest lead of the firm with this address that is not a duplicate of another.
    found = models_read(
        Lead,
        "SELECT {columns} FROM leads_lead x WHERE x.firm_id = %s AND x."  # noqa: S608 - a column name
        + column
        + " = %s AND NOT (x.status = %s AND x.status_reason = %s)"
        + " ORDER BY x.arrived_at DESC, x.id DESC LIMIT 1",
        [firm.pk, value, Status.INVALID, InvalidReason.DUPLICATE],
    )
    return found[0] if found else None


def _inbound_seen(provider: str, provider_id: str) -> Touch | None:
    """The inbound touch a provider already delivered under this id, as
    Touch.objects.filter(...).first() reads it (a direct statement: every reply makes two)."""
    found = models_read(
        Touch,
        "SELECT {columns} FROM dispatch_touch x WHERE x.provider = %s AND x.provider_id = %s"
        " AND x.direction = %s ORDER BY x.due_at, x.id LIMIT 1",
        [provider, provider_id, Direction.IN],
    )
    return found[0] if found else None


def inbound_message(
    *,
    firm: Firm,
    channel: str,
    from_address: str,
    to_address: str,
    body: str,
    provider: str,
    provider_id: str,
    now: datetime,
) -> Touch | None:
    if channel not in ("sms", "email"):
        raise Refused("inbound messages are sms or email")
    if provider_id:
        seen = _inbound_seen(provider, provider_id)
        if seen:
            return seen
    lead = _find_lead(firm, channel, from_address)
    if lead is None:
        return None
    # Imported here: its phrase tables take a third of a second to compile, which every command
    # would pay at start-up; the web app reads them as it starts (wsgi).
    from steadfast.compliance.optout import classify_inbound

    intent = classify_inbound(body, channel=channel)
    with transaction.atomic():
        lead = _lock(lead)
        if provider_id:
            # Checked again under the lead's lock: a provider's retry racing the first delivery
            # waits here and then finds the touch the first one stored.
            seen = _inbound_seen(provider, provider_id)
            if seen:
                return seen
        stop = intent.kind == "stop" and not intent.unsure
        touch = planner.touch_add(
            firm_id=lead.firm_id,
            lead=lead,
            channel=channel,
            direction=Direction.IN,
            state=TouchState.RECEIVED,
            due_at=now,
            done_at=now,
            outcome=Outcome.OPTED_OUT if stop else Outcome.REPLIED,
            provider=provider,
            provider_id=provider_id,
            from_address=from_address[:320],
            to_address=to_address[:320],
            content=body,
            created_at=now,
            reason=_inbound_reason(intent),
        )
        if not lead.language and (language := language_of(body)):
            # A lead who writes back in Spanish is called by someone who speaks it.
            lead.language = language
            lead_update(lead=lead, fields=["language", "updated_at"])
        _inbound_act(lead, touch, intent, channel=channel, body=body, now=now)
    wakeup.touches_planned()
    return touch


def _inbound_reason(intent: InboundIntent) -> str:
    kind: str = "unsure stop" if intent.unsure else intent.kind
    if intent.reason:
        kind += f" ({intent.reason})"
    return (f"inbound {kind}" + (f" ({intent.matched})" if intent.matched else ""))[:300]


_OPTED_OUT = (Suppression.Reason.OPT_OUT, Suppression.Reason.STAFF)


def _inbound_act(
    lead: Lead, touch: Touch, intent: InboundIntent, *, channel: str, body: str, now: datetime
) -> None:
    """What a reply does, under the lead's lock (PRODUCT.md §1, §3)."""
    evidence = {"message": body[:500], "touch": touch.pk, "matched": intent.matched[:300]}
    if intent.window is not None:
        # "only after 5 pm": those hours are off for this lead, whatever else the reply says.
        compliance.contact_window_set(
            lead=lead, window=intent.window, now=now, source=channel, evidence=evidence
        )
    texts_were_off = _texts_opted_out(lead)
    if intent.kind == "stop" and intent.unsure:
        _pause_for_review(lead, touch, intent, channel=channel, body=body, now=now)
    elif intent.kind == "stop" and intent.reason == "wrong_person":
        _wrong_person(lead, set(intent.channels), now, source=channel, evidence=evidence)
    elif intent.kind == "stop" and intent.prefers:
        # "call instead of texting": that channel is off, the one asked for is a reply.
        _suppress(lead, set(intent.channels), now, source=channel, evidence=evidence)
        wanted, revoked = ", ".join(sorted(intent.prefers)), ", ".join(sorted(intent.channels))
        _engage(lead, now, why=f"asked for {wanted} instead of {revoked}")
    elif intent.kind == "stop":
        lead_opt_out(
            lead=lead, channels=set(intent.channels), now=now, source=channel, evidence=evidence
        )
    elif intent.kind == "start":
        _resubscribe(lead, intent, channel=channel, body=body, touch=touch, now=now)
    elif intent.kind == "help" and channel == "sms":
        if not intent.matched.startswith("keyword"):
            # "Who is this?": the answer says who we are, and a person follows up.
            _engage(lead, now, why=f"asked who is writing ({channel})")
        _queue_reply(lead, "help_reply", now, language=intent.language)
    else:
        # The call carries what they wrote, so the person calling knows before dialling.
        said = " ".join(body.split())
        said = said if len(said) <= 120 else said[:119] + "…"
        _engage(lead, now, why=f"replied by {channel}" + (f": “{said}”" if said else ""))
    if (
        intent.kind == "stop"
        and not intent.unsure
        and channel == "sms"
        and "sms" in intent.channels
        and not texts_were_off
    ):
        # One confirmation per opt-out, in the person's language (47 CFR 64.1200(a)(12)).
        _queue_reply(lead, "optout_confirmation", now, language=intent.language)


def _texts_opted_out(lead: Lead) -> bool:
    row = suppressions_for(lead=lead).get("sms")
    return row is not None and row.reason in _OPTED_OUT


def _wrong_person(
    lead: Lead, channels: set[str], now: datetime, *, source: str, evidence: dict[str, Any]
) -> None:
    """ "Wrong number": the person at that number never consented. Their number is suppressed
    and the lead is invalid: wrong_person, with the reply as evidence for a vendor return."""
    _suppress(lead, channels, now, source=source, evidence=evidence)
    ValidityCheck.objects.create(
        firm_id=lead.firm_id,
        lead=lead,
        kind=CheckKind.CARRIER,  # as when a call reaches someone else: the vendor-return proof
        result="invalid",
        code=InvalidReason.WRONG_PERSON,
        detail="The person at this number replied that it is the wrong number",
        evidence={"source": source, **evidence},
        checked_at=now,
    )
    _end_cadence(lead, now, "wrong person")
    if lead.status in (*ACTIVE_STATUSES, Status.NURTURE, Status.ENGAGED):
        lead_set_status(
            lead=lead,
            status=Status.INVALID,
            reason=InvalidReason.WRONG_PERSON,
            now=now,
            note=f"the number reaches someone else ({source} reply)",
        )


def _resubscribe(
    lead: Lead, intent: InboundIntent, *, channel: str, body: str, touch: Touch, now: datetime
) -> None:
    """START, "you can text me again": the opt-out of those channels is lifted."""
    for restored in sorted(set(intent.channels) & {"call", "sms", "email"}):
        compliance.suppression_remove(
            lead=lead,
            channel=restored,
            now=now,
            reasons=(Suppression.Reason.OPT_OUT, Suppression.Reason.CARRIER_OPT_OUT),
        )
        compliance.consent_change(
            lead=lead,
            channel=restored,
            grant=True,
            now=now,
            source="sms_keyword" if intent.matched.startswith("keyword") else f"{channel}_reply",
            text_shown=body[:500],
            evidence={"touch": touch.pk, "matched": intent.matched[:300]},
        )
    _engage(lead, now, why=f"asked to hear from the firm again ({channel})")


# --- Replies a person decides on ------------------------------------------------------------

PAUSED_NOTE = "paused: a reply awaits a person's decision"


def _pause_for_review(
    lead: Lead, touch: Touch, intent: InboundIntent, *, channel: str, body: str, now: datetime
) -> ReplyReview:
    """Might be a stop: automated contact pauses (compliance.selectors closes every channel
    while a review is pending) and the reply goes in front of a person."""
    review = ReplyReview.objects.create(
        firm_id=lead.firm_id,
        lead=lead,
        touch=touch,
        channel=channel,
        text=body[:2000],
        channels=sorted(intent.channels),
        matched=intent.matched[:300],
        language=intent.language,
        created_at=now,
    )
    for paused in sorted(intent.channels):
        compliance.consent_change(
            lead=lead,
            channel=paused,
            grant=ConsentRecord.Action.PAUSE,
            now=now,
            source=channel,
            evidence={"review": review.pk, "message": body[:500], "touch": touch.pk},
        )
    Touch.objects.filter(lead=lead, direction=Direction.OUT, state=TouchState.PLANNED).exclude(
        template__in=("optout_confirmation", "help_reply")  # answers already owed still go
    ).update(state=TouchState.CANCELLED, done_at=now, failure_note=PAUSED_NOTE)
    if lead.assigned_to_id is None and (agent := _pick_agent(lead.firm)) is not None:
        lead.assigned_to = agent
        lead_update(lead=lead, fields=["assigned_to", "updated_at"])
    return review


def reply_review_decide(
    *, review: ReplyReview, opt_out: bool, actor: User, now: datetime
) -> ReplyReview:
    """A person's decision on a reply that might be a stop, recorded on the consent ledger
    with who decided. An opt-out suppresses what the reply covered and ends the cadence (and
    sends the one confirmation); otherwise the cadence resumes where the pause stopped it."""
    if not Membership.objects.filter(firm_id=review.firm_id, user=actor).exists():
        raise ContactNotAllowed("this reply belongs to another firm")
    with transaction.atomic():
        lead = _lock(review.lead)
        review = ReplyReview.objects.select_for_update().get(pk=review.pk)
        if review.state != ReplyReview.State.PENDING:
            raise ContactNotAllowed(
                f"this reply was already decided: {review.get_state_display().lower()}"
            )
        review.state = ReplyReview.State.OPT_OUT if opt_out else ReplyReview.State.NOT_OPT_OUT
        review.decided_at, review.decided_by = now, actor
        review.save(update_fields=["state", "decided_at", "decided_by"])
        evidence = {"review": review.pk, "message": review.text[:500], "decided_by": actor.email}
        channels = set(review.channels) or {"call", "sms", "email"}
        if opt_out:
            texts_were_off = _texts_opted_out(lead)
            lead_opt_out(
                lead=lead, channels=channels, now=now, source="review", actor=actor,
                evidence=evidence,
            )  # fmt: skip
            if review.channel == "sms" and "sms" in channels and not texts_were_off:
                _queue_reply(lead, "optout_confirmation", now, language=review.language)
        else:
            for kept in sorted(channels):
                compliance.consent_change(
                    lead=lead,
                    channel=kept,
                    grant=ConsentRecord.Action.KEEP,
                    now=now,
                    source="review",
                    actor=actor,
                    evidence=evidence,
                )
            _resume(lead, now)
        audit_record(
            firm=lead.firm,
            at=now,
            action="reply_review.decided",
            obj=review,
            actor=actor,
            changes={"lead": lead.pk, "state": review.state},
        )
    wakeup.touches_planned()
    return review


def _resume(lead: Lead, now: datetime) -> None:
    """Plan again, from now, the cadence steps the pause cancelled (unless another reply still
    waits for a decision). The cancelled rows stay on the timeline, without their step."""
    if reply_review_pending(lead=lead) is not None:
        return
    for touch in Touch.objects.filter(
        lead=lead, state=TouchState.CANCELLED, failure_note=PAUSED_NOTE, step__isnull=False
    ):
        touch.failure_note = f"{PAUSED_NOTE} (step {touch.step}, planned again after it)"[:300]
        touch.step = None
        update_one(touch, ["failure_note", "step"])
    _replan(lead, now)


def _queue_reply(lead: Lead, template: str, now: datetime, *, language: str = "en") -> None:
    """An immediate automatic text (opt-out confirmation, HELP answer), in the language the
    person wrote in: the Spanish wording is the firm's `<template>_es`, rendered now."""
    if not lead.phone:
        return
    content = ""
    if language == "es":
        spanish = template_for(lead.firm, f"{template}_es")
        content = render(spanish.body, context_for(lead, lead.firm))
    planner.touch_add(
        content=content,
        firm_id=lead.firm_id,
        lead=lead,
        channel=TouchChannel.SMS,
        direction=Direction.OUT,
        state=TouchState.PLANNED,
        due_at=now,
        template=template,
        to_address=lead.phone,
        created_at=now,
        reason=f"automatic reply: {template.replace('_', ' ')}",
    )


def _engage(
    lead: Lead, now: datetime, *, why: str, actor: User | None = None, callback: bool = True
) -> None:
    """A response: stop the cadence and put the lead in front of a person."""
    _end_cadence(lead, now, "engaged")
    if lead.status in ACTIVE_STATUSES or lead.status in (Status.NURTURE, Status.OPTED_OUT):
        lead_set_status(lead=lead, status=Status.ENGAGED, now=now, actor=actor, note=why)
    if lead.assigned_to_id is None:
        agent = _pick_agent(lead.firm)
        if agent is not None:
            lead.assigned_to = agent
            lead_update(lead=lead, fields=["assigned_to", "updated_at"])
    if (
        callback
        and channel_states(lead=lead)["call"].open
        and not Touch.objects.filter(
            lead=lead, channel=TouchChannel.CALL, state=TouchState.PLANNED
        ).exists()
    ):
        due, when = now, "call back now"
        if lead.contact_window:
            # The person limited the hours ("call me after 5"): the callback waits for them.
            slot = next_allowed_time(
                kind="call",
                earliest=now,
                lead=planner.lead_place(lead),
                firm=planner.firm_hours(lead.firm),
                rules=planner.firm_rules(lead.firm),
            )
            if slot is not None and slot.at > now:
                due, when = slot.at, f"call back; {slot.reason}"
        planner.touch_add(
            firm_id=lead.firm_id,
            lead=lead,
            channel=TouchChannel.CALL,
            direction=Direction.OUT,
            state=TouchState.PLANNED,
            due_at=due,
            alert=True,
            to_address=lead.phone,
            created_at=now,
            reason=f"{why}: {when}"[:300],
        )


def _pick_agent(firm: Firm) -> User | None:
    """The on-duty agent with the fewest open leads (engaged or contacting), the earliest
    membership first among equals. A direct statement (every lead who writes back makes it):
    each agent's open leads counted through the assigned_to index, where the ORM's grouped
    join read every lead assigned to any of the firm's agents."""
    found = models_read(
        User,
        "SELECT {columns} FROM firms_membership m JOIN firms_user x ON x.id = m.user_id"
        " WHERE m.firm_id = %s AND m.on_duty = %s AND m.role = %s"
        " ORDER BY (SELECT COUNT(*) FROM leads_lead l"
        " WHERE l.assigned_to_id = m.user_id AND l.status IN (%s, %s)), m.id LIMIT 1",
        [firm.pk, True, Role.AGENT, Status.ENGAGED, Status.CONTACTING],
    )
    return found[0] if found else None


# --- Delivery results and dead channels -----------------------------------------------------


DELIVERED = ("delivered", "read", "completed")
# A voicemail drop that completed left the message on the machine.
_DELIVERED_SQL = """
UPDATE dispatch_touch
SET outcome = CASE WHEN channel = %(drop)s THEN %(voicemail)s ELSE %(delivered)s END
WHERE provider = %(provider)s AND provider_id = %(provider_id)s AND direction = %(out)s
    AND outcome IN ('', %(sent)s)
"""


def delivery_status(
    *,
    provider: str,
    provider_id: str,
    status: str,
    code: str,
    now: datetime,
    detail: str = "",
) -> None:
    """A provider's word on a send: delivered, or failed with a code. `detail` is the
    provider's own text (an SMTP server's reply, say), kept as evidence."""
    status = status.lower()
    if status in DELIVERED and provider_id:
        # Only the touch's outcome changes, in one conditional statement (a provider id is
        # unique per provider and direction): nothing about the lead is decided here.
        prepared.execute(
            _DELIVERED_SQL,
            {
                "drop": TouchChannel.VOICEMAIL_DROP,
                "voicemail": Outcome.VOICEMAIL,
                "delivered": Outcome.DELIVERED,
                "provider": provider,
                "provider_id": provider_id,
                "out": Direction.OUT,
                "sent": Outcome.SENT,
            },
        )
        return
    # Direct statements (every bounce and undelivered text makes them): the touch with this
    # provider id, first in the ledger's order as .first() takes it; then, under the lead's
    # lock, the touch's row read again (locked too on PostgreSQL).
    found = prepared.execute(
        "SELECT id, lead_id FROM dispatch_touch WHERE provider = %s AND provider_id = %s"
        " AND direction = %s ORDER BY due_at, id LIMIT 1",
        [provider, provider_id, Direction.OUT],
    ).rows
    if not found:
        return
    ((touch_id, lead_id),) = found
    with transaction.atomic():
        lead = lead_lock_read(lead_id=lead_id)
        locked = models_read(
            Touch,
            "SELECT {columns} FROM dispatch_touch x WHERE x.id = %s"  # noqa: S608 - constant text
            + (" FOR UPDATE" if connection.vendor == "postgresql" else ""),
            [touch_id],
        )
        if not locked:
            raise Touch.DoesNotExist(f"no touch {touch_id}")
        (touch,) = locked
        if status in DELIVERED:
            if touch.outcome in ("", Outcome.SENT):
                # A voicemail drop that completed left the message on the machine.
                touch.outcome = (
                    Outcome.VOICEMAIL
                    if touch.channel == TouchChannel.VOICEMAIL_DROP
                    else Outcome.DELIVERED
                )
                update_one(touch, ["outcome"])
            return
        if status not in ("undelivered", "failed", "bounced"):
            return
        meaning = code_meaning(code)
        channel = "email" if touch.channel == TouchChannel.EMAIL else "sms"
        touch.outcome = (
            meaning.outcome
            if meaning
            else (Outcome.BOUNCED if channel == "email" else Outcome.UNDELIVERED)
        )
        touch.provider_code = str(code)[:20]
        summary = meaning.meaning if meaning else f"{status} ({code or 'no code'})"
        touch.failure_note = (f"{summary}: {detail}" if detail else summary)[:300]
        update_one(touch, ["outcome", "provider_code", "failure_note"])
        dead = meaning.dead if meaning else ("email" if status == "bounced" else None)
        if dead == "sms_opt_out":
            compliance.suppression_add(
                lead=lead,
                channel="sms",
                now=now,
                reason=Suppression.Reason.CARRIER_OPT_OUT,
                evidence={"touch": touch.pk, "code": code},
            )
            Touch.objects.filter(
                lead=lead, state=TouchState.PLANNED, channel=TouchChannel.SMS
            ).update(
                state=TouchState.CANCELLED, done_at=now, failure_note="opted out at the carrier"
            )
            _replan(lead, now)
        elif dead:
            reason = (
                InvalidReason.BAD_EMAIL
                if dead == "email"
                else (
                    InvalidReason.DISCONNECTED
                    if touch.outcome == "disconnected"
                    else InvalidReason.BAD_PHONE
                )
            )
            channel_dead(
                lead=lead,
                dead=dead,
                reason=reason,
                now=now,
                kind=CheckKind.BOUNCE if dead == "email" else CheckKind.CARRIER,
                detail=touch.failure_note,
                evidence={
                    "touch": touch.pk,
                    "provider": provider,
                    "provider_id": provider_id,
                    "status": status,
                    "code": code,
                    "provider_detail": detail[:1000],
                },
            )
        else:
            _replan(lead, now)


def channel_dead(
    *,
    lead: Lead,
    dead: str,
    reason: str,
    now: datetime,
    kind: str,
    detail: str,
    evidence: dict[str, Any],
) -> None:
    """A channel no longer works: record the evidence, stop using it, and if nothing is left,
    the lead is invalid with this reason. `dead` is "phone" (calls+texts), "sms" or "email"."""
    channels = {"phone": ["call", "sms"], "sms": ["sms"], "email": ["email"]}[dead]
    ValidityCheck.objects.create(
        firm_id=lead.firm_id,
        lead=lead,
        kind=kind,
        result="invalid",
        code=reason,
        detail=detail[:300],
        evidence=evidence,
        checked_at=now,
    )
    for channel in channels:
        compliance.suppression_add(
            lead=lead,
            channel=channel,
            reason=Suppression.Reason.DEAD,
            now=now,
            evidence={"why": detail, **evidence},
        )
    blocked = channels + (["voicemail_drop"] if "call" in channels else [])
    Touch.objects.filter(
        lead=lead, direction=Direction.OUT, state=TouchState.PLANNED, channel__in=blocked
    ).update(state=TouchState.CANCELLED, done_at=now, failure_note=f"dead channel: {detail}"[:300])
    states = channel_states(lead=lead)
    # Only a lead nobody has reached becomes invalid: one who answered or replied is a real
    # person even if their address dies later (the evidence is still recorded above).
    if all(states[c].dead for c in ("call", "email")) and lead.status in (
        *ACTIVE_STATUSES,
        Status.NURTURE,
    ):
        _end_cadence(lead, now, "no working channel")
        lead_set_status(
            lead=lead, status=Status.INVALID, reason=reason, now=now, note="no working channel left"
        )
    else:
        _replan(lead, now)


def nurture_due(*, touch: Touch, now: datetime) -> bool:
    """The end of the active phase. Returns False if it must wait for a later planned touch."""
    lead = _lock(touch.lead)
    if lead.status not in ACTIVE_STATUSES:
        touch.state, touch.done_at = TouchState.CANCELLED, now
        touch.failure_note = f"lead is {lead.status}"
        update_one(touch, ["state", "done_at", "failure_note"])
        return True
    # The last planned contact of the cadence (a direct statement: every lead whose cadence
    # ends makes it).
    open_states = tuple(planner.OPEN_STATES)
    found = models_read(
        Touch,
        "SELECT {columns} FROM dispatch_touch x WHERE x.lead_id = %s"  # noqa: S608 - placeholders only
        f" AND x.state IN ({', '.join(['%s'] * len(open_states))}) AND x.direction = %s"
        " AND x.step IS NOT NULL AND NOT (x.id = %s) ORDER BY x.due_at DESC LIMIT 1",
        [lead.pk, *open_states, Direction.OUT, touch.pk],
    )
    later = found[0] if found else None
    if later is not None and later.due_at >= now:
        touch.due_at = later.due_at + timedelta(hours=1)
        touch.reason = (touch.reason + "; waits for the last planned contact")[:300]
        touch.state = TouchState.PLANNED
        update_one(touch, ["due_at", "reason", "state"])
        return False
    touch.state, touch.done_at, touch.outcome = TouchState.SENT, now, ""
    update_one(touch, ["state", "done_at", "outcome"])
    _end_cadence(lead, now, "no response")
    lead_set_status(lead=lead, status=Status.NURTURE, now=now, note="no response to the cadence")
    return True


# --- Bar rules: a manager releases a lead a rule holds --------------------------------------


def bar_hold_release(*, hold: BarHold, actor: User, reason: str, now: datetime) -> BarHold:
    """A manager releases a lead from the bar rule that holds it (the vendor's page did name
    the firm, the accident was more than 30 days ago, …): the reason is required and audited,
    and the cadence plans again without that rule for this lead."""
    reason = " ".join(reason.split())
    if not reason:
        raise Refused("a release needs a reason: why this rule does not hold this lead")
    if len(reason) > 300:
        raise Refused("the reason is too long: at most 300 characters")
    membership = Membership.objects.filter(firm_id=hold.firm_id, user=actor).first()
    if membership is None or not membership.has_role(Role.MANAGER):
        raise Refused("only a manager of this firm can release a lead from a bar rule")
    with transaction.atomic():
        lead = _lock(hold.lead)
        hold = BarHold.objects.select_for_update().get(pk=hold.pk)
        if hold.released_at is not None:
            raise Refused(f"this lead was already released from {hold.rule}")
        hold.released_at, hold.released_by, hold.release_reason = now, actor, reason
        hold.save(update_fields=["released_at", "released_by", "release_reason"])
        audit_record(
            firm=lead.firm,
            at=now,
            action="bar_hold.released",
            obj=hold,
            actor=actor,
            changes={"lead": lead.pk, "rule": hold.rule, "why": hold.why, "reason": reason},
        )
        # Steps a waiting period pushed back are planned again, from now, without it.
        for waiting in Touch.objects.filter(
            lead=lead,
            state=TouchState.PLANNED,
            step__isnull=False,
            reason__contains=f"bar rule {hold.rule}:",
        ):
            note = f"released from bar rule {hold.rule} by {actor.email}; planned again"
            waiting.state, waiting.done_at = TouchState.CANCELLED, now
            waiting.failure_note = f"{note} (step {waiting.step})"[:300]
            waiting.step = None
            update_one(waiting, ["state", "done_at", "failure_note", "step"])
        if lead.status in ACTIVE_STATUSES:
            _replan(lead, now)
    return hold


def lead_came_back(*, lead: Lead, now: datetime, why: str, callback: bool = True) -> bool:
    """A lead in nurture asked for the firm again (a click on a nurture email's "talk to us"
    link, a new inquiry): out of nurture, `engaged`, and in front of a person at once, with
    `why` on the call. Returns whether the lead was in nurture."""
    with transaction.atomic():
        lead = _lock(lead)
        if lead.status != Status.NURTURE:
            return False
        _engage(lead, now, why=why, callback=callback)
    wakeup.touches_planned()
    return True


def leads_inquired_again(*, leads: list[Lead], now: datetime) -> int:
    """New inquiries from people the firm has in nurture (same phone or email): those leads
    come back to a person. A duplicate inquiry puts the earlier lead in the call queue with
    what they wrote; a lead new enough for its own cadence gets that, and the earlier one
    just leaves nurture (one person, one call). One query for a whole import batch."""
    phones = {lead.phone for lead in leads if lead.phone}
    emails = {lead.email for lead in leads if lead.email}
    if not phones and not emails:
        return 0
    # A statement for each firm, unordered. Its leads with one of these phones or emails are
    # found through the duplicate indexes (lead_dup_phone, lead_dup_email), then kept if in
    # nurture: written as one condition, SQLite's planner read every lead of the firm in
    # nurture instead (lead_firm_status), thousands in a long simulation, for every arrival.
    # Direct statements: every lead that arrives makes one.
    either = " UNION ".join(
        f"SELECT id FROM leads_lead WHERE firm_id = %s AND {column} IN "  # noqa: S608 - placeholders only
        f"({', '.join(['%s'] * len(values))})"
        for column, values in (("phone", phones), ("email", emails))
        if values
    )
    in_nurture = sorted(
        (
            lead
            for firm_id in {lead.firm_id for lead in leads}
            for lead in models_read(
                Lead,
                "SELECT {columns} FROM leads_lead x "  # noqa: S608 - placeholders only
                f"WHERE x.id IN ({either}) AND x.status = %s",
                [
                    *([firm_id, *sorted(phones)] if phones else []),
                    *([firm_id, *sorted(emails)] if emails else []),
                    Status.NURTURE,
                ],
            )
        ),
        key=lambda lead: lead.pk,
    )
    back = 0
    for lead in leads:
        said = " ".join(lead.message.split())
        said = said if len(said) <= 120 else said[:119] + "…"
        why = f"inquired again (lead #{lead.pk})" + (f": “{said}”" if said else "")
        for old in in_nurture:
            same = (lead.phone and old.phone == lead.phone) or (
                lead.email and old.email == lead.email
            )
            if old.pk != lead.pk and old.firm_id == lead.firm_id and same:
                back += lead_came_back(
                    lead=old, now=now, why=why, callback=lead.status != Status.NEW
                )
    return back


# --- Outcomes reported by the firm's own systems ----------------------------------------

REPORTED_OUTCOMES = (Status.QUALIFIED, Status.SIGNED, Status.DECLINED)


@transaction.atomic
def lead_outcome_report(
    *,
    lead: Lead,
    status: str,
    now: datetime,
    fee: Decimal | None = None,
    by: str,
    actor: User | None = None,
) -> bool:
    """The firm's own system (or a person) says how the lead ended. Idempotent: the same
    outcome again changes nothing. Returns whether anything changed."""
    if status not in REPORTED_OUTCOMES:
        raise Refused(f"status: one of {', '.join(REPORTED_OUTCOMES)}")
    changed = False
    if lead.status != status:
        lead_mark(lead=lead, status=status, now=now, actor=actor, note=f"reported by {by}"[:300])
        changed = True
    if status == Status.SIGNED and fee is not None:
        changed = case_fee_keep(lead=lead, fee=fee, now=now) or changed
    if changed:
        audit_record(
            firm=lead.firm,
            at=now,
            action="lead.outcome",
            obj=lead,
            actor=actor,
            actor_label=by,
            changes={"status": status, "fee": str(fee) if fee else None},
        )
    return changed
