"""`steadfast demo`: a realistic history for a firm, made by the real engine on a virtual clock.

The simulation of `steadfast simulate` (same planner, ledger, worker step, compliance checks)
runs over the last D days: leads arrive from sources of different quality and price at the
hours people really fill in forms, agents work the call queue in business hours, leads answer
at the time of day that suits them (or never), some numbers are wrong or disconnected, some
emails bounce, some leads are duplicates, some reply or text STOP, and a person marks the
leads who talked to the firm qualified, then signed or declined. Everything is written to the
firm's own database, so the app, the timelines and the reports show a believable past.

Signed cases carry their fee, and each practice area an expected fee, so the analytics
reports show return on spend. Random but repeatable: the same --seed gives the same history.

It drives several apps (the engine, lead capture, analytics), like the CLI, from outside them.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from steadfast.analytics.models import PracticeAreaFee
from steadfast.cadences.scenario import Behavior, FirmSpec, LeadSpec, Reply, Scenario
from steadfast.cadences.simulation import Simulation
from steadfast.dispatch.models import Touch
from steadfast.engine import events as engine
from steadfast.engine import planner
from steadfast.firms.models import Firm, Membership, Role, User
from steadfast.leads.models import Lead, LeadSource, SourceKind, Status
from steadfast.leads.services import source_create

MAX_LEADS = 1000
# What a signed case of each kind brings the firm on average (contingency fees), in USD.
EXPECTED_FEES = {
    "personal_injury": 12000,
    "auto_accident": 9000,
    "workers_comp": 6000,
    "medical_malpractice": 40000,
}


class DemoError(Exception):
    """Why the demo cannot fill this database, for a person."""


@dataclass(frozen=True)
class SourceProfile:
    name: str
    kind: str
    cost: Decimal
    return_window_days: int
    share: float  # of all leads
    answers: float  # chance the person picks up a call at a time that suits them
    wrong_number: float  # the number reaches someone else
    disconnected: float
    bad_email: float  # malformed address at intake
    bouncing_email: float  # well-formed, but the mailbox does not exist
    duplicate: float  # the same person, already sent by another source
    out_of_state: float
    qualifies: float  # of those who talk to the firm, how many have a case


SOURCES = (
    SourceProfile(
        "Website form", SourceKind.WEB_FORM, Decimal(0), 0, 0.22,
        0.75, 0.01, 0.01, 0.02, 0.02, 0.03, 0.03, 0.65,
    ),
    SourceProfile(
        "Google Ads", SourceKind.API, Decimal(85), 0, 0.28,
        0.6, 0.04, 0.03, 0.04, 0.04, 0.05, 0.06, 0.5,
    ),
    SourceProfile(
        "Accident Leads Network", SourceKind.API, Decimal(45), 7, 0.3,
        0.45, 0.1, 0.07, 0.08, 0.08, 0.1, 0.08, 0.35,
    ),
    SourceProfile(
        "BargainLeads", SourceKind.API, Decimal(12), 14, 0.2,
        0.25, 0.2, 0.15, 0.2, 0.12, 0.2, 0.15, 0.15,
    ),
)  # fmt: skip

AGENTS = (
    ("maria.lopez", "Maria", "Lopez"),
    ("james.carter", "James", "Carter"),
    ("priya.shah", "Priya", "Shah"),
)

# When people fill in a form, by hour of the day (their evening and lunch break are busiest).
ARRIVAL_HOURS = (
    1, 1, 0, 0, 0, 1, 2, 4, 7, 8, 8, 7, 8, 7, 6, 6, 6, 7, 8, 9, 9, 7, 4, 2,
)  # fmt: skip
# The part of the day someone picks up a call from a number they do not know (local hours).
ANSWER_WINDOWS = ((8, 12), (12, 17), (17, 21), (8, 21))

FIRST_NAMES = (
    "Jane", "Omar", "Lucia", "DeShawn", "Emily", "Tomasz", "Aaliyah", "Miguel", "Hannah",
    "Kevin", "Fatima", "Ryan", "Grace", "Luis", "Megan", "Andre", "Olivia", "Marcus", "Sofia",
    "Brian", "Keisha", "Daniel", "Mei", "Jorge", "Rachel", "Tyrone", "Anna", "Patrick", "Nadia",
    "Chris", "Ebony", "Sean", "Leah", "Victor", "Tanya", "Eric", "Rosa", "Jamal", "Katie", "Ivan",
)  # fmt: skip
LAST_NAMES = (
    "Doe", "Haddad", "Garcia", "Washington", "Kowalski", "Nguyen", "Johnson", "Patel", "Murphy",
    "Hernandez", "Brown", "Schmidt", "Okafor", "Rivera", "Olson", "Kim", "Jackson", "Novak",
    "Lopez", "Anderson", "Ali", "Wilson", "Martinez", "Larsen", "Thompson", "Chen", "Moore",
)  # fmt: skip
MESSAGES = {
    "personal_injury": (
        "Slipped on ice outside a grocery store, broke my wrist.",
        "A dog bit my son at a neighbour's house.",
        "Fell on a broken stair in my apartment building.",
    ),
    "auto_accident": (
        "Rear-ended on I-90 yesterday, neck hurts.",
        "T-boned at a red light on Western Ave, car totalled.",
        "Hit by a rideshare driver while cycling.",
    ),
    "workers_comp": (
        "Hurt my back lifting at the warehouse, employer says it's not covered.",
        "Fell from a ladder on a job site.",
    ),
    "medical_malpractice": (
        "Surgery left me with nerve damage nobody explained.",
        "Misdiagnosed for months, now the cancer has spread.",
    ),
}
# Fictional numbers only (555-0100 … 555-0199 are reserved for fiction in every area code):
# Chicago suburbs and Wisconsin. 312 is left out: it is the firm's own line.
AREA_CODES = ("773", "872", "630", "847", "708", "331", "815", "414", "608", "262", "920")
WI_CODES = {"414", "608", "262", "920"}
# Neighbouring states the firm does not serve.
OUT_OF_STATE = (("IN", "219"), ("IA", "319"), ("MI", "269"))
SMS_REPLIES = (
    "Yes please call me after 5",
    "Who is this?",
    "I can talk tomorrow morning",
    "Thanks, I already have a lawyer",
)
EMAIL_REPLIES = (
    "Thank you for getting back to me. I'm free most afternoons.",
    "I'd like to talk about my case, please call me.",
)


@dataclass
class DemoLead:
    spec: LeadSpec
    source: SourceProfile
    arrives: datetime
    answer_window: tuple[int, int]
    answers: float
    has_case: bool
    signs: bool


class DemoSimulation(Simulation):
    """The simulation, writing into an existing firm instead of a throwaway one."""

    source_per_origin = False  # the demo's sources exist already, each with its kind

    def __init__(
        self, *, firm: Firm, marker: User, leads: list[DemoLead], start: datetime, until: datetime
    ) -> None:
        zone = ZoneInfo(firm.timezone)
        scenario = Scenario(
            start=start.astimezone(zone).isoformat(),
            until=until.astimezone(zone).isoformat(),
            firm=FirmSpec(name=firm.name, timezone=firm.timezone, agents=len(AGENTS)),
            leads=[lead.spec for lead in leads],
        )
        super().__init__(scenario)
        self.firm = firm
        self.marker = marker
        self.demo = {lead.spec.ref: lead for lead in leads}
        self.rng = random.Random(len(leads))
        self.consent_text = (
            f"I agree to be contacted by {firm.name} by phone, text and email about my inquiry."
        )

    def setup(self) -> None:
        for login, first, last in AGENTS:
            email = f"{login}@{self.firm.slug}.example"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email, None, first_name=first, last_name=last)
            Membership.objects.get_or_create(
                firm=self.firm, user=user, defaults={"role": Role.AGENT}
            )
            self.agents.append(user)
            self.agents_free.append(self.start)
        for profile in SOURCES:
            if not LeadSource.objects.filter(firm=self.firm, name=profile.name).exists():
                source_create(
                    firm=self.firm,
                    name=profile.name,
                    kind=profile.kind,
                    cost_per_lead=profile.cost,
                    return_window_days=profile.return_window_days,
                    now=self.start,
                )
        # Read once, as the scenario simulation does: nothing here changes them.
        self.hours, self.rules = planner.firm_hours(self.firm), planner.firm_rules(self.firm)
        for lead in self.demo.values():
            self.at(lead.arrives, functools.partial(self._arrive, lead.spec))

    def report(self) -> dict[str, Any]:
        return {}  # demo_fill counts what is in the database

    def _arrive(self, spec: LeadSpec) -> None:
        super()._arrive(spec)
        lead = self.leads[spec.ref]
        # A person reviews the leads who talked to the firm a day or three later.
        self.at(self.now + timedelta(hours=self.rng.uniform(20, 72)), lambda: self._review(lead))

    def call_outcome(self, touch: Touch, spec: LeadSpec, number: int) -> str:
        behavior = spec.behavior
        if behavior.phone in ("disconnected", "wrong_person"):
            return behavior.phone
        demo = self.demo[spec.ref]
        hour = self.now.astimezone(ZoneInfo(touch.lead.timezone)).hour
        start, end = demo.answer_window
        chance = demo.answers if start <= hour < end else demo.answers / 6
        if self.rng.random() < chance:
            return "connected"
        return "voicemail" if behavior.voicemail else "no_answer"

    def _review(self, lead: Lead) -> None:
        lead.refresh_from_db()
        if lead.status != Status.ENGAGED:
            return
        demo = self.demo[lead.external_id or ""]
        if not demo.has_case:
            if self.rng.random() < 0.7:  # the rest are still waiting for a decision
                engine.lead_mark(
                    lead=lead,
                    status=Status.DECLINED,
                    now=self.now,
                    actor=self.marker,
                    note="No case: no injury needing treatment",
                )
            return
        engine.lead_mark(
            lead=lead,
            status=Status.QUALIFIED,
            now=self.now,
            actor=self.marker,
            note="Liability looks clear; medical records requested",
        )
        later = self.now + timedelta(days=self.rng.uniform(2, 9))
        self.at(later, lambda: self._decide(lead, signs=demo.signs))

    def _decide(self, lead: Lead, *, signs: bool) -> None:
        lead.refresh_from_db()
        if lead.status != Status.QUALIFIED:
            return
        if signs:
            fee = Decimal(EXPECTED_FEES.get(lead.practice_area, 8000))
            engine.lead_outcome_report(
                lead=lead,
                status=Status.SIGNED,
                now=self.now,
                fee=(fee * Decimal(self.rng.uniform(0.4, 1.8))).quantize(Decimal(1)),
                by=self.marker.get_full_name() or self.marker.email,
                actor=self.marker,
            )
            return
        engine.lead_mark(
            lead=lead,
            status=Status.DECLINED,
            now=self.now,
            actor=self.marker,
            note="Declined: the case is too small to take",
        )


def demo_plan(*, firm: Firm, count: int, days: int, until: datetime, seed: int) -> list[DemoLead]:
    """The leads of the demo: who they are, where they come from and how they behave."""
    rng = random.Random(seed)
    zone = ZoneInfo(firm.timezone)
    numbers = [f"+1{code}555{n:04d}" for code in AREA_CODES for n in range(101, 200)]
    rng.shuffle(numbers)
    first_day = (until - timedelta(days=days)).astimezone(zone).date()
    areas = [a for a in firm.practice_areas if a in MESSAGES] or list(MESSAGES)
    planned: list[DemoLead] = []
    for i in range(count):
        source = rng.choices(SOURCES, weights=[s.share for s in SOURCES])[0]
        day = first_day + timedelta(days=rng.randrange(days))
        hour = rng.choices(range(24), weights=ARRIVAL_HOURS)[0]
        arrives = datetime.combine(day, time(hour, rng.randrange(60)), zone)
        if arrives >= until - timedelta(minutes=30):
            arrives = until - timedelta(minutes=rng.randrange(30, 600))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        area = rng.choice(areas)
        earlier = [p for p in planned if p.arrives < arrives]
        if earlier and rng.random() < source.duplicate:
            # The same person again, a few days later, through another door.
            twin = rng.choice(earlier[-40:]).spec
            phone, email, state, first, last = (
                twin.phone, twin.email, twin.state, twin.first_name, twin.last_name,
            )  # fmt: skip
        else:
            phone = numbers.pop()
            code = phone[2:5]
            state = "WI" if code in WI_CODES else "IL"
            if rng.random() < source.out_of_state:
                state, other = rng.choice(OUT_OF_STATE)
                phone = f"+1{other}555{phone[-4:]}"
            email = f"{first}.{last}{i}@example.com".lower()
            if rng.random() < source.bad_email:
                email = rng.choice((email.replace("@", "@@"), email.removesuffix(".com")))
        roll = rng.random()
        phone_kind = (
            "wrong_person"
            if roll < source.wrong_number
            else "disconnected"
            if roll < source.wrong_number + source.disconnected
            else "ok"
        )
        consent = ["call", "email"] + (["sms"] if rng.random() < 0.85 else [])
        replies: list[Reply] = []
        reply_roll = rng.random()
        if "sms" in consent and reply_roll < 0.06:
            replies.append(Reply(after="sms#1 +40m", channel="sms", text="STOP"))
        elif "sms" in consent and reply_roll < 0.2:
            replies.append(Reply(after="sms#1 +25m", channel="sms", text=rng.choice(SMS_REPLIES)))
        elif reply_roll < 0.26:
            replies.append(
                Reply(after="email#1 +3h", channel="email", text=rng.choice(EMAIL_REPLIES))
            )
        spec = LeadSpec(
            ref=f"demo-{i + 1:04d}",
            first_name=first,
            last_name=last,
            phone=phone,
            email=email,
            state=state,
            practice_area=area,
            message=rng.choice(MESSAGES[area]),
            source=source.name,
            consent=consent,  # type: ignore[arg-type]
            behavior=Behavior(
                voicemail=rng.random() < 0.7,
                phone=phone_kind,  # type: ignore[arg-type]
                email="bounces" if rng.random() < source.bouncing_email else "ok",
                replies=replies,
            ),
        )
        planned.append(
            DemoLead(
                spec=spec,
                source=source,
                arrives=arrives,
                answer_window=rng.choice(ANSWER_WINDOWS),
                answers=source.answers,
                has_case=rng.random() < source.qualifies,
                signs=rng.random() < 0.45,
            )
        )
    planned.sort(key=lambda p: p.arrives)
    return planned


@dataclass
class DemoResult:
    leads: int
    by_status: dict[str, int]
    touches: int
    start: datetime


def demo_fill(*, firm: Firm, count: int, days: int, now: datetime, seed: int = 1) -> DemoResult:
    """Run the demo history into `firm`, ending at `now`."""
    if not 1 <= count <= MAX_LEADS:
        raise DemoError(f"--leads: between 1 and {MAX_LEADS}")
    if not 1 <= days <= 365:
        raise DemoError("--days: between 1 and 365")
    names = [s.name for s in SOURCES]
    if Lead.objects.filter(firm=firm, source__name__in=names).exists():
        raise DemoError(
            f"{firm.name} already has the demo history; start from an empty database "
            "(for example with STEADFAST_VAR_DIR=var/demo) to make another"
        )
    marker = (
        User.objects.filter(memberships__firm=firm, memberships__role=Role.ADMIN)
        .order_by("id")
        .first()
    )
    if marker is None:
        raise DemoError(f"{firm.name} has no administrator to mark leads qualified or signed")
    start = now - timedelta(days=days)
    for area, fee in EXPECTED_FEES.items():
        PracticeAreaFee.objects.get_or_create(
            firm=firm, practice_area=area, defaults={"expected_fee": Decimal(fee)}
        )
    leads = demo_plan(firm=firm, count=count, days=days, until=now, seed=seed)
    sim = DemoSimulation(firm=firm, marker=marker, leads=leads, start=start, until=now)
    sim.run()
    made = Lead.objects.filter(firm=firm, source__name__in=names)
    by_status: dict[str, int] = {}
    for status in made.values_list("status", flat=True):
        by_status[status] = by_status.get(status, 0) + 1
    return DemoResult(
        leads=made.count(),
        by_status=by_status,
        touches=Touch.objects.filter(lead__in=made).count(),
        start=start,
    )
