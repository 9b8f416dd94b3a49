"""The planner: given a lead and the moment, create the touches its cadence now calls for.

It is idempotent and re-entrant: every event (arrival, call outcome, delivery result, inbound
message, status change) calls `plan_lead`, which looks at the steps already in the ledger and
adds the ones whose anchor has happened. Times come from the pure timing function.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from steadfast.cadences.definition import (
    DEFAULT_CADENCE,
    CadenceDefinition,
    Step,
    parse_definition,
    parse_stored_definition,
)
from steadfast.cadences.models import Cadence, Enrollment
from steadfast.compliance import bar
from steadfast.compliance.contact_window import ContactWindow
from steadfast.compliance.models import BarHold
from steadfast.compliance.rules import RuleSet, rules_for
from steadfast.compliance.selectors import (
    ChannelState,
    channel_states_for,
    channel_states_paused,
)
from steadfast.db import prepared
from steadfast.db.bulk import insert_one, insert_returning, insert_rows, insert_values
from steadfast.db.rows import models_read
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import learned_timing
from steadfast.engine.timing import (
    END_OF_DAY,
    ROOM_TO_CALL,
    WEEKDAYS,
    FirmHours,
    LeadPlace,
    Slot,
    add_business_days,
    next_allowed_time,
)
from steadfast.firms.models import Firm
from steadfast.leads.models import ACTIVE_STATUSES, Lead
from steadfast.leads.validation import area_code_of

log = logging.getLogger(__name__)

# A text or email a person sends by hand counts as the cadence's next step on that channel
# when that step is due within this long: the lead does not get two texts minutes apart.
HAND_SENT_COVERS = timedelta(minutes=60)
COVERED = "skipped: covered by"  # how a covered step's failure_note begins
MESSAGE_CHANNELS = (TouchChannel.SMS, TouchChannel.EMAIL)
LIVE_STATES = (TouchState.PLANNED, TouchState.SENDING, TouchState.SENT, TouchState.UNKNOWN)

DONE_STATES = (TouchState.SENT, TouchState.FAILED, TouchState.CANCELLED)
OPEN_STATES = (TouchState.PLANNED, TouchState.SENDING, TouchState.UNKNOWN)
CAP_CLASS = {"call": "call", "voicemail_drop": "call", "sms": "sms", "email": "email"}


# How a touch begins: outbound ones planned (or cancelled, a step a person's own message
# covered), inbound ones received. Every touch the ledger holds is written by `touches_add`.
BORN: dict[str, tuple[str, ...]] = {
    Direction.OUT: (TouchState.PLANNED, TouchState.CANCELLED),
    Direction.IN: (TouchState.RECEIVED,),
}


def touches_add(touches: list[Touch], *, with_ids: bool = True) -> list[Touch]:
    """Write new touches in the caller's transaction: the one way a touch is created.

    Each must begin in a state `BORN` allows for its direction and say why it exists. With
    `with_ids` the rows come back with their ids (bulk_create); without, they are written with
    executemany (`db.bulk.insert_rows`), which a batch of thousands needs."""
    for touch in touches:
        _check_birth(touch.direction, touch.state, touch.reason)
    if not touches:
        return []
    if with_ids:
        # As bulk_create writes them (ids read back), without compiling an INSERT each time:
        # the engine adds a touch or a few at almost every event.
        for touch in touches:
            touch._prepare_related_fields_for_save(operation_name="touches_add")  # type: ignore[attr-defined]
        if len(touches) == 1:
            insert_one(touches[0])
        else:
            insert_returning(touches)
        return touches
    insert_rows(touches)
    return touches


def touch_rows_add(rows: list[dict[str, Any]]) -> None:
    """`touches_add` for touches given as column values (a batch of an import: one
    multi-row INSERT, no model instances)."""
    for row in rows:
        _check_birth(row["direction"], row["state"], row["reason"])
    insert_values(Touch, rows)


def _check_birth(direction: str, state: str, reason: str) -> None:
    if state not in BORN.get(direction, ()):
        raise ValueError(f"a {direction} touch cannot begin {state}")
    if not reason:
        raise ValueError("a touch must say why it exists (reason)")


def touch_add(**fields: Any) -> Touch:
    """`touches_add` for one touch, built from its fields."""
    (touch,) = touches_add([Touch(**fields)])
    return touch


# Firms whose hours a caller has read once and knows unchanged meanwhile (see
# `firm_settings_fixed`): firm id → hours. None everywhere else: each call reads them.
_fixed_hours: ContextVar[Mapping[int, FirmHours] | None] = ContextVar(
    "firm_hours_fixed", default=None
)


@contextmanager
def firm_settings_fixed(firm: Firm) -> Iterator[tuple[FirmHours, RuleSet, bar.BarRuleSet]]:
    """Within this block the firm's hours (closures included) and bar rules are what was read
    on entry: every event the block runs plans without reading them again. Only for a caller
    that knows nothing changes them meanwhile (the simulator: a scenario sets up its firm
    before the first lead arrives); a server reads them with each event."""
    hours = firm_hours(firm)
    token = _fixed_hours.set({**(_fixed_hours.get() or {}), firm.pk: hours})
    try:
        with bar.bar_rules_fixed(firm) as bar_rules:
            yield hours, firm_rules(firm), bar_rules
    finally:
        _fixed_hours.reset(token)


def firm_hours(firm: Firm) -> FirmHours:
    fixed = _fixed_hours.get()
    if fixed is not None and firm.pk in fixed:
        return fixed[firm.pk]
    closures = frozenset(firm.closures.values_list("date", flat=True))
    return FirmHours.from_firm(firm, closures=closures)


def firm_rules(firm: Firm) -> RuleSet:
    return rules_for(firm.compliance_overrides or None)


def lead_place(lead: Lead) -> LeadPlace:
    """Where the lead is for the legal window: the stated state (jurisdiction) and its zones,
    and the phone's area-code state, whose own rule applies too (timing.LeadPlace)."""
    zones = tuple(lead.timezone_candidates) or (lead.timezone,)
    area = area_code_of(lead.phone or "")
    return LeadPlace(
        zones=zones,
        state=lead.jurisdiction_state,
        area_state=area.state,
        area_zones=area.zones,
        window=ContactWindow.from_json(lead.contact_window),
    )


