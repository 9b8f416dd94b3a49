"""`steadfast simulate`: the real engine on a virtual clock, with simulated people.

The planner, the ledger, the worker step (`dispatch_one_batch`), the compliance checks and the
event functions are the production ones. Only the outside world is simulated: a provider that
reports deliveries and bounces as the scenario says, agents who take due calls from the queue
during business hours, and leads who answer, reply or never respond.
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import QuerySet
from django.db.models.sql.constants import GET_ITERATOR_CHUNK_SIZE

from steadfast import clock
from steadfast.cadences.definition import DEFAULT_CADENCE, parse_duration
from steadfast.cadences.models import Cadence
from steadfast.cadences.scenario import LeadSpec, Scenario, parse_instant, population
from steadfast.channels import providers
from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, SendResult
from steadfast.compliance import bar
from steadfast.compliance.models import BarHold, BarRuleSettings
from steadfast.compliance.rules import RuleSet
from steadfast.db import prepared, rows
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.engine import events as engine
from steadfast.engine import learned_timing, planner
from steadfast.engine.call_queue import call_claim
from steadfast.engine.dispatcher import FirmMemo, dispatch_one_batch, next_due_at
from steadfast.engine.events import lead_arrive
from steadfast.engine.timing import (
    FirmHours,
    LeadPlace,
    Slot,
    agent_hours_open,
    next_allowed_time,
)
from steadfast.firms.models import Firm, Membership, Role, User
from steadfast.leads.models import Lead, LeadSource, SourceKind, StatusChange
from steadfast.leads.services import LeadInput, source_create

CALL_MINUTES = {"connected": 15, "voicemail": 3}
MAX_STEPS = 100_000
SLOTS_KEPT = 100_000  # calling windows and starts remembered (Simulation._window, _call_start)
# How many calling windows a call's start looks through for one in which the agent, who takes
# agent_delay to start, is still inside it (a window shorter than the delay never fits).
WINDOWS_TRIED = 30
# What the report prints of a touch.
REPORTED_TOUCH_FIELDS = (
    "lead_id",
    "done_at",
    "due_at",
    "channel",
    "direction",
    "step",
    "outcome",
    "state",
    "reason",
    "subject",
)
# What planner.lead_place reads of a lead: the agents' queue reads these with each call.
LEAD_PLACE_FIELDS = (
    "timezone_candidates",
    "timezone",
    "jurisdiction_state",
    "phone",
    "contact_window",
)
JSON_PLACE_FIELDS = tuple(
    name
    for name in LEAD_PLACE_FIELDS
    if Lead._meta.get_field(name).get_internal_type() == "JSONField"
)


@dataclass(order=True)
class _Event:
    at: datetime
    seq: int
    action: Callable[[], None] = field(compare=False)


ORIGIN_KINDS = {
    "firm": SourceKind.WEB_FORM,
    "staff": SourceKind.MANUAL,
    "vendor_named": SourceKind.API,
    "vendor": SourceKind.API,
}


class Simulation:
    # The consent wording of a simulated lead, unless its scenario gives one: it names the firm
    # ("{firm}"), except for a lead from a vendor whose wording does not (origin: vendor).
    consent_text = "I agree to be contacted by {firm} by phone, text and email about my inquiry."
    generic_consent_text = "I agree to be contacted by a lawyer about my inquiry."
    # Leads of one source name that came different ways (origin) get a source each.
    source_per_origin = True

    def __init__(
        self,
        scenario: Scenario,
        *,
        timing: str | None = None,
        seed: int | None = None,
        keep: bool = True,
    ) -> None:
        """timing: "fixed" or "learned" overrides the cadence's own; seed overrides the
        scenario's (none at all: a random one); keep=False leaves nothing in the database."""
        self.scenario = scenario
        self.timing = timing
        if seed is None:
            seed = (
                scenario.seed
                if scenario.seed is not None
                else random.SystemRandom().getrandbits(31)
            )
        self.seed = seed
        self.keep = keep
        self.population = population(scenario, random.Random(seed))
        self.start = scenario.start_at()
        self.until = scenario.until_at()
        self.now = self.start
        self.events: list[_Event] = []
        self.seq = itertools.count()
        self.ids = itertools.count(1)
        self.leads: dict[str, Lead] = {}
        self.specs: dict[int, LeadSpec] = {}
        self.reached: dict[tuple[int, str], list[datetime]] = {}
        self.agents_free: list[datetime] = []
        self.dials: list[tuple[int, int, datetime]] = []  # (lead, agent, when) of each call
        self.agents: list[User] = []
        # Who is behind each phone number and email address, for the simulated provider.
        self.by_address: dict[str, LeadSpec] = {}
        self.agent_delay = parse_duration(scenario.firm.agent_delay)
        self.places: dict[tuple[Any, ...], LeadPlace] = {}
        self.due_times: dict[Any, datetime] = {}
        self.slots: dict[tuple[datetime, LeadPlace], Slot | None] = {}  # _window's
        self.starts: dict[tuple[datetime, LeadPlace], datetime | None] = {}  # _call_start's
        # Touch → the instant from which the agents look at the call again: a start that failed
        # (the window closed while an agent got to it), or a call first seen after its start.
        self.waits_from: dict[int, datetime] = {}
        self.queue: _Compiled | None = None  # the agents' queue (_next_call)
        # The last instant asked of _agents_open, and its answer.
        self.opening: tuple[datetime, datetime] | None = None
        self.alert_queue: _Compiled  # its alert calls
        self.sources: dict[tuple[str, str], LeadSource] = {}
        # engine.next_due_at, with the database generation it was read at (see _next_due).
        self.due: tuple[int | None, datetime | None] | None = None
        self.calls_made: dict[int, int] = {}  # lead → calls logged (the sim's agents make all)
        # The worker step's memo of the firm and its templates, kept for the run: nothing in
        # a scenario changes them.
        self.firms = FirmMemo(kept=True)
        self.firm: Firm
        self.hours: FirmHours
        self.rules: RuleSet

    # --- the outside world ------------------------------------------------------------------

    def at(self, when: datetime, action: Callable[[], None]) -> None:
        heapq.heappush(self.events, _Event(when, next(self.seq), action))

    def provider(self, firm: Firm) -> SimulatedProvider:
        return SimulatedProvider(self)

    def reach(self, lead_id: int, channel: str, when: datetime) -> None:
        """A touch on `channel` reached the lead: replies anchored on it are scheduled."""
        spec = self.specs.get(lead_id)
        if spec is None:
            # A lead outside this scenario: an earlier run's, in the same database (its nurture
            # emails are planned weeks ahead). The worker step sends it; nobody here answers.
            return
        times = self.reached.setdefault((lead_id, channel), [])
        times.append(when)
        for i, reply in enumerate(spec.behavior.replies):
            anchor = reply.anchor()
            if isinstance(anchor, tuple) and anchor[0] == channel and anchor[1] == len(times):
                self._schedule_reply(lead_id, i, when + anchor[2])

    def _schedule_reply(self, lead_id: int, index: int, when: datetime) -> None:
        spec = self.specs[lead_id]
        reply = spec.behavior.replies[index]

        def send() -> None:
            # The lead's address as it is now (a direct statement: every reply reads it).
            ((email, phone),) = prepared.execute(
                "SELECT email, phone FROM leads_lead WHERE id = %s", [lead_id]
            ).rows
            sender = email if reply.channel == "email" else phone
            if not sender:
                return
            engine.inbound_message(
                firm=self.firm,
                channel=reply.channel,
                from_address=sender,
                to_address=self.firm.phone,
                body=reply.text,
                provider="sim",
                provider_id=f"{self.firm.slug}-in-{lead_id}-{index}",
                now=self.now,
            )

        self.at(when, send)

    # --- setup ------------------------------------------------------------------------------

    def setup(self) -> None:
        spec = self.scenario.firm
        self.firm = Firm.objects.create(
            name=spec.name,
            slug=f"sim-{Firm.objects.count() + 1}",
            timezone=spec.timezone,
            business_hours=spec.weekly_hours(),
            holiday_calendars=spec.holidays,
            states=[s.upper() for s in spec.states],
            phone="+13125550100",
            email="intake@firm.example",
            address_line1=spec.address,
        )
        if spec.bar_rules:
            BarRuleSettings.objects.create(
                firm=self.firm, overrides=spec.bar_rules, updated_at=self.now
            )
        # Nothing in a scenario changes the firm's hours or rules once it is set up.
        self.hours, self.rules = planner.firm_hours(self.firm), planner.firm_rules(self.firm)
        for n in range(spec.agents):
            user = User.objects.create_user(f"agent{n + 1}@{self.firm.slug}.example", None)
            Membership.objects.create(firm=self.firm, user=user, role=Role.AGENT)
            self.agents.append(user)
            self.agents_free.append(self.start)
        if self.scenario.cadence != "default":
            definition = self.scenario.cadence.model_dump(mode="json")
        else:
            definition = DEFAULT_CADENCE
        if self.timing is not None:
            definition = {**definition, "timing": self.timing}
        Cadence.objects.create(
            firm=self.firm,
            name=str(definition.get("name", "Scenario")),
            is_default=True,
            definition=definition,
        )
        for spec_lead in self.population:
            assert isinstance(spec_lead.arrives, str)  # a population is expanded already
            arrives = parse_instant(
                spec_lead.arrives, zone=spec.timezone, base=self.start, field="arrives"
            )
            self.at(arrives, functools.partial(self._arrive, spec_lead))

    def _source(self, name: str, kind: str = SourceKind.API) -> LeadSource:
        # Only this simulation makes its firm's sources: one found is found for good.
        if (name, kind) not in self.sources:
            self.sources[name, kind] = self._find_source(name, kind)
        return self.sources[name, kind]

    def _find_source(self, name: str, kind: str) -> LeadSource:
        existing = LeadSource.objects.filter(firm=self.firm, name=name).first()
        if existing and existing.kind != kind and self.source_per_origin:
            # The same name for leads that came different ways: a source per way.
            name = f"{name} ({SourceKind(kind).label})"
            existing = LeadSource.objects.filter(firm=self.firm, name=name).first()
        if existing:
            return existing
        return source_create(
            firm=self.firm, name=name, kind=kind, cost_per_lead=Decimal(0), now=self.now
        )[0]

    def _consent_text(self, spec: LeadSpec) -> str:
        if spec.consent_text is not None:
            return spec.consent_text
        wording = self.generic_consent_text if spec.origin == "vendor" else self.consent_text
        return wording.replace("{firm}", self.firm.name)

    def _arrive(self, spec: LeadSpec) -> None:
        intake = lead_arrive(
            source=self._source(spec.source, ORIGIN_KINDS[spec.origin]),
            now=self.now,
            data=LeadInput(
                first_name=spec.first_name,
                last_name=spec.last_name,
                phone=spec.phone,
                email=spec.email,
                state=spec.state,
                zip=spec.zip,
                practice_area=spec.practice_area,
                message=spec.message,
                external_id=spec.ref,
                consent={c: True for c in spec.consent},
                consent_text=self._consent_text(spec),
            ),
        )
        self.leads[spec.ref] = intake.lead
        self.specs[intake.lead.pk] = spec
        for address in (intake.lead.phone, intake.lead.email):
            if address:
                self.by_address[address] = spec
        for i, reply in enumerate(spec.behavior.replies):
            anchor = reply.anchor()
            if isinstance(anchor, timedelta):
                self._schedule_reply(intake.lead.pk, i, self.now + anchor)

    # --- agents -----------------------------------------------------------------------------

    def _next_call(self, before: datetime | None = None) -> tuple[datetime, int] | None:
        """When an agent will next start a call, and which one (the touch's id). `before`: the
        next instant something else happens (an event, a due touch); None is returned without
        reading the queue when no call can start by then, as the step then ends there and
        makes no call (at night, say).

        An idle agent starts a call agent_delay after the later of its due time and the moment
        the agent became free, inside a calling window (_call_start). That start is fixed: the
        simulation's other events (arrivals, sends, receipts, each a step of the loop) do not
        move it, so calls are placed on time however busy the rest of the firm is."""
        if not self.agents_free:
            return None
        free = min(self.agents_free)
        if self.queue is None:
            # Through the partial index of planned calls, in due order (the worker's index of
            # all planned touches made every read skip the texts and emails planned weeks
            # ahead); read only as far as the first touch that cannot start sooner.
            self.queue = _Compiled(queue_sql(alerts=False), [self.firm.pk])
            self.alert_queue = _Compiled(queue_sql(alerts=True), [self.firm.pk])
        # No call starts before the agents' next opening. Once the best so far starts then,
        # only an alert call (it wins a tie) could take its place: the rest of the queue is
        # read for those alone. At night and at weekends, when hundreds of calls wait for the
        # morning, that ends the read after the first few. A start is never before now
        # (_best_call) and is agent_delay after an instant inside agent hours, so that instant
        # is not before now - agent_delay, nor before the agent is free.
        opening = self._agents_open(max(self.now - self.agent_delay, free))
        floor = opening + self.agent_delay if opening is not None else None
        if before is not None and floor is not None and floor > before:
            return None
        best = self._best_call(self.queue.raw_rows(), None, free, floor)
        if best is not None and best[0] == floor and not best[1]:
            best = self._best_call(self.alert_queue.raw_rows(), best, free, None)
        return (best[0], best[2]) if best is not None else None

    def _agents_open(self, at: datetime) -> datetime | None:
        """agent_hours_open(self.hours, at), asked at every step: from an instant up to the
        opening found for it nothing is open, so the same opening answers every instant
        between the two (all night long, say) without computing it again."""
        known = self.opening
        if known is not None and known[0] <= at <= known[1]:
            return known[1]
        opening = agent_hours_open(self.hours, at)
        self.opening = (at, opening) if opening is not None else None
        return opening

    def _best_call(
        self,
        rows: Iterator[tuple[Any, ...]],
        best: tuple[datetime, bool, int] | None,  # start, alert, touch id
        free: datetime,
        floor: datetime | None,
    ) -> tuple[datetime, bool, int] | None:
        """The call of `rows` (in due order) that starts first, an alert one winning a tie;
        stops at a call starting at `floor`, when nothing can start sooner."""
        for touch_id, due_value, alert, *where in rows:
            due_at = self._due_at(due_value)
            if best is not None and due_at + self.agent_delay > best[0]:
                break  # no later touch can start sooner (a start is never before its due time)
            earliest = max(due_at, free, self.waits_from.get(touch_id, due_at))
            if best is not None and (
                earliest + self.agent_delay > best[0]
                or (earliest + self.agent_delay == best[0] and alert <= best[1])
            ):
                continue  # cannot beat the best one so far (a start is never before earliest)
            place = self._place(where)
            start = self._call_start(earliest, place)
            if start is not None and start < self.now:
                # Seen only after its start had passed (its lead's place changed, say): the
                # agents take it from now, and from now on.
                self.waits_from[touch_id] = self.now
                start = self._call_start(self.now, place)
            if start is None:
                continue
            if best is None or start < best[0] or (start == best[0] and alert > best[1]):
                best = (start, alert, touch_id)
                if start == floor:
                    break
        return best

    def _call_start(self, earliest: datetime, place: LeadPlace) -> datetime | None:
        """When an agent free from `earliest` starts the call: agent_delay after the first
        moment its calling window (agent hours and the lead's legal window) allows, if the
        window still allows the call then; if it has closed meanwhile (due at 17:59, hours
        until 18:00), agent_delay after it opens again. None: no window ahead. Computed once
        per earliest instant and place: it depends on nothing else (the firm's hours and rules
        are fixed for the run)."""
        key = (earliest, place)
        if key in self.starts:
            return self.starts[key]
        if len(self.starts) >= SLOTS_KEPT:
            self.starts.clear()
        start = None
        slot = self._window(earliest, place)
        for _ in range(WINDOWS_TRIED):
            if slot is None:
                break
            at = slot.at + self.agent_delay
            slot = self._window(at, place)
            if slot is not None and slot.at == at:
                start = at
                break
        self.starts[key] = start
        return start

    def _window(self, earliest: datetime, place: LeadPlace) -> Slot | None:
        """next_allowed_time of a call from `earliest`, for the agents' queue: computed once
        per instant and place, as it depends on nothing else (the firm's hours and rules are
        fixed for the run)."""
        key = (earliest, place)
        if key not in self.slots:
            if len(self.slots) >= SLOTS_KEPT:
                self.slots.clear()
            self.slots[key] = next_allowed_time(
                kind="call", earliest=earliest, lead=place, firm=self.hours, rules=self.rules
            )
        return self.slots[key]

    def _due_at(self, value: Any) -> datetime:
        """A due time as the queue's statement returns it (SQLite: naive UTC, often the same
        few values), read once per distinct value."""
        due_at = self.due_times.get(value)
        if due_at is None:
            due_at = _aware(value)
            self.due_times[value] = due_at
        return due_at

    def _place(self, where: list[Any]) -> LeadPlace:
        """planner.lead_place of a lead with these LEAD_PLACE_FIELDS as the database returns them
        (JSON as its text on SQLite), computed once per distinct value (a lead's place changes
        only when those fields do)."""
        key = tuple(
            json.dumps(v, sort_keys=True) if isinstance(v, dict | list) else v for v in where
        )
        place = self.places.get(key)
        if place is None:
            values = dict(zip(LEAD_PLACE_FIELDS, where, strict=True))
            for name in JSON_PLACE_FIELDS:
                if isinstance(values[name], str):
                    values[name] = json.loads(values[name])
            place = planner.lead_place(Lead(**values))
            self.places[key] = place
        return place

    def _make_call(self, touch_id: int) -> None:
        touch = _touch_with_lead(touch_id)
        if touch.state != TouchState.PLANNED:
            return
        # Computed afresh, not taken from _window: the calling window is checked anew at
        # every call an agent makes.
        slot = next_allowed_time(
            kind="call",
            earliest=self.now,
            lead=planner.lead_place(touch.lead),
            firm=self.hours,
            rules=self.rules,
        )
        if slot is None or slot.at != self.now:
            # The window closed while the agent got to it (the lead's place changed since the
            # queue was read): it waits for the next one.
            self.waits_from[touch_id] = self.now
            return
        spec = self.specs[touch.lead_id]
        number = self.calls_made.get(touch.lead_id, 0) + 1
        outcome = self.call_outcome(touch, spec, number)
        agent_index = self.agents_free.index(min(self.agents_free))
        agent = self.agents[agent_index]
        # The agent takes the call from the shared queue as a person does: held for them
        # (and released by the outcome), never dialled while another agent holds it.
        if not call_claim(firm=self.firm, touch=touch, agent=agent, now=self.now):
            self.waits_from[touch_id] = self.now  # held by someone else: looked at again later
            return
        self.dials.append((touch.lead_id, agent.pk, self.now))
        engine.call_outcome_log(touch=touch, outcome=outcome, now=self.now, actor=agent)
        self.calls_made[touch.lead_id] = number
        self.agents_free[agent_index] = self.now + timedelta(minutes=CALL_MINUTES.get(outcome, 1))
        if outcome in ("connected", "voicemail", "no_answer"):
            self.reach(touch.lead_id, "call", self.now)

    def call_outcome(self, touch: Touch, spec: LeadSpec, number: int) -> str:
        """What happens on the lead's `number`-th call, as the scenario says."""
        behavior = spec.behavior
        if behavior.phone == "disconnected":
            return "disconnected"
        if behavior.phone == "wrong_person":
            return "wrong_person"
        if behavior.answer_probability is not None:
            local = self.now.astimezone(ZoneInfo(touch.lead.timezone))
            # One draw per lead and call number: every timing mode meets the same coin.
            draw = random.Random(f"{self.seed}:{spec.ref}:{number}").random()
            if draw < behavior.answer_chance(local):
                return "connected"
        elif number in behavior.answers:
            return "connected"
        return "voicemail" if behavior.voicemail else "no_answer"

    # --- the loop ---------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        return self._run(self.report)

    def _run(self, result: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        previous_provider, previous_rng = providers.override, learned_timing.rng
        providers.override = self.provider
        learned_timing.reset()
        learned_timing.rng = random.Random(self.seed)
        try:
            with clock.using(lambda: self.now), transaction.atomic():
                self.setup()
                # Nothing in a scenario changes the firm's hours or rules once it is set up:
                # the engine's events read them once for the whole run.
                with planner.firm_settings_fixed(self.firm):
                    self._loop()
                out = result()
                if not self.keep:
                    transaction.set_rollback(True)
                return out
        finally:
            providers.override, learned_timing.rng = previous_provider, previous_rng
            learned_timing.reset()

    def measure(self) -> dict[str, Any]:
        """Run, and return per lead what a comparison of timings needs (nothing is kept)."""
        self.keep = False
        return self._run(self.outcomes)

    def outcomes(self) -> dict[str, Any]:
        """Per lead: minutes from arrival to first contact (an answered call or a reply; None
        if never) and how many calls had been made by then; and the calls made in all."""
        arrived = dict(Lead.objects.filter(firm=self.firm).values_list("id", "arrived_at"))
        calls: dict[int, list[tuple[datetime, bool]]] = {}
        for lead_id, done_at, outcome in (
            Touch.objects.filter(
                firm=self.firm,
                channel=TouchChannel.CALL,
                direction=Direction.OUT,
                state=TouchState.SENT,
            )
            .order_by("done_at", "id")
            .values_list("lead_id", "done_at", "outcome")
        ):
            if done_at is not None:
                calls.setdefault(lead_id, []).append((done_at, outcome == "connected"))
        replies: dict[int, datetime] = {}
        for lead_id, at in (
            Touch.objects.filter(
                firm=self.firm, direction=Direction.IN, channel__in=("sms", "email")
            )
            .exclude(outcome="opted_out")
            .order_by("done_at", "id")
            .values_list("lead_id", "done_at")
        ):
            if at is not None:
                replies.setdefault(lead_id, at)
        leads = []
        for lead_id, arrival in arrived.items():
            made = calls.get(lead_id, [])
            contact = next((at for at, answered in made if answered), None)
            reply = replies.get(lead_id)
            if reply is not None and (contact is None or reply < contact):
                contact = reply
            by_call = (
                max(1, sum(1 for at, _ in made if at <= contact)) if contact is not None else None
            )
            minutes = (contact - arrival).total_seconds() / 60 if contact is not None else None
            leads.append({"by_call": by_call, "minutes": minutes, "calls": len(made)})
        return {"leads": leads, "calls": sum(len(v) for v in calls.values())}

    def _next_due(self) -> datetime | None:
        """engine.next_due_at, read again only when the database changed since."""
        generation = _generation()
        if self.due is None or generation is None or self.due[0] != generation:
            self.due = (generation, next_due_at())
        return self.due[1]

    def _loop(self) -> None:
        for _ in range(MAX_STEPS):
            candidates: list[datetime] = []
            if self.events:
                candidates.append(self.events[0].at)
            due = self._next_due()
            if due is not None:
                candidates.append(max(due, self.now))
            call = self._next_call(before=min(candidates, default=None))
            if call is not None:
                candidates.append(call[0])
            if not candidates:
                return
            when = min(candidates)
            if when > self.until:
                return
            self.now = max(self.now, when)
            while self.events and self.events[0].at <= self.now:
                heapq.heappop(self.events).action()
            # The worker's step while anything is due (next_due_at covers every touch a claim
            # can take: nothing is due once it is later than now).
            due = self._next_due()
            while (
                due is not None
                and due <= self.now
                and dispatch_one_batch(now=self.now, firms=self.firms)
            ):
                due = self._next_due()
            if call is not None and call[0] <= self.now:
                self._make_call(call[1])
        raise RuntimeError("the simulation did not settle; is the scenario looping?")

    # --- output -----------------------------------------------------------------------------

    def report(self) -> dict[str, Any]:
        firm_zone = ZoneInfo(self.firm.timezone)
        out = []
        summary: dict[str, int] = {
            "leads": 0,
            "engaged": 0,
            "nurture": 0,
            "invalid": 0,
            "opted_out": 0,
        }
        # Each kind of row read once for all the leads, grouped by lead in the same order; of
        # the touches, status changes and holds only the columns printed (a touch's content,
        # an email's whole text, is not).
        of_firm = {"lead__firm": self.firm}
        leads = Lead.objects.filter(firm=self.firm).select_related("firm").in_bulk()
        touches = _by_lead(
            Touch.objects.filter(**of_firm)
            .exclude(state__in=[TouchState.PLANNED, TouchState.CANCELLED])
            .exclude(channel=TouchChannel.NURTURE)
            .order_by("done_at", "id")
            .values_list(*REPORTED_TOUCH_FIELDS, named=True)
        )
        changes = _by_lead(
            StatusChange.objects.filter(**of_firm)
            .order_by("at", "id")
            .values_list("lead_id", "at", "to_status", named=True)
        )
        holds = _by_lead(
            BarHold.objects.filter(**of_firm)
            .order_by("created_at", "id")
            .values_list("lead_id", "rule", "why", "until", named=True)
        )
        bar_rules = bar.firm_bar_rules(self.firm)
        for spec in self.population:
            arrived = self.leads.get(spec.ref)
            if arrived is None:
                continue  # arrives after `until`
            lead = leads[arrived.pk]
            lead_zone = ZoneInfo(lead.timezone)
            entries = []
            for t in touches.get(lead.pk, []):
                when = t.done_at or t.due_at
                entry = {
                    "at": when.astimezone(firm_zone).isoformat(),
                    "lead_local": when.astimezone(lead_zone).isoformat(),
                    "channel": t.channel,
                    "direction": t.direction,
                    "step": t.step,
                    "outcome": t.outcome or ("sent" if t.state == TouchState.SENT else t.state),
                    "rule": t.reason,
                }
                if t.channel == TouchChannel.EMAIL and t.direction == Direction.OUT:
                    entry["subject"] = t.subject  # as sent, with any label a bar rule requires
                entries.append(entry)
            out.append(
                {
                    "ref": spec.ref,
                    "id": lead.pk,
                    "status": lead.status,
                    "status_reason": lead.status_reason or None,
                    "status_history": [
                        {"at": c.at.astimezone(firm_zone).isoformat(), "status": c.to_status}
                        for c in changes.get(lead.pk, [])
                    ],
                    "touches": entries,
                    "initiated_by": lead.initiated_by,
                    "newsletter": _newsletter(lead, bar_rules),
                    "held": [
                        {
                            "rule": h.rule,
                            "why": h.why,
                            "until": h.until.astimezone(firm_zone).isoformat() if h.until else None,
                        }
                        for h in holds.get(lead.pk, [])
                    ],
                }
            )
            summary["leads"] += 1
            summary[lead.status] = summary.get(lead.status, 0) + 1
        return {"leads": out, "summary": summary}


# The agents' queue: the firm's planned calls in the order of the touch_calls_due index, with
# what planner.lead_place reads of each lead (LEAD_PLACE_FIELDS). The index's condition is
# written in (prepared.constants): SQLite would plan the statement again at every step.
_QUEUE_SQL = prepared.constants(
    "SELECT t.id, t.due_at, t.alert, "  # noqa: S608 - names of the model's columns
    + ", ".join(f"l.{Lead._meta.get_field(name).column}" for name in LEAD_PLACE_FIELDS)  # type: ignore[union-attr]
    + " FROM dispatch_touch t JOIN leads_lead l ON l.id = t.lead_id"
    " WHERE t.channel = %(call)s AND t.direction = %(out)s AND t.firm_id = %s"
    " AND t.state = %(planned)s {alert}ORDER BY t.due_at, t.id",
    call=TouchChannel.CALL,
    out=Direction.OUT,
    planned=TouchState.PLANNED,
)


def queue_sql(*, alerts: bool) -> str:
    """The agents' queue (one placeholder: the firm), or its alert calls alone, read through
    their own index (touch_alert_calls_due): overdue calls can pile up by thousands in a long
    run, and the look for an alert at every step read them all. SQLite sees the index's
    condition implied only in the form Django wrote it ("alert" = 1)."""
    if not alerts:
        return _QUEUE_SQL.format(alert="")
    return _QUEUE_SQL.format(
        alert="AND t.alert = 1 " if connection.vendor == "sqlite" else "AND t.alert "
    )


class _Compiled:
    """A statement the loop runs at every step."""

    def __init__(self, sql: str, params: list[Any]) -> None:
        self.db = DEFAULT_DB_ALIAS
        self.sql, self.params = sql, params

    def raw_rows(self) -> Iterator[tuple[Any, ...]]:
        """The rows as the database returns them, without Django's conversions (a loop that
        reads many rows converts only the values it uses, once each)."""
        wrapper = connections[self.db]
        direct = getattr(wrapper, "cursor_direct", None)  # SQLite (steadfast.db.sqlite3)
        if direct is not None:
            with wrapper.wrap_database_errors:
                cursor = direct(self.sql, self.params)
            if cursor is not None:
                yield from _chunks(cursor, wrapper)
                return
        with wrapper.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            yield from _chunks(cursor, wrapper)


def _chunks(cursor: Any, wrapper: Any) -> Iterator[tuple[Any, ...]]:
    # Small chunks first: the loop usually stops after a few rows.
    size = 8
    while True:
        with wrapper.wrap_database_errors:
            chunk = cursor.fetchmany(size)
        if not chunk:
            return
        yield from chunk
        size = min(size * 4, GET_ITERATOR_CHUNK_SIZE)


def _touch_with_lead(touch_id: int) -> Touch:
    """The touch with its lead, as select_related("lead").get() reads them, in one direct
    statement (an agent's every call reads one)."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    touches, leads = rows.reader(wrapper, Touch, "t"), rows.reader(wrapper, Lead, "l")
    (row,) = prepared.execute(
        f"SELECT {touches.columns}, {leads.columns} FROM dispatch_touch t "  # noqa: S608 - columns of the models
        "JOIN leads_lead l ON l.id = t.lead_id WHERE t.id = %s",
        [touch_id],
    ).rows
    touch = touches.model(row, 0, wrapper)
    Touch.lead.field.set_cached_value(touch, leads.model(row, touches.width, wrapper))
    return touch


def _aware(value: Any) -> datetime:
    """A datetime column as a raw query returns it: SQLite gives naive UTC (text, or a
    datetime where it knows the column's type), PostgreSQL an aware datetime."""
    read = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return read if read.tzinfo is not None else read.replace(tzinfo=UTC)


def _generation() -> int | None:
    """A number that changes whenever the database does: SQLite counts every row written on
    the connection (a simulation's in-memory database has only this one). None elsewhere."""
    if connection.vendor != "sqlite":
        return None
    connection.ensure_connection()
    return connection.connection.total_changes


def _by_lead(rows: QuerySet[Any, Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.lead_id, []).append(row)
    return grouped


def _newsletter(lead: Lead, rules: bar.BarRuleSet) -> dict[str, Any]:
    """Whether the nurture newsletter may go to the lead under the bar rules, and why not."""
    refused = bar.newsletter_allowed(lead, rules)
    return {"allowed": refused is None, "why": refused.message if refused else None}


# The touch a simulated provider id belongs to (the touch_provider_id index), in the ledger's
# order as Touch.objects…first() reads it.
_SENT_BY = (
    "SELECT lead_id, channel FROM dispatch_touch WHERE provider = %s AND provider_id = %s "
    "ORDER BY due_at, id LIMIT 1"
)


class SimulatedProvider:
    """Accepts every send and reports, a few seconds later, what the scenario says happened."""

    name = "sim"

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim

    def _later(self, delay: timedelta, provider_id: str, status: str, code: str = "") -> None:
        def report() -> None:
            engine.delivery_status(
                provider="sim", provider_id=provider_id, status=status, code=code, now=self.sim.now
            )
            if status == "delivered":
                found = prepared.execute(_SENT_BY, ["sim", provider_id]).rows
                if found:
                    self.sim.reach(found[0][0], found[0][1], self.sim.now)

        self.sim.at(self.sim.now + delay, report)

    def _spec(self, to: str) -> LeadSpec | None:
        return self.sim.by_address.get(to)

    def send_sms(self, message: OutgoingSms) -> SendResult:
        provider_id = f"{self.sim.firm.slug}-{next(self.sim.ids)}"
        spec = self._spec(message.to)
        phone = spec.behavior.phone if spec else "ok"
        if phone in ("disconnected",):
            self._later(timedelta(seconds=10), provider_id, "undelivered", "30005")
        elif phone == "landline":
            self._later(timedelta(seconds=10), provider_id, "undelivered", "30006")
        else:
            self._later(timedelta(seconds=10), provider_id, "delivered")
        return SendResult(status="sent", provider_id=provider_id)

    def send_email(self, message: OutgoingEmail) -> SendResult:
        provider_id = f"{self.sim.firm.slug}-{next(self.sim.ids)}"
        spec = self._spec(message.to)
        if spec and spec.behavior.email == "bounces":
            self._later(timedelta(minutes=1), provider_id, "bounced", "5.1.1")
        else:
            self._later(timedelta(minutes=1), provider_id, "delivered")
        return SendResult(status="sent", provider_id=provider_id)

    def place_call(self, call: OutgoingCall) -> SendResult:
        provider_id = f"{self.sim.firm.slug}-{next(self.sim.ids)}"
        self._later(timedelta(minutes=1), provider_id, "delivered")
        return SendResult(status="sent", provider_id=provider_id)

    def lookup(self, provider_id: str) -> SendResult | None:
        return SendResult(status="sent", provider_id=provider_id)

    def find(self, *, reference: str, to: str, since: datetime) -> SendResult | None:
        return None


def simulate(
    scenario: Scenario, *, timing: str | None = None, seed: int | None = None
) -> dict[str, Any]:
    return Simulation(scenario, timing=timing, seed=seed).run()
