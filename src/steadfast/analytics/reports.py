"""The manager's reports, read from the ledger: every figure comes from the leads, their
status history and their touches, for the leads that arrived in a firm-local date range.

Definitions (the same on the page, in the CSV and in the PDF):
- *first attempt*: the first outbound call, text or email that went out (or was dialled);
- *first contact*: the first answered call or reply (an opt-out is not a contact);
- *clock start*: arrival, or — for a lead that arrived while calling was not allowed — the
  moment its first call became due (the engine planned it at the next lawful moment);
- *valid*: not invalid; *contacted*: a first contact exists; *qualified*: ever qualified or
  signed; *signed*: signed.
"""

from __future__ import annotations

import math
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet

from steadfast.analytics.models import CaseFee, PracticeAreaFee, SourceSpend
from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, Status, StatusChange
from steadfast.returns.models import DisputeItem, DisputeState

ATTEMPT_CHANNELS = ("call", "sms", "email", "voicemail_drop")
DONE = (TouchState.SENT, TouchState.FAILED)
FIVE_MINUTES = 300.0
# A first call due more than this after arrival means the lead arrived outside calling hours.
OUTSIDE_HOURS_SLACK = timedelta(minutes=2)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Filters:
    firm: Firm
    start: date
    end: date  # inclusive
    source_ids: tuple[int, ...] = ()
    practice_area: str = ""
    agent_id: int | None = None

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.firm.timezone)

    def bounds(self) -> tuple[datetime, datetime]:
        start = datetime.combine(self.start, time(0), self.zone)
        end = datetime.combine(self.end + timedelta(days=1), time(0), self.zone)
        return start, end


def leads_in(f: Filters) -> QuerySet[Lead]:
    start, end = f.bounds()
    leads = Lead.objects.filter(firm=f.firm, arrived_at__gte=start, arrived_at__lt=end)
    if f.source_ids:
        leads = leads.filter(source_id__in=f.source_ids)
    if f.practice_area:
        leads = leads.filter(practice_area=f.practice_area)
    if f.agent_id:
        leads = leads.filter(assigned_to_id=f.agent_id)
    return leads


# --- per-lead facts --------------------------------------------------------------------------


@dataclass
class LeadFact:
    id: int
    source_id: int
    practice_area: str
    agent_id: int | None
    arrived_at: datetime
    status: str
    status_reason: str
    first_attempt: datetime | None
    first_contact: datetime | None
    first_call_due: datetime | None
    first_call_agent: int | None = None
    ever_qualified: bool = False

    @property
    def clock_start(self) -> datetime:
        if self.first_call_due and self.first_call_due - self.arrived_at > OUTSIDE_HOURS_SLACK:
            return self.first_call_due
        return self.arrived_at

    @property
    def outside_hours(self) -> bool:
        return self.clock_start != self.arrived_at

    @property
    def valid(self) -> bool:
        return self.status != Status.INVALID

    @property
    def contacted(self) -> bool:
        return self.first_contact is not None

    @property
    def qualified(self) -> bool:
        return self.ever_qualified or self.status in (Status.QUALIFIED, Status.SIGNED)

    @property
    def signed(self) -> bool:
        return self.status == Status.SIGNED


