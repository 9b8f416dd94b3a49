"""The manager's reports, read from the ledger: every figure comes from the leads, their
status history and their touches, for the leads that arrived in a firm-local date range —
read from the per-lead and per-call rollups (steadfast.analytics.rollup), made current from the
ledger at the start of every report.

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

from django.db import connection
from django.db.models import Aggregate, Case, Count, FloatField, Q, QuerySet, Sum, Value, When

from steadfast.analytics import rollup
from steadfast.analytics.models import (
    CallRollup,
    CaseFee,
    LeadRollup,
    PracticeAreaFee,
    SourceSpend,
)
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, Status, StatusChange
from steadfast.returns.models import DisputeItem, DisputeState

FIVE_MINUTES = 300.0
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


def _in_range(rows: QuerySet[Any], f: Filters, *, agent: str) -> QuerySet[Any]:
    """Rows of the firm's leads that arrived in the range, narrowed by the filters (`agent`:
    the column holding the lead's agent)."""
    start, end = f.bounds()
    rows = rows.filter(firm_id=f.firm.pk, arrived_at__gte=start, arrived_at__lt=end)
    if f.source_ids:
        rows = rows.filter(source_id__in=f.source_ids)
    if f.practice_area:
        rows = rows.filter(practice_area=f.practice_area)
    if f.agent_id:
        rows = rows.filter(**{agent: f.agent_id})
    return rows


def leads_in(f: Filters) -> QuerySet[Lead]:
    return _in_range(Lead.objects.all(), f, agent="assigned_to_id")


# --- per-lead facts --------------------------------------------------------------------------


def rollups(f: Filters) -> QuerySet[LeadRollup]:
    """The rollup rows of the leads in range (made current first): what every report reads."""
    rollup.refresh()
    return _in_range(LeadRollup.objects.all(), f, agent="agent_id")


def calls_of(f: Filters) -> QuerySet[CallRollup]:
    """The calls made to the leads in range (rollups(f) has made them current)."""
    return _in_range(CallRollup.objects.all(), f, agent="lead_agent_id")


@dataclass
class LeadFact:
    id: int
    source_id: int
    status: str
    contacted: bool
    attempt_secs: float | None
    contact_secs: float | None


def lead_facts(f: Filters) -> list[LeadFact]:
    return [
        LeadFact(*row)
        for row in rollups(f)
        .order_by("lead_id")
        .values_list("lead_id", "source_id", "status", "contacted", "attempt_secs", "contact_secs")
    ]


VALID = ~Q(status=Status.INVALID)
QUALIFIED = Q(ever_qualified=True) | Q(status__in=(Status.QUALIFIED, Status.SIGNED))


def _stage_counts() -> dict[str, Any]:
    return {
        "arrived": Count("pk"),
        "valid": Count("pk", filter=VALID),
        "contacted": Count("pk", filter=VALID & Q(contacted=True)),
        "qualified": Count("pk", filter=QUALIFIED),
        "signed": Count("pk", filter=Q(status=Status.SIGNED)),
    }