def cadence_for(
    lead: Lead, cadences: list[Cadence] | None = None
) -> tuple[Cadence | None, CadenceDefinition]:
    """The firm's most specific active cadence for this lead, else the default cadence.

    A cadence applies when its practice area and source (if it names them) match the lead's;
    one that names neither applies only if it is the firm's default. More specific wins.
    """

    def applies(c: Cadence) -> bool:
        return (
            (not c.practice_area or c.practice_area == lead.practice_area)
            and (c.source_id is None or c.source_id == lead.source_id)
            and bool(c.practice_area or c.source_id or c.is_default)
        )

    candidates = []
    if cadences is None:
        cadences = list(Cadence.objects.filter(firm_id=lead.firm_id, active=True))
    for cadence in cadences:
        if not applies(cadence):
            continue
        try:
            candidates.append((cadence, parse_definition(cadence.definition)))
        except ValidationError:
            # Stored before the schema refused it (a delay of 999999999d, say): a lead still
            # gets a cadence — the next most specific one — rather than an error.
            log.warning("cadence %s of firm %s is invalid; skipped", cadence.pk, lead.firm_id)
    if not candidates:
        return None, parse_definition(DEFAULT_CADENCE)
    return max(
        candidates,
        key=lambda c: (bool(c[0].practice_area) + bool(c[0].source_id), c[0].is_default, -c[0].pk),
    )