def lead_facts(f: Filters) -> list[LeadFact]:
    out = Q(touches__direction=Direction.OUT)
    rows = leads_in(f).annotate(
        first_attempt=Min(
            "touches__done_at",
            filter=out & Q(touches__channel__in=ATTEMPT_CHANNELS, touches__state__in=DONE),
        ),
        first_answer=Min(
            "touches__done_at",
            filter=out & Q(touches__channel="call", touches__outcome="connected"),
        ),
        first_reply=Min(
            "touches__done_at",
            filter=Q(touches__direction=Direction.IN, touches__channel__in=("sms", "email"))
            & ~Q(touches__outcome="opted_out"),
        ),
        first_call_due=Min(
            "touches__due_at", filter=out & Q(touches__channel="call", touches__step=1)
        ),
    )
    facts = []
    for lead in rows.values(
        "id",
        "source_id",
        "practice_area",
        "assigned_to_id",
        "arrived_at",
        "status",
        "status_reason",
        "first_attempt",
        "first_answer",
        "first_reply",
        "first_call_due",
    ):
        contact = min(
            (t for t in (lead["first_answer"], lead["first_reply"]) if t is not None), default=None
        )
        facts.append(
            LeadFact(
                id=lead["id"],
                source_id=lead["source_id"],
                practice_area=lead["practice_area"],
                agent_id=lead["assigned_to_id"],
                arrived_at=lead["arrived_at"],
                status=lead["status"],
                status_reason=lead["status_reason"],
                first_attempt=lead["first_attempt"],
                first_contact=contact,
                first_call_due=lead["first_call_due"],
            )
        )
    by_id = {fact.id: fact for fact in facts}
    if by_id:
        qualified = StatusChange.objects.filter(
            lead__in=leads_in(f), to_status__in=(Status.QUALIFIED, Status.SIGNED)
        ).values_list("lead_id", flat=True)
        for lead_id in qualified:
            by_id[lead_id].ever_qualified = True
        first_calls = (
            Touch.objects.filter(
                lead__in=leads_in(f),
                channel="call",
                direction=Direction.OUT,
                state__in=DONE,
                performed_by__isnull=False,
            )
            .order_by("lead_id", "done_at", "id")
            .values_list("lead_id", "performed_by_id")
        )
        for lead_id, agent in first_calls:
            fact = by_id[lead_id]
            if fact.first_call_agent is None:
                fact.first_call_agent = agent
    return facts


