"""The team's call queue: which due call each agent is shown, and who holds what.

A call on one agent's screen is held for that agent (`CallHold`) and offered to nobody else;
the next agent gets the next due call. Routing offers a call first to the agents best placed
to take it — the lead's own agent, then agents who speak the lead's language, then agents of
the lead's practice area — and to anyone once it has waited `ROUTE_WAIT`, so speed to lead
never suffers. Agents who are away get no calls.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.db.models.functions import Substr

from steadfast.cadences.models import CallHold
from steadfast.db import prepared
from steadfast.db.bulk import insert_one
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import planner
from steadfast.engine.timing import legal_window_open
from steadfast.firms.models import Firm, Membership, User
from steadfast.leads.models import Lead

LOOKAHEAD = timedelta(minutes=2)


def call_queue(
    *, firm: Firm, now: datetime, user: User | None = None, limit: int = 50
) -> list[Touch]:
    """Open call tasks, most urgent first: alerts (a lead who just replied), then first calls,
    then by due time. Calls the lead may not lawfully receive right now are left out."""
    due = (
        Touch.objects.filter(
            firm=firm,
            channel=TouchChannel.CALL,
            direction=Direction.OUT,
            state=TouchState.PLANNED,
            due_at__lte=now + LOOKAHEAD,
        )
        .select_related("lead", "lead__source", "lead__assigned_to")
        .annotate(
            urgency=Case(
                When(alert=True, then=Value(0)),
                When(step=1, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "due_at", "id")
    )
    rules = planner.firm_rules(firm)
    queue: list[Touch] = []
    for touch in due[: limit * 2]:
        if user is not None and touch.lead.assigned_to_id not in (None, user.pk):
            continue
        allowed, _ = legal_window_open(
            kind="call", at=max(now, touch.due_at), lead=planner.lead_place(touch.lead), rules=rules
        )
        if allowed:
            queue.append(touch)
        if len(queue) >= limit:
            break
    return queue


# A call stays on an agent's screen this long without a sign of life from the page (the
# queue renews it every few seconds while it is open).
HOLD = timedelta(minutes=3)
# A routed call waits this long for its preferred agents before anyone may take it.
ROUTE_WAIT = timedelta(seconds=60)
# An agent whose queue has not been open this long is not counted as available.
SEEN_WITHIN = timedelta(minutes=2)
# How often an open queue writes that it is still open.
SEEN_EVERY = timedelta(seconds=20)
# How far down the queue an agent's claim looks, beyond the calls others hold.
CLAIM_DEPTH = 50


@dataclass(frozen=True)
class Offer:
    """The call an agent is shown, and why it went to them."""

    touch: Touch
    routed: str  # "" when anyone could take it, else why this agent ("speaks es")


def _membership(firm: Firm, agent: User) -> Membership:
    return Membership.objects.get(firm=firm, user=agent)


def _seen(membership: Membership, now: datetime) -> None:
    seen = membership.queue_seen_at
    if seen is None or seen > now or now - seen >= SEEN_EVERY:
        Membership.objects.filter(pk=membership.pk).update(queue_seen_at=now)
        membership.queue_seen_at = now


def agents_available(*, firm: Firm, now: datetime) -> list[Membership]:
    """Who takes calls now: on duty, with the queue open recently."""
    return list(
        Membership.objects.filter(
            firm=firm, on_duty=True, queue_seen_at__gte=now - SEEN_WITHIN
        ).select_related("user")
    )


def preferred_agents(*, touch: Touch, available: list[Membership]) -> tuple[set[int], str]:
    """The available agents this call goes to first, and why; empty means anyone."""
    lead = touch.lead
    ids = {m.user_id for m in available}
    if lead.assigned_to_id in ids:
        return {lead.assigned_to_id}, "your lead"
    if lead.language and lead.language != "en":
        speakers = {m.user_id for m in available if lead.language in (m.languages or [])}
        if speakers:
            return speakers, f"speaks {lead.language}"
    if lead.practice_area:
        area = {m.user_id for m in available if lead.practice_area in (m.practice_areas or [])}
        if area:
            return area, "practice area"
    return set(), ""


def _routed(touch: Touch, agent: User, available: list[Membership], now: datetime) -> str | None:
    """Why the call goes to this agent ("" for anyone), or None while it waits for others."""
    preferred, why = preferred_agents(touch=touch, available=available)
    if agent.pk in preferred:
        return why
    if not preferred or now >= touch.due_at + ROUTE_WAIT:
        return ""
    return None


def call_claim_next(
    *, firm: Firm, agent: User, now: datetime, skip: Collection[int] = ()
) -> Offer | None:
    """The call to show this agent: the one they hold (renewed), else the next due call that
    nobody holds, claimed for them. None when nothing is due for them or they are away."""
    membership = _membership(firm, agent)
    _seen(membership, now)
    if not membership.on_duty:
        call_hold_release(firm=firm, agent=agent)
        return None
    held = (
        CallHold.objects.filter(firm=firm, agent=agent)
        .select_related("touch", "touch__lead", "touch__lead__source")
        .first()
    )
    if held is not None:
        # Renewed only if it is still this agent's: an expired hold may have been taken over.
        if (
            held.touch_id not in skip
            and _still_due(held.touch, firm, now)
            and CallHold.objects.filter(pk=held.pk, agent=agent).update(until=now + HOLD)
        ):
            touch = held.touch
            preferred, why = preferred_agents(
                touch=touch, available=agents_available(firm=firm, now=now)
            )
            return Offer(touch, why if agent.pk in preferred else "")
        call_hold_release(firm=firm, agent=agent)
    taken = set(
        CallHold.objects.filter(firm=firm, until__gt=now).values_list("touch_id", flat=True)
    )
    # Deep enough to find a free call past those others hold or this agent skipped.
    queue = call_queue(firm=firm, now=now, limit=CLAIM_DEPTH + len(taken) + len(skip))
    available = agents_available(firm=firm, now=now)
    candidates: list[tuple[tuple[int, int, int], Touch, str]] = []
    for index, touch in enumerate(queue):
        if touch.pk in taken or touch.pk in skip:
            continue
        routed = _routed(touch, agent, available, now)
        if routed is None:
            continue  # waiting a moment for the agents it is routed to
        urgency = getattr(touch, "urgency", 2)
        candidates.append(((urgency, 0 if routed else 1, index), touch, routed))
    candidates.sort(key=lambda c: c[0])
    for _, touch, why in candidates:
        if call_claim(firm=firm, touch=touch, agent=agent, now=now):
            return Offer(touch, why)
    return None


def _still_due(touch: Touch, firm: Firm, now: datetime) -> bool:
    """Whether a held call is still open and may lawfully be made now (as call_queue asks)."""
    if touch.state != TouchState.PLANNED or touch.due_at > now + LOOKAHEAD:
        return False
    allowed, _ = legal_window_open(
        kind="call",
        at=max(now, touch.due_at),
        lead=planner.lead_place(touch.lead),
        rules=planner.firm_rules(firm),
    )
    return allowed


def call_claim(*, firm: Firm, touch: Touch, agent: User, now: datetime) -> bool:
    """Hold this call for the agent; False when another agent holds it. The unique touch of
    the hold decides between two agents claiming at once (the agent's own earlier hold must
    have been released)."""
    try:
        with transaction.atomic():
            # Direct statements: every call an agent takes makes them.
            prepared.execute(
                "DELETE FROM cadences_callhold WHERE touch_id = %s AND until <= %s",
                [touch.pk, connection.ops.adapt_datetimefield_value(now)],
            )
            insert_one(
                CallHold(firm=firm, touch=touch, agent=agent, claimed_at=now, until=now + HOLD)
            )
    except IntegrityError:
        return False
    return True


def call_hold_release(*, firm: Firm | None = None, agent: User) -> None:
    """The agent no longer has a call on screen (skip, away, logout)."""
    holds = CallHold.objects.filter(agent=agent)
    if firm is not None:
        holds = holds.filter(firm=firm)
    holds.delete()


def agent_availability_set(*, firm: Firm, agent: User, available: bool, now: datetime) -> None:
    """Available agents take calls from the queue; away agents get none (and hold none)."""
    Membership.objects.filter(firm=firm, user=agent).update(
        on_duty=available, queue_seen_at=now if available else None
    )
    if not available:
        call_hold_release(firm=firm, agent=agent)


# --- Reads ----------------------------------------------------------------------------------


def holders(*, firm: Firm, now: datetime) -> dict[int, User]:
    """Touch id → the agent who has it on screen now."""
    return {
        h.touch_id: h.agent
        for h in CallHold.objects.filter(firm=firm, until__gt=now).select_related("agent")
    }


def call_due_count(*, firm: Firm, now: datetime) -> int:
    """How many calls are due and lawful now, exactly (the list shows only the first ones).

    Leads in the same place share the answer, so the legal window is asked once per place
    rather than once per call."""
    due = Touch.objects.filter(
        firm=firm,
        channel=TouchChannel.CALL,
        direction=Direction.OUT,
        state=TouchState.PLANNED,
    )
    rules = planner.firm_rules(firm)
    total = 0
    places = (
        due.filter(due_at__lte=now)
        .annotate(area=Substr("lead__phone", 1, 5))
        .values(
            "lead__timezone",
            "lead__timezone_candidates",
            "lead__jurisdiction_state",
            "lead__contact_window",
            "area",
        )
        .annotate(n=Count("id"))
    )
    for place in places:
        # A stand-in lead with what the legal window reads (the area code is the phone's
        # first five characters).
        stand_in = Lead(
            timezone=place["lead__timezone"],
            timezone_candidates=place["lead__timezone_candidates"] or [],
            jurisdiction_state=place["lead__jurisdiction_state"],
            contact_window=place["lead__contact_window"],
            phone=place["area"] or "",
        )
        allowed, _ = legal_window_open(
            kind="call", at=now, lead=planner.lead_place(stand_in), rules=rules
        )
        if allowed:
            total += place["n"]
    for touch in due.filter(due_at__gt=now, due_at__lte=now + LOOKAHEAD).select_related("lead"):
        allowed, _ = legal_window_open(
            kind="call", at=touch.due_at, lead=planner.lead_place(touch.lead), rules=rules
        )
        total += allowed
    return total


@dataclass(frozen=True)
class AgentRow:
    membership: Membership
    available: bool
    touch: Touch | None
    since: datetime | None


def call_queue_team(*, firm: Firm, now: datetime) -> list[AgentRow]:
    """For the manager: each person of the firm, whether they take calls, and the call on
    their screen since when."""
    holds = {
        h.agent_id: h
        for h in CallHold.objects.filter(firm=firm, until__gt=now).select_related(
            "touch", "touch__lead"
        )
    }
    rows = []
    for membership in (
        Membership.objects.filter(firm=firm)
        .select_related("user")
        .order_by("user__first_name", "user__email")
    ):
        hold = holds.get(membership.user_id)
        seen = membership.queue_seen_at
        rows.append(
            AgentRow(
                membership=membership,
                available=membership.on_duty and seen is not None and now - seen < SEEN_WITHIN,
                touch=hold.touch if hold else None,
                since=hold.claimed_at if hold else None,
            )
        )
    return rows