@dataclass
class _Context:
    lead: Lead
    now: datetime
    definition: CadenceDefinition
    hours: FirmHours
    rules: RuleSet
    place: LeadPlace
    states: dict[str, ChannelState]
    by_step: dict[int, Touch]
    touches: list[Touch]
    bar_rules: list[bar.BarRule] = field(default_factory=list)
    held: dict[str, bar.BarRefusal] = field(default_factory=dict)
    replied: bool | None = None  # the person wrote or called in (read when first needed)

    def bar_refusal(self, channel: str) -> bar.BarRefusal | None:
        """The bar rule that keeps a touch on `channel` from this lead now, if any."""
        if not self.bar_rules:
            return None
        if self.replied is None:
            self.replied = bar.person_initiated(self.lead)
        refusal = bar.touch_refusal(
            lead=self.lead,
            channel=channel,
            now=self.now,
            replied=self.replied,
            found=self.bar_rules,
        )
        if refusal is not None:
            self.held.setdefault(refusal.rule.key, refusal)
        return refusal

    def forbidden(self, channel: str) -> bool:
        refusal = self.bar_refusal(channel)
        return refusal is not None and refusal.until is None

    def count(self, cap_class: str) -> int:
        return sum(
            1
            for t in self.touches
            if t.step is not None
            and CAP_CLASS.get(t.channel) == cap_class
            and t.state != TouchState.CANCELLED
        )

    def under_cap(self, channel: str) -> bool:
        cap_class = CAP_CLASS[channel]
        firm_cap = {
            "call": self.lead.firm.max_calls,
            "sms": self.lead.firm.max_texts,
            "email": self.lead.firm.max_emails,
        }[cap_class]
        cap = min(getattr(self.definition.caps, cap_class), firm_cap)
        return self.count(cap_class) < cap

    def recent(self) -> list[datetime]:
        """Calls and texts to this lead, done or planned: the state caps count them all."""
        return [
            t.done_at or t.due_at
            for t in self.touches
            if t.channel in ("call", "voicemail_drop", "sms") and t.state != TouchState.CANCELLED
        ]


def plan_lead(
    *,
    lead: Lead,
    now: datetime,
    firm: tuple[FirmHours, RuleSet, bar.BarRuleSet] | None = None,
) -> list[Touch]:
    """Add the touches whose time has come to be planned. Returns the new planned ones.
    `firm`: the firm's hours, rules and bar rules when the caller has read them (the
    dispatcher, once per claim)."""
    if lead.status not in ACTIVE_STATUSES:
        return []
    states, paused = channel_states_paused(lead=lead)
    if paused:
        return []  # a reply that might be a stop pauses the cadence until a person decides
    # The lead's open enrollment: only its definition is read, parsed once per distinct
    # stored text (parse_stored_definition; a direct statement, at every event).
    enrolled = prepared.execute(
        "SELECT x.definition FROM cadences_enrollment x "
        "WHERE x.lead_id = %s AND x.ended_at IS NULL ORDER BY x.id LIMIT 1",
        [lead.pk],
    ).rows
    if not enrolled:
        return []
    touches = models_read(
        Touch,
        "SELECT {columns} FROM dispatch_touch x WHERE x.lead_id = %s AND x.direction = %s "
        "ORDER BY x.id",
        [lead.pk, Direction.OUT],
    )
    hours, rules, bar_rules = firm or (firm_hours(lead.firm), firm_rules(lead.firm), None)
    ctx = _Context(
        lead=lead,
        now=now,
        definition=parse_stored_definition(enrolled[0][0]),
        hours=hours,
        rules=rules,
        place=lead_place(lead),
        states=states,
        touches=touches,
        by_step=_by_step(touches),
        bar_rules=bar.applicable(lead, bar_rules),
    )
    new = touches_add(_plan(ctx))
    for refusal in ctx.held.values():
        bar.hold(lead=lead, refusal=refusal, now=now)
    return [t for t in new if t.state == TouchState.PLANNED]