class PercentileDisc(Aggregate):
    """PostgreSQL's percentile_disc: the nearest rank, ceil(q·n) computed in double precision
    like `percentile` below."""

    function = "percentile_disc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _quantiles(
    rows: QuerySet[Any], keys: Sequence[str], value: str, qs: Sequence[float] = (0.5, 0.9)
) -> dict[tuple[Any, ...], list[float | None]]:
    """Per group of `keys`, the nearest-rank percentiles of `value` (nulls left out): in the
    database on PostgreSQL, else from the sorted values."""
    rows = rows.order_by().filter(**{f"{value}__isnull": False})
    if connection.vendor == "postgresql":
        names = [f"q{i}" for i in range(len(qs))]
        aggregates = {
            n: PercentileDisc(value, fraction=repr(float(q)))
            for n, q in zip(names, qs, strict=True)
        }
        result = (
            [rows.aggregate(**aggregates)]
            if not keys
            else rows.values(*keys).annotate(**aggregates)
        )
        return {tuple(r[k] for k in keys): [r[n] for n in names] for r in result}
    # Elsewhere (SQLite) a window query numbers each group's sorted values and returns only
    # the rows that can be a percentile's rank; the rank itself is chosen here as `percentile`
    # chooses it.
    sql, params = rows.values_list(*keys, value).query.sql_with_params()
    part = f"PARTITION BY {', '.join(keys)}" if keys else ""
    ranks = " OR ".join(
        f"rn IN (CAST({float(q)!r} * n AS INTEGER), CAST({float(q)!r} * n AS INTEGER) + 1)"
        for q in qs
    )
    # Only field names of this module and float literals are put in; values stay parameters.
    numbered = f"ROW_NUMBER() OVER ({part} ORDER BY {value}) AS rn, COUNT(*) OVER ({part}) AS n"
    wrapped = f"SELECT * FROM (SELECT *, {numbered} FROM ({sql}) AS v) AS w WHERE rn = 1 OR {ranks}"  # noqa: S608
    dates = [rows.model._meta.get_field(k).get_internal_type() == "DateField" for k in keys]
    found: dict[tuple[Any, ...], list[float | None]] = {}
    with connection.cursor() as cursor:
        cursor.execute(wrapped, params)
        for *key, v, rn, n in cursor.fetchall():
            key = [
                date.fromisoformat(k) if d and isinstance(k, str) else k
                for k, d in zip(key, dates, strict=True)
            ]
            wanted = found.setdefault(tuple(key), [None] * len(qs))
            for i, q in enumerate(qs):
                if rn == max(1, math.ceil(q * n)):
                    wanted[i] = v
    return found


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


def _group_values(rows: QuerySet[Any], keys: list[str], **aggregates: Any) -> dict[Any, Any]:
    rows = rows.order_by()
    if not keys:
        return {(): rows.aggregate(**aggregates)}
    return {tuple(r[k] for k in keys): r for r in rows.values(*keys).annotate(**aggregates)}


def _labelled(row: SpeedRow | None, label: str) -> SpeedRow:
    if row is None:
        return SpeedRow(label, 0, None, None, None, None, None, 0)
    row.label = label
    return row


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


def _speed_rows_here(rows: QuerySet[LeadRollup]) -> list[dict[Any, SpeedRow]]:
    """Without percentile_disc (SQLite): the same rows as _speed_rows, from one read."""
    groups: list[dict[Any, list[tuple[float | None, float | None]]]] = [
        defaultdict(list) for _ in range(5)
    ]
    for outside, source, agent, hour, attempt, contact in rows.order_by().values_list(
        "outside_hours",
        "source_id",
        "first_call_agent",
        "arrived_hour",
        "attempt_secs",
        "contact_secs",
    ):
        pair = (attempt, contact)
        groups[0][None].append(pair)
        groups[1][outside].append(pair)
        groups[2][source].append(pair)
        if agent is not None:
            groups[3][agent].append(pair)
        groups[4][hour].append(pair)

    def row(pairs: list[tuple[float | None, float | None]]) -> SpeedRow:
        attempts = [a for a, _ in pairs if a is not None]
        contacts = [c for _, c in pairs if c is not None]
        within = sum(1 for a in attempts if a <= FIVE_MINUTES)
        return SpeedRow(
            "",
            len(pairs),
            percentile(attempts, 0.5),
            percentile(attempts, 0.9),
            within / len(attempts) if attempts else None,
            percentile(contacts, 0.5),
            percentile(contacts, 0.9),
            len(contacts),
        )

    return [{k: row(v) for k, v in group.items()} for group in groups]


SPEED_KEYS = ("outside_hours", "source_id", "first_call_agent", "arrived_hour")