# --- statistics -------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float | None:
    """The nearest-rank percentile (q in 0..1) of sorted or unsorted values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[rank - 1]


@dataclass
class SpeedRow:
    label: str
    leads: int
    attempt_median: float | None
    attempt_p90: float | None
    attempt_within_5: float | None
    contact_median: float | None
    contact_p90: float | None
    contacted: int


def _speed_row(label: str, facts: Iterable[LeadFact]) -> SpeedRow:
    facts = list(facts)
    attempts = [(x.first_attempt - x.clock_start).total_seconds() for x in facts if x.first_attempt]
    attempts = [max(0.0, s) for s in attempts]
    contacts = [
        max(0.0, (x.first_contact - x.clock_start).total_seconds())
        for x in facts
        if x.first_contact
    ]
    within = sum(1 for s in attempts if s <= FIVE_MINUTES)
    return SpeedRow(
        label,
        len(facts),
        percentile(attempts, 0.5),
        percentile(attempts, 0.9),
        within / len(attempts) if attempts else None,
        percentile(contacts, 0.5),
        percentile(contacts, 0.9),
        len(contacts),
    )


@dataclass
class SpeedReport:
    overall: SpeedRow
    in_hours: SpeedRow
    outside_hours: SpeedRow
    by_source: list[SpeedRow]
    by_agent: list[SpeedRow]
    by_hour: list[SpeedRow]


def _names(model: Any, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    return {obj.pk: str(obj) for obj in model.objects.filter(pk__in=wanted)}


def _group(facts: list[LeadFact], key: Any) -> dict[Any, list[LeadFact]]:
    groups: dict[Any, list[LeadFact]] = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)
    return groups


def speed_to_lead(f: Filters, facts: list[LeadFact] | None = None) -> SpeedReport:
    facts = lead_facts(f) if facts is None else facts
    sources = _names(LeadSource, (x.source_id for x in facts))
    agents = {
        u.pk: u.get_full_name() or u.email
        for u in User.objects.filter(
            pk__in={x.first_call_agent for x in facts if x.first_call_agent is not None}
        )
    }
    by_source = _group(facts, lambda x: x.source_id)
    by_agent = _group([x for x in facts if x.first_call_agent], lambda x: x.first_call_agent)
    by_hour = _group(facts, lambda x: x.arrived_at.astimezone(f.zone).hour)
    return SpeedReport(
        overall=_speed_row("All leads", facts),
        in_hours=_speed_row(
            "Arrived while calling was allowed", (x for x in facts if not x.outside_hours)
        ),
        outside_hours=_speed_row("Arrived outside hours", (x for x in facts if x.outside_hours)),
        by_source=sorted(
            (_speed_row(sources.get(k, "?"), v) for k, v in by_source.items()),
            key=lambda r: r.label,
        ),
        by_agent=sorted(
            (_speed_row(agents.get(k, "?"), v) for k, v in by_agent.items()), key=lambda r: r.label
        ),
        by_hour=[_speed_row(f"{h:02d}:00", by_hour[h]) for h in range(24) if h in by_hour],
    )


# --- contact rate ----------------------------------------------------------------------------


@dataclass
class RateRow:
    label: str
    leads: int
    valid: int
    contacted: int

    @property
    def rate(self) -> float | None:
        return self.contacted / self.valid if self.valid else None


@dataclass
class HeatCell:
    weekday: int
    hour: int
    attempts: int
    answered: int

    @property
    def rate(self) -> float | None:
        return self.answered / self.attempts if self.attempts else None


@dataclass
class ContactReport:
    by_source: list[RateRow]
    # Cumulative share of valid leads contacted by the end of the n-th attempt (n = 1…).
    by_attempt: list[tuple[int, int, float]]
    heat: list[HeatCell]
    valid: int


MAX_ATTEMPT_SHOWN = 10


def contact_rate(f: Filters, facts: list[LeadFact] | None = None) -> ContactReport:
    facts = lead_facts(f) if facts is None else facts
    sources = _names(LeadSource, (x.source_id for x in facts))
    rows = [
        RateRow(
            sources.get(k, "?"),
            len(v),
            sum(1 for x in v if x.valid),
            sum(1 for x in v if x.valid and x.contacted),
        )
        for k, v in _group(facts, lambda x: x.source_id).items()
    ]
    contact_at = {x.id: x.first_contact for x in facts if x.valid and x.first_contact}
    valid = sum(1 for x in facts if x.valid)
    attempts_before: Counter[int] = Counter()
    heat: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    touches = Touch.objects.filter(
        lead__in=leads_in(f),
        direction=Direction.OUT,
        channel__in=ATTEMPT_CHANNELS,
        state__in=DONE,
    ).values_list("lead_id", "channel", "done_at", "outcome", "lead__timezone")
    for lead_id, channel, done_at, outcome, zone in touches.iterator(chunk_size=5000):
        reached = contact_at.get(lead_id)
        if reached is not None and done_at is not None and done_at <= reached:
            attempts_before[lead_id] += 1
        if channel == "call" and done_at is not None:
            local = done_at.astimezone(_zone(zone))
            cell = heat[(local.weekday(), local.hour)]
            cell[0] += 1
            cell[1] += outcome == "connected"
    # A lead that replied before any attempt counts as reached by the first.
    reached_by: Counter[int] = Counter(max(1, attempts_before[i]) for i in contact_at)
    curve, running = [], 0
    for n in range(1, MAX_ATTEMPT_SHOWN + 1):
        running += reached_by[n]
        curve.append((n, running, running / valid if valid else 0.0))
    return ContactReport(
        sorted(rows, key=lambda r: r.label),
        curve,
        [HeatCell(d, h, a, b) for (d, h), (a, b) in sorted(heat.items())],
        valid,
    )


_ZONES: dict[str, zoneinfo.ZoneInfo] = {}


def _zone(name: str) -> zoneinfo.ZoneInfo:
    if name not in _ZONES:
        _ZONES[name] = zoneinfo.ZoneInfo(name)
    return _ZONES[name]


# --- funnel ----------------------------------------------------------------------------------


FUNNEL = ("arrived", "valid", "contacted", "qualified", "signed")
BESIDE = ("declined", "nurture", "opted_out", "duplicate")


@dataclass
class FunnelRow:
    label: str
    source_id: int | None
    counts: dict[str, int]
    invalid_by_reason: dict[str, int]


def funnel(f: Filters, facts: list[LeadFact] | None = None) -> list[FunnelRow]:
    facts = lead_facts(f) if facts is None else facts
    sources = _names(LeadSource, (x.source_id for x in facts))

    def row(label: str, source_id: int | None, group: list[LeadFact]) -> FunnelRow:
        counts = {
            "arrived": len(group),
            "valid": sum(1 for x in group if x.valid),
            "contacted": sum(1 for x in group if x.valid and x.contacted),
            "qualified": sum(1 for x in group if x.qualified),
            "signed": sum(1 for x in group if x.signed),
            "declined": sum(1 for x in group if x.status == Status.DECLINED),
            "nurture": sum(1 for x in group if x.status == Status.NURTURE),
            "opted_out": sum(1 for x in group if x.status == Status.OPTED_OUT),
            "duplicate": sum(1 for x in group if x.status_reason == "duplicate"),
        }
        reasons = Counter(x.status_reason for x in group if x.status == Status.INVALID)
        return FunnelRow(label, source_id, counts, dict(sorted(reasons.items())))

    rows = [row(sources.get(k, "?"), k, v) for k, v in _group(facts, lambda x: x.source_id).items()]
    rows.sort(key=lambda r: r.label)
    rows.append(row("All sources", None, facts))
    return rows


# --- money -----------------------------------------------------------------------------------


def _months(f: Filters) -> list[date]:
    months, cursor = [], date(f.start.year, f.start.month, 1)
    while cursor <= f.end:
        months.append(cursor)
        cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
    return months


@dataclass
class MoneyRow:
    label: str
    spend: Decimal
    credits: Decimal
    leads: int
    valid: int
    contacted: int
    qualified: int
    signed: int
    revenue: Decimal
    spend_source: str  # "entered", "cost per lead" or "mixed"

    @property
    def net(self) -> Decimal:
        return self.spend - self.credits

    def per(self, count: int) -> Decimal | None:
        return (self.net / count).quantize(Decimal("0.01")) if count else None

    @property
    def per_lead(self) -> Decimal | None:
        return self.per(self.leads)

    @property
    def per_valid(self) -> Decimal | None:
        return self.per(self.valid)

    @property
    def per_contacted(self) -> Decimal | None:
        return self.per(self.contacted)

    @property
    def per_qualified(self) -> Decimal | None:
        return self.per(self.qualified)

    @property
    def per_signed(self) -> Decimal | None:
        return self.per(self.signed)

    @property
    def return_on_spend(self) -> float | None:
        return float(self.revenue / self.net) if self.net > 0 else None


@dataclass
class MoneyReport:
    rows: list[MoneyRow]
    monthly: list[tuple[str, str, Decimal]] = field(default_factory=list)  # source, month, spend


def money(f: Filters, facts: list[LeadFact] | None = None) -> MoneyReport:
    """Spend per source: what a manager entered for a month, else cost per lead times the leads that
    month; net of vendor credits; cost per stage; return on spend from actual fees of signed
    cases, else the expected fee of the case's practice area."""
    facts = lead_facts(f) if facts is None else facts
    sources = {s.pk: s for s in LeadSource.objects.filter(firm=f.firm)}
    if f.source_ids:
        sources = {k: v for k, v in sources.items() if k in f.source_ids}
    entered = {
        (s.source_id, s.month): s.amount
        for s in SourceSpend.objects.filter(
            firm=f.firm, month__gte=_months(f)[0], month__lte=f.end, source_id__in=sources
        )
    }
    fees = dict(
        CaseFee.objects.filter(lead_id__in=[x.id for x in facts if x.signed]).values_list(
            "lead_id", "fee"
        )
    )
    expected = dict(
        PracticeAreaFee.objects.filter(firm=f.firm).values_list("practice_area", "expected_fee")
    )
    credits: dict[int, Decimal] = defaultdict(Decimal)
    for source_id, credit in DisputeItem.objects.filter(
        dispute__firm=f.firm,
        accepted=True,
        lead_id__in=[x.id for x in facts],
        dispute__state__in=(DisputeState.ACCEPTED, DisputeState.PARTLY_ACCEPTED),
    ).values_list("dispute__source_id", "credit"):
        credits[source_id] += credit
    by_source = _group(facts, lambda x: x.source_id)
    rows, monthly = [], []
    for source_id, source in sorted(sources.items(), key=lambda kv: kv[1].name):
        group = by_source.get(source_id, [])
        per_month = Counter(x.arrived_at.astimezone(f.zone).date().replace(day=1) for x in group)
        spend, kinds = Decimal(0), set()
        for month in _months(f):
            if (source_id, month) in entered:
                amount = entered[(source_id, month)]
                kinds.add("entered")
            else:
                amount = source.cost_per_lead * per_month.get(month, 0)
                kinds.add("cost per lead")
            spend += amount
            monthly.append((source.name, f"{month:%Y-%m}", amount))
        revenue = sum(
            (fees.get(x.id, expected.get(x.practice_area, Decimal(0))) for x in group if x.signed),
            Decimal(0),
        )
        rows.append(
            MoneyRow(
                source.name,
                spend,
                credits.get(source_id, Decimal(0)),
                len(group),
                sum(1 for x in group if x.valid),
                sum(1 for x in group if x.valid and x.contacted),
                sum(1 for x in group if x.qualified),
                sum(1 for x in group if x.signed),
                revenue,
                kinds.pop() if len(kinds) == 1 else "mixed",
            )
        )
    return MoneyReport(rows, monthly)