def plan_arrivals(*, leads: list[Lead], now: datetime) -> int:
    """`enroll` and `plan_lead` for many new leads at once (an import): the firms' cadences,
    hours and rules and the leads' channel states are read once, the enrollments, touches and
    bar holds written in a statement each. Returns how many touches were planned.

    Leads of a batch that the cadence treats alike get the same touches: the plan is made once
    for each distinct set of what `_plan` reads (the cadence, the firm, where the lead is, who
    started the contact, the practice area, the arrival, the channel states, the bar rules
    over it) and copied to the others with their own lead and address."""
    firms = {lead.firm_id: lead.firm for lead in leads}
    cadences: dict[int, list[Cadence]] = {firm_id: [] for firm_id in firms}
    # A direct statement: every lead that arrives makes it.
    for active in models_read(
        Cadence,
        "SELECT {columns} FROM cadences_cadence x "  # noqa: S608 - placeholders only
        f"WHERE x.firm_id IN ({', '.join(['%s'] * len(firms))}) AND x.active = %s",
        [*firms, True],
    ):
        cadences[active.firm_id].append(active)
    settings = {
        firm_id: (firm_hours(firm), firm_rules(firm), bar.firm_bar_rules(firm))
        for firm_id, firm in firms.items()
    }
    # The cadence depends on the firm, the practice area and the source alone.
    chosen: dict[tuple[int, str, int | None], tuple[Cadence | None, dict[str, Any], Any]] = {}
    enrollments: list[dict[str, Any]] = []
    definitions = []
    for lead in leads:
        which = (lead.firm_id, lead.practice_area, lead.source_id)
        if which not in chosen:
            cadence, definition = cadence_for(lead, cadences[lead.firm_id])
            stored = definition.model_dump(mode="json")
            chosen[which] = (cadence, stored, (which, parse_definition(stored)))
        cadence, stored, definition_key = chosen[which]
        definitions.append(definition_key)
        enrollments.append(
            {
                "firm_id": lead.firm_id,
                "lead_id": lead.pk,
                "cadence_id": cadence.pk if cadence else None,
                "cadence_version": cadence.version if cadence else 1,
                "definition": stored,
                "started_at": now,
            }
        )
    insert_values(Enrollment, enrollments)
    states = channel_states_for(leads=leads)
    plans: dict[tuple[Any, ...], tuple[list[dict[str, Any]], list[bar.BarRefusal]]] = {}
    touches: list[dict[str, Any]] = []
    holds: list[dict[str, Any]] = []
    for lead, (cadence_key, definition) in zip(leads, definitions, strict=True):
        hours, rules, bar_rules = settings[lead.firm_id]
        place = lead_place(lead)
        lead_states = states[lead.pk]
        # Stored in this transaction: no hold of it released yet, no message from them.
        applicable = bar.applicable(lead, bar_rules, released=frozenset())
        key = (
            cadence_key,
            lead.initiated_by,
            lead.arrived_at,
            place,
            tuple(sorted(lead_states.items())),
            tuple(rule.key for rule in applicable),  # the firm's rules: one per key
        )
        plan = plans.get(key)
        if plan is None:
            ctx = _Context(
                lead=lead,
                now=now,
                definition=definition,
                hours=hours,
                rules=rules,
                place=place,
                states=lead_states,
                touches=[],
                by_step={},
                bar_rules=applicable,
                replied=False,
            )
            planned = _plan(ctx)
            plan = ([_touch_values(t) for t in planned], list(ctx.held.values()))
            if definition.timing != "learned" and all(
                t.to_address == _address(lead, t.channel) for t in planned
            ):
                # (A learned call time is drawn anew for each lead.)
                plans[key] = plan
        touches.extend(
            {**row, "lead_id": lead.pk, "to_address": _address(lead, row["channel"])}
            for row in plan[0]
        )
        for refusal in plan[1]:
            holds.append(bar.hold_values(lead=lead, refusal=refusal, now=now))
    touch_rows_add(touches)
    insert_values(BarHold, holds)
    return sum(1 for t in touches if t["state"] == TouchState.PLANNED)


def _address(lead: Lead, channel: str) -> str:
    return lead.email if channel == "email" else lead.phone


_TOUCH_COLUMNS = [f.attname for f in Touch._meta.concrete_fields if not f.primary_key]


def _touch_values(touch: Touch) -> dict[str, Any]:
    return {name: getattr(touch, name) for name in _TOUCH_COLUMNS}