def _speed_rows_grouping_sets(rows: QuerySet[LeadRollup]) -> list[dict[Any, SpeedRow]]:
    """PostgreSQL: the five groupings of _speed_rows in one query (GROUPING SETS), one scan."""
    sql, params = (
        rows.order_by()
        .values_list(*SPEED_KEYS, "attempt_secs", "contact_secs")
        .query.sql_with_params()
    )
    keys = ", ".join(SPEED_KEYS)
    figures = ", ".join(
        f"percentile_disc({q!r}) WITHIN GROUP (ORDER BY {v})"
        for v in ("attempt_secs", "contact_secs")
        for q in (0.5, 0.9)
    )
    sets = ", ".join(["()", *(f"({k})" for k in SPEED_KEYS)])
    query = (
        f"SELECT GROUPING({keys}), {keys}, COUNT(*), COUNT(attempt_secs), "  # noqa: S608
        f"COUNT(*) FILTER (WHERE attempt_secs <= %s), COUNT(contact_secs), {figures} "
        f"FROM ({sql}) AS v GROUP BY GROUPING SETS ({sets})"
    )
    # GROUPING() sets a bit for each key left out, the first key the highest.
    which = {0b1111: 0, 0b0111: 1, 0b1011: 2, 0b1101: 3, 0b1110: 4}
    out: list[dict[Any, SpeedRow]] = [{} for _ in range(5)]
    with connection.cursor() as cursor:
        cursor.execute(query, [FIVE_MINUTES, *params])
        for (
            g,
            outside,
            source,
            agent,
            hour,
            n,
            tried,
            within,
            reached,
            a50,
            a90,
            c50,
            c90,
        ) in cursor.fetchall():
            i = which[g]
            key = (None, outside, source, agent, hour)[i]
            if not n or (i == 3 and key is None):
                continue
            out[i][key] = SpeedRow(
                "", n, a50, a90, within / tried if tried else None, c50, c90, reached
            )
    return out