# --- workload and nurture --------------------------------------------------------------------


@dataclass
class WorkloadRow:
    agent: str
    day: date
    calls: int
    outcomes: dict[str, int]
    wait_median: float | None
    wait_p90: float | None


def workload(f: Filters) -> list[WorkloadRow]:
    """Calls each agent logged per firm-local day, their outcomes, and how long those calls had
    been due when they were made."""
    start, end = f.bounds()
    calls = Touch.objects.filter(
        firm=f.firm,
        channel="call",
        direction=Direction.OUT,
        state__in=DONE,
        performed_by__isnull=False,
        done_at__gte=start,
        done_at__lt=end,
    )
    if f.source_ids:
        calls = calls.filter(lead__source_id__in=f.source_ids)
    if f.practice_area:
        calls = calls.filter(lead__practice_area=f.practice_area)
    if f.agent_id:
        calls = calls.filter(performed_by_id=f.agent_id)
    groups: dict[tuple[int, date], list[tuple[str, float]]] = defaultdict(list)
    for agent, done_at, due_at, outcome in calls.values_list(
        "performed_by_id", "done_at", "due_at", "outcome"
    ).iterator(chunk_size=5000):
        if done_at is None:
            continue
        day = done_at.astimezone(f.zone).date()
        groups[(agent, day)].append((outcome, max(0.0, (done_at - due_at).total_seconds())))
    names = {
        u.pk: u.get_full_name() or u.email
        for u in User.objects.filter(pk__in={a for a, _ in groups})
    }
    rows = []
    for (agent, day), items in groups.items():
        waits = [w for _, w in items]
        rows.append(
            WorkloadRow(
                names.get(agent, "?"),
                day,
                len(items),
                dict(Counter(o or "no outcome" for o, _ in items)),
                percentile(waits, 0.5),
                percentile(waits, 0.9),
            )
        )
    rows.sort(key=lambda r: (r.day, r.agent))
    return rows