def _plan(ctx: _Context) -> list[Touch]:
    """The touches the cadence calls for now, unsaved: planned ones, and steps recorded as
    skipped because a person's own message covered them. A bar rule that holds a step is
    left in `ctx.held`, for the caller to record for the managers' list."""
    lead, now = ctx.lead, ctx.now
    new: list[Touch] = []
    for step in ctx.definition.steps:
        replaces = ctx.by_step.get(step.n)
        if replaces is not None and not _falls_back(step, replaces, ctx):
            continue
        tried = {t.channel for t in ctx.touches if t.step == step.n}
        channel = _channel_for(step, ctx, exclude=tried)
        if channel is None:
            continue
        timing = _when(step, ctx)
        if timing is None:
            continue
        earliest, why, avoid, day = timing
        waiting = ctx.bar_refusal(channel)
        if waiting is not None and waiting.until is not None and earliest < waiting.until:
            # A waiting period: the written steps start when it ends, keeping their spacing.
            earliest += timedelta(days=waiting.rule.days)
            day = None
            why = f"{why}; {waiting.why}"
        slot = _slot(channel=channel, earliest=max(earliest, now), avoid=avoid, ctx=ctx)
        if day is not None and (slot is None or _local_date(slot.at, ctx) != day.date()):
            # The other side of the day did not fit that day (the window or agent hours had
            # closed): any moment of that day far enough from the first call will do.
            same_day = _slot(channel=channel, earliest=max(day, now), avoid=avoid, ctx=ctx)
            if same_day is not None and _local_date(same_day.at, ctx) == day.date():
                slot = same_day
        if channel == TouchChannel.CALL and ctx.definition.timing == "learned":
            slot = _learned(slot, start=max(day or earliest, now), avoid=avoid, ctx=ctx)
        if slot is None:
            continue
        hand = _hand_sent_before(channel, slot.at, ctx)
        if hand is not None:
            # The person's own message came within the hour before this step: it counts as
            # the step, which is recorded as skipped (later steps anchor on it as done).
            touch = Touch(
                firm_id=lead.firm_id,
                lead=lead,
                channel=channel,
                direction=Direction.OUT,
                step=step.n,
                state=TouchState.CANCELLED,
                due_at=slot.at,
                done_at=hand.due_at,
                reason=_reason(why, slot.reason, replaces=replaces),
                failure_note=_covered_note(hand),
                to_address=hand.to_address,
                template=step.template_for(channel),
                created_at=now,
            )
            ctx.touches.append(touch)
            ctx.by_step[step.n] = touch
            new.append(touch)
            continue
        touch = Touch(
            firm_id=lead.firm_id,
            lead=lead,
            channel=channel,
            direction=Direction.OUT,
            step=step.n,
            state=TouchState.PLANNED,
            due_at=slot.at,
            reason=_reason(why, slot.reason, replaces=replaces),
            to_address=lead.email if channel == "email" else lead.phone,
            template=step.template_for(channel) if channel != "nurture" else "",
            created_at=now,
        )
        ctx.touches.append(touch)
        ctx.by_step[step.n] = touch
        new.append(touch)
    return new


def _covered_note(hand: Touch) -> str:
    who = hand.performed_by.email if hand.performed_by else "a person"
    what = "text" if hand.channel == TouchChannel.SMS else "email"
    return (
        f"{COVERED} the {what} {who} sent by hand (touch #{hand.pk}); "
        f"no automatic {what} within {int(HAND_SENT_COVERS.total_seconds() // 60)} minutes of it"
    )[:300]


def _hand_sent_before(channel: str, at: datetime, ctx: _Context) -> Touch | None:
    """A message a person sent by hand on this channel in the hour before `at`, if any."""
    if channel not in MESSAGE_CHANNELS:
        return None
    for touch in reversed(ctx.touches):
        if (
            touch.step is None
            and touch.performed_by_id is not None
            and touch.channel == channel
            and touch.state in LIVE_STATES
            and touch.due_at <= at <= touch.due_at + HAND_SENT_COVERS
        ):
            return touch
    return None