def speed_to_lead(f: Filters) -> SpeedReport:
    rows = rollups(f)
    if connection.vendor == "postgresql":
        overall, hours, by_source, by_agent, by_hour = _speed_rows_grouping_sets(rows)
    else:
        overall, hours, by_source, by_agent, by_hour = _speed_rows_here(rows)
    sources = _names(LeadSource, by_source)
    agents = {
        u.pk: u.get_full_name() or u.email for u in User.objects.filter(pk__in=list(by_agent))
    }
    return SpeedReport(
        overall=_labelled(overall.get(None), "All leads"),
        in_hours=_labelled(hours.get(False), "Arrived while calling was allowed"),
        outside_hours=_labelled(hours.get(True), "Arrived outside hours"),
        by_source=sorted(
            (_labelled(v, sources.get(k, "?")) for k, v in by_source.items()),
            key=lambda r: r.label,
        ),
        by_agent=sorted(
            (_labelled(v, agents.get(k, "?")) for k, v in by_agent.items()),
            key=lambda r: r.label,
        ),
        by_hour=[_labelled(by_hour[h], f"{h:02d}:00") for h in range(24) if h in by_hour],
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


def contact_rate(f: Filters) -> ContactReport:
    leads = rollups(f)
    per_source = _group_values(
        leads,
        ["source_id"],
        leads=Count("pk"),
        valid=Count("pk", filter=VALID),
        contacted=Count("pk", filter=VALID & Q(contacted=True)),
    )
    sources = _names(LeadSource, (k for (k,) in per_source))
    rows = [
        RateRow(sources.get(k, "?"), r["leads"], r["valid"], r["contacted"])
        for (k,), r in per_source.items()
    ]
    valid = sum(r.valid for r in rows)
    # A lead that replied before any attempt counts as reached by the first.
    reached_by = dict(
        leads.filter(VALID, contacted=True)
        .order_by()
        .values_list("attempts_to_contact")
        .annotate(n=Count("pk"))
    )
    curve, running = [], 0
    for n in range(1, MAX_ATTEMPT_SHOWN + 1):
        running += reached_by.get(n, 0)
        curve.append((n, running, running / valid if valid else 0.0))
    heat = (
        calls_of(f)
        .order_by()
        .values_list("lead_weekday", "lead_hour")
        .annotate(attempts=Count("pk"), answered=Count("pk", filter=Q(outcome="connected")))
    )
    return ContactReport(
        sorted(rows, key=lambda r: r.label),
        curve,
        [HeatCell(*cell) for cell in sorted(heat)],
        valid,
    )


# --- funnel ----------------------------------------------------------------------------------


FUNNEL = ("arrived", "valid", "contacted", "qualified", "signed")
BESIDE = ("declined", "nurture", "opted_out", "duplicate")


@dataclass
class FunnelRow:
    label: str
    source_id: int | None
    counts: dict[str, int]
    invalid_by_reason: dict[str, int]


def funnel(f: Filters) -> list[FunnelRow]:
    leads = rollups(f)
    counts = _group_values(
        leads,
        ["source_id"],
        **_stage_counts(),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        nurture=Count("pk", filter=Q(status=Status.NURTURE)),
        opted_out=Count("pk", filter=Q(status=Status.OPTED_OUT)),
        duplicate=Count("pk", filter=Q(status_reason="duplicate")),
    )
    reasons: dict[int, Counter[str]] = defaultdict(Counter)
    for source_id, reason, n in (
        leads.filter(status=Status.INVALID)
        .order_by()
        .values_list("source_id", "status_reason")
        .annotate(n=Count("pk"))
    ):
        reasons[source_id][reason] += n
    sources = _names(LeadSource, (k for (k,) in counts))
    names = (*FUNNEL, *BESIDE)
    rows = [
        FunnelRow(
            sources.get(k, "?"),
            k,
            {name: c[name] for name in names},
            dict(sorted(reasons[k].items())),
        )
        for (k,), c in counts.items()
    ]
    rows.sort(key=lambda r: r.label)
    everything: Counter[str] = sum((reasons[k] for (k,) in counts), Counter())
    rows.append(
        FunnelRow(
            "All sources",
            None,
            {name: sum(r.counts[name] for r in rows) for name in names},
            dict(sorted(everything.items())),
        )
    )
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


def money(f: Filters) -> MoneyReport:
    """Spend per source: what a manager entered for a month, else cost per lead times the leads that
    month; net of vendor credits; cost per stage; return on spend from actual fees of signed
    cases, else the expected fee of the case's practice area."""
    leads = rollups(f)
    sources = {s.pk: s for s in LeadSource.objects.filter(firm=f.firm)}
    if f.source_ids:
        sources = {k: v for k, v in sources.items() if k in f.source_ids}
    entered = {
        (s.source_id, s.month): s.amount
        for s in SourceSpend.objects.filter(
            firm=f.firm, month__gte=_months(f)[0], month__lte=f.end, source_id__in=sources
        )
    }
    signed = leads.filter(status=Status.SIGNED)
    fees = dict(
        CaseFee.objects.filter(lead_id__in=signed.order_by().values("lead_id")).values_list(
            "lead_id", "fee"
        )
    )
    expected = dict(
        PracticeAreaFee.objects.filter(firm=f.firm).values_list("practice_area", "expected_fee")
    )
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    for lead_id, source_id, area in signed.values_list("lead_id", "source_id", "practice_area"):
        revenue[source_id] += fees.get(lead_id, expected.get(area, Decimal(0)))
    credits: dict[int, Decimal] = defaultdict(Decimal)
    for source_id, credit in DisputeItem.objects.filter(
        dispute__firm=f.firm,
        accepted=True,
        lead_id__in=leads.order_by().values("lead_id"),
        dispute__state__in=(DisputeState.ACCEPTED, DisputeState.PARTLY_ACCEPTED),
    ).values_list("dispute__source_id", "credit"):
        credits[source_id] += credit
    stages = _group_values(leads, ["source_id"], **_stage_counts())
    per_month: dict[int, dict[date, int]] = defaultdict(dict)
    for source_id, month, n in (
        leads.order_by().values_list("source_id", "arrived_month").annotate(n=Count("pk"))
    ):
        per_month[source_id][month] = n
    rows, monthly = [], []
    for source_id, source in sorted(sources.items(), key=lambda kv: kv[1].name):
        counts = stages.get((source_id,), {})
        spend, kinds = Decimal(0), set()
        for month in _months(f):
            if (source_id, month) in entered:
                amount = entered[(source_id, month)]
                kinds.add("entered")
            else:
                amount = source.cost_per_lead * per_month[source_id].get(month, 0)
                kinds.add("cost per lead")
            spend += amount
            monthly.append((source.name, f"{month:%Y-%m}", amount))
        rows.append(
            MoneyRow(
                source.name,
                spend,
                credits.get(source_id, Decimal(0)),
                counts.get("arrived", 0),
                counts.get("valid", 0),
                counts.get("contacted", 0),
                counts.get("qualified", 0),
                counts.get("signed", 0),
                revenue.get(source_id, Decimal(0)),
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
    rollup.refresh()
    start, end = f.bounds()
    # The firm-local days of the range are the same calls as its bounds; the days let the
    # index be read in a range.
    calls = CallRollup.objects.filter(
        firm_id=f.firm.pk,
        day__gte=f.start,
        day__lte=f.end,
        performed_by__isnull=False,
        done_at__gte=start,
        done_at__lt=end,
    )
    if f.source_ids:
        calls = calls.filter(source_id__in=f.source_ids)
    if f.practice_area:
        calls = calls.filter(practice_area=f.practice_area)
    if f.agent_id:
        calls = calls.filter(performed_by=f.agent_id)
    groups: dict[tuple[int, date], Counter[str]] = defaultdict(Counter)
    waits: dict[tuple[Any, ...], list[float | None]] = {}
    if connection.vendor == "postgresql":
        # One sort serves both: the outcomes per agent and day, and the waits' percentiles.
        sql, params = (
            calls.order_by()
            .values_list("performed_by", "day", "outcome", "wait_secs")
            .query.sql_with_params()
        )
        query = (
            "SELECT GROUPING(outcome), performed_by, day, outcome, COUNT(*), "  # noqa: S608
            "percentile_disc(0.5) WITHIN GROUP (ORDER BY wait_secs), "
            "percentile_disc(0.9) WITHIN GROUP (ORDER BY wait_secs) "
            f"FROM ({sql}) AS v "
            "GROUP BY GROUPING SETS ((day, performed_by, outcome), (day, performed_by))"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            for all_outcomes, agent, day, outcome, n, median, p90 in cursor.fetchall():
                if all_outcomes:
                    waits[(agent, day)] = [median, p90]
                else:
                    groups[(agent, day)][outcome or "no outcome"] += n
    else:
        for agent, day, outcome, n in (
            calls.order_by().values_list("performed_by", "day", "outcome").annotate(n=Count("pk"))
        ):
            groups[(agent, day)][outcome or "no outcome"] += n
        waits = _quantiles(calls, ["performed_by", "day"], "wait_secs")
    names = {
        u.pk: u.get_full_name() or u.email
        for u in User.objects.filter(pk__in={a for a, _ in groups})
    }
    rows = []
    for (agent, day), outcomes in groups.items():
        median, p90 = waits.get((agent, day), [None, None])
        rows.append(
            WorkloadRow(
                names.get(agent, "?"), day, sum(outcomes.values()), dict(outcomes), median, p90
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
    cutoffs = []
    week_end = datetime.combine(f.start, time(0), f.zone) + timedelta(days=7)
    while week_end <= end + timedelta(days=6):
        cutoffs.append(min(week_end, end))
        week_end += timedelta(days=7)
    # +1 into nurture, -1 out of it; the pool at a cutoff is the sum of the moves before it.
    into, out_of = Q(to_status=Status.NURTURE), Q(from_status=Status.NURTURE)
    move = Case(
        When(into & ~out_of, then=Value(1)), When(out_of & ~into, then=Value(-1)), default=0
    )
    sizes = changes.filter(into | out_of, at__lt=end).aggregate(
        **{f"w{i}": Sum(move, filter=Q(at__lt=cutoff)) for i, cutoff in enumerate(cutoffs)}
    )
    pool = [
        ((cutoff - timedelta(seconds=1)).date(), sizes[f"w{i}"] or 0)
        for i, cutoff in enumerate(cutoffs)
    ]
    back = Counter(
        at.astimezone(f.zone).strftime("%Y-%m")
        for at in changes.filter(
            from_status=Status.NURTURE, to_status=Status.ENGAGED, at__gte=start, at__lt=end
        ).values_list("at", flat=True)
    )
    return NurtureReport(pool, sorted(back.items()))


def pipeline_counts(*, firm: Firm) -> dict[str, int]:
    return dict(Lead.objects.filter(firm=firm).values_list("status").annotate(n=Count("id")))