@dataclass
class NurtureReport:
    pool: list[tuple[date, int]]  # at the end of each week
    reengaged: list[tuple[str, int]]  # per month


def nurture(f: Filters) -> NurtureReport:
    """The nurture pool at the end of each week of the range, and the leads that came back
    from nurture to a person each month (source and practice-area filters apply)."""
    changes = StatusChange.objects.filter(firm=f.firm)
    if f.source_ids:
        changes = changes.filter(lead__source_id__in=f.source_ids)
    if f.practice_area:
        changes = changes.filter(lead__practice_area=f.practice_area)
    start, end = f.bounds()
    moves = changes.filter(
        Q(to_status=Status.NURTURE) | Q(from_status=Status.NURTURE), at__lt=end
    ).values_list("at", "from_status", "to_status")
    events = sorted(
        (at, (1 if to == Status.NURTURE else 0) - (1 if frm == Status.NURTURE else 0))
        for at, frm, to in moves
    )
    pool, size, i = [], 0, 0
    week_end = datetime.combine(f.start, time(0), f.zone) + timedelta(days=7)
    while week_end <= end + timedelta(days=6):
        cutoff = min(week_end, end)
        while i < len(events) and events[i][0] < cutoff:
            size += events[i][1]
            i += 1
        pool.append(((cutoff - timedelta(seconds=1)).date(), size))
        week_end += timedelta(days=7)
    back = Counter(
        at.astimezone(f.zone).strftime("%Y-%m")
        for at in changes.filter(
            from_status=Status.NURTURE, to_status=Status.ENGAGED, at__gte=start, at__lt=end
        ).values_list("at", flat=True)
    )
    return NurtureReport(pool, sorted(back.items()))


def pipeline_counts(*, firm: Firm) -> dict[str, int]:
    return dict(Lead.objects.filter(firm=firm).values_list("status").annotate(n=Count("id")))