def steps_covered_by_hand(*, lead: Lead, sent: Touch, now: datetime) -> list[Touch]:
    """A text or email sent by hand to a lead in an active cadence counts as the cadence's
    next step on that channel when that step is due within the hour: that automatic touch is
    skipped, with why. Call under the lead's lock. Returns the skipped touches."""
    if sent.channel not in MESSAGE_CHANNELS or sent.direction != Direction.OUT:
        return []
    if not Enrollment.objects.filter(lead=lead, ended_at__isnull=True).exists():
        return []
    due = (
        Touch.objects.filter(
            lead=lead,
            direction=Direction.OUT,
            channel=sent.channel,
            step__isnull=False,
            state=TouchState.PLANNED,
            due_at__lte=now + HAND_SENT_COVERS,
        )
        .order_by("due_at", "id")
        .first()
    )
    if due is None:
        return []
    note = _covered_note(sent)
    # Conditional: a worker that claimed it already is sending it; it is not skipped then.
    if not Touch.objects.filter(pk=due.pk, state=TouchState.PLANNED).update(
        state=TouchState.CANCELLED, done_at=now, lease_until=None, failure_note=note
    ):
        return []
    due.refresh_from_db()
    return [due]


def _by_step(touches: list[Touch]) -> dict[int, Touch]:
    """Each step's touch: the latest one, unless that was cancelled and another was not (a
    step that fell back to another channel has its cancelled first try too)."""
    found: dict[int, Touch] = {}
    for touch in touches:
        if touch.step is None:
            continue
        before = found.get(touch.step)
        cancelled = TouchState.CANCELLED
        if before is None or before.state == cancelled or touch.state != cancelled:
            found[touch.step] = touch
    return found


def _falls_back(step: Step, cancelled: Touch, ctx: _Context) -> bool:
    """A step that offers two channels ("sms_or_email") and whose touch was cancelled because
    its channel closed (a landline, a carrier opt-out of texts) goes by the other channel.
    A step cancelled for any other reason (it was covered by a message sent by hand, the
    lead's channel is still open) stays done."""
    return (
        cancelled.state == TouchState.CANCELLED
        and not cancelled.failure_note.startswith(COVERED)
        and step.action == "sms_or_email"
        and cancelled.channel in ctx.states
        and not ctx.states[cancelled.channel].open
    )


def _reason(anchor: str, timing: str, *, replaces: Touch | None = None) -> str:
    """'step 1 voicemail + 5m; legal window' — the anchor, then what the rules did to it."""
    if anchor == "arrival":
        text = timing
    else:
        rules = timing.removeprefix("arrival; ").removeprefix("arrival")
        text = f"{anchor}; {rules}".rstrip("; ")
    if replaces is not None:
        why = replaces.failure_note or "cancelled"
        text = f"instead of the {replaces.channel} ({why}); {text}"
    return text[:300]


def _channel_for(step: Step, ctx: _Context, exclude: set[str] | None = None) -> str | None:
    if step.initiated_by and ctx.lead.initiated_by not in step.initiated_by:
        return None  # a step for leads who started the contact another way
    if step.action == "nurture":
        return TouchChannel.NURTURE
    options = ["sms", "email"] if step.action == "sms_or_email" else [step.action]
    for channel in options:
        if exclude and channel in exclude:
            continue
        if ctx.states[channel].open and ctx.under_cap(channel) and not ctx.forbidden(channel):
            return channel
    return None


def _local_date(at: datetime, ctx: _Context) -> date:
    return at.astimezone(ZoneInfo(ctx.place.zones[0])).date()


def _when(step: Step, ctx: _Context) -> tuple[datetime, str, time | None, datetime | None] | None:
    """The earliest moment this step may happen, why, a time of day to stay away from, and —
    for a step in another part of the day — the lead-local start of the day it belongs to."""
    lead = ctx.lead
    if step.start == "arrival":
        anchor, label = lead.arrived_at, "arrival"
    else:
        assert step.of is not None
        earlier = ctx.by_step.get(step.of)
        if earlier is None:
            if step.start == "outcome" or _channel_for(ctx.definition.step(step.of), ctx):
                return None  # the step it follows has not happened yet
            anchor, label = lead.arrived_at, f"arrival (step {step.of} does not apply)"
        elif (
            earlier.state not in DONE_STATES
            or earlier.done_at is None
            or (step.start == "outcome" and earlier.outcome not in step.outcomes)
        ):
            return None
        else:
            anchor = earlier.done_at
            label = (
                f"step {step.of} {earlier.outcome or earlier.state}"
                if step.start == "outcome"
                else f"step {step.of} done"
            )
    earliest = anchor + step.delay_td
    if step.delay_td:
        label += f" + {step.delay}"
    avoid: time | None = None
    day_start: datetime | None = None
    if step.business_days:
        firm_zone = ZoneInfo(ctx.hours.timezone)
        day = add_business_days(ctx.hours, anchor.astimezone(firm_zone).date(), step.business_days)
        label += f" + {step.business_days} business day{'s' if step.business_days > 1 else ''}"
        if step.other_part_of_day:
            lead_zone = ZoneInfo(ctx.place.zones[0])
            first = anchor.astimezone(lead_zone)
            avoid = first.time().replace(second=0, microsecond=0)
            shift = timedelta(hours=6) if first.hour < 13 else timedelta(hours=-6)
            target = _room_to_call(
                datetime.combine(day, avoid, lead_zone) + shift,
                other_part_from=datetime.combine(day, avoid, lead_zone) + OTHER_PART,
                hours=ctx.hours,
            )
            earliest = max(earliest, target)
            day_start = datetime.combine(day, time(0), lead_zone)
            label += f", other part of the day than {avoid:%H:%M} lead-local"
        else:
            earliest = max(
                earliest, datetime.combine(day, anchor.astimezone(firm_zone).time(), firm_zone)
            )
    return earliest, label, avoid, day_start


def _learned(
    fixed: Slot | None, *, start: datetime, avoid: time | None, ctx: _Context
) -> Slot | None:
    """A second or later call under learned timing: the hour of its day where this firm's
    leads answer most (learned_timing.py). The first call goes at once, as in the fixed rule."""
    earlier = sum(
        1
        for t in ctx.touches
        if t.channel == TouchChannel.CALL and t.step is not None and t.state != TouchState.CANCELLED
    )
    if not earlier:
        return fixed
    learned = learned_timing.learned_slot(
        firm=ctx.lead.firm,
        source=ctx.lead.source.name if ctx.lead.source_id else "",
        attempt=earlier + 1,
        place=ctx.place,
        hours=ctx.hours,
        rules=ctx.rules,
        recent=ctx.recent(),
        avoid=avoid,
        start=start,
        fixed=fixed,
        now=ctx.now,
    )
    return learned or fixed


# A call planned for "another part of the day" keeps this far from the earlier call's time of
# day, and lands no later than ROOM_TO_CALL before the agents leave: a call due two minutes
# before closing is a call made the next morning.
OTHER_PART = timedelta(hours=3)


def _room_to_call(target: datetime, *, other_part_from: datetime, hours: FirmHours) -> datetime:
    """`target`, moved earlier when it falls in the agents' last half hour of that day (but
    never closer than OTHER_PART to the earlier call's time of day)."""
    firm_zone = ZoneInfo(hours.timezone)
    local = target.astimezone(firm_zone)
    span = hours.business_hours.get(WEEKDAYS[local.weekday()])
    if span is None or span[1] == END_OF_DAY:
        return target
    closes = datetime.combine(local.date(), span[1], firm_zone)
    if not closes - ROOM_TO_CALL < target < closes:
        return target
    return max(closes - ROOM_TO_CALL, other_part_from)


def _slot(*, channel: str, earliest: datetime, avoid: time | None, ctx: _Context) -> Slot | None:
    if channel == TouchChannel.NURTURE:
        return Slot(at=earliest, reason="end of the active phase")
    return next_allowed_time(
        kind=channel,
        earliest=earliest,
        lead=ctx.place,
        firm=ctx.hours,
        rules=ctx.rules,
        recent=ctx.recent(),
        avoid_near=avoid,
    )
