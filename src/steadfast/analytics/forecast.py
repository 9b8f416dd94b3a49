"""How many signed cases the pipeline will bring in the next 30, 60 and 90 days.

The model, as the page explains it: *each open lead signs within the horizon with the rate at
which this firm's past leads in the same stage, of the same age and from the same source
signed within that horizon — a cell with little history leans on the firm's rate for it, and
that on the share of all the firm's leads that signed (Beta-binomial shrinkage); the
uncertainty of those rates and of each lead's outcome gives the expected count and an 80 %
interval.*

History is read as snapshots every two weeks over the last half year, each fully observed: on
each snapshot day, every past lead's stage (from its status history) and age, and whether it
signed within the horizon after that day. A firm with more than `SAMPLE` leads in that time is read
from an even sample of them (every k-th lead by id): the rates stay unbiased, their
uncertainty grows a little. The open leads being forecast are always all of them, counted in
the database. The backtest makes the same forecast at past dates, with only what was known
then, and compares it with what then happened to the leads open on that day.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q
from django.db.models.functions import Mod

from steadfast.analytics import rollup
from steadfast.analytics.models import LeadRollup
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, Status, StatusChange

HORIZONS = (30, 60, 90)
OPEN: dict[str, str] = {
    Status.NEW: "new",
    Status.CONTACTING: "new",
    Status.ENGAGED: "engaged",
    Status.QUALIFIED: "qualified",
    Status.NURTURE: "nurture",
}
PRIOR_STRENGTH = 20.0  # how many leads' worth of weight the firm's rate has over a source's
EXACT_UP_TO = 400  # open leads: exact distribution up to here, normal beyond
Z_80 = 1.2816  # the normal's 90th percentile: mean ± Z_80·sd holds 80 %
SNAPSHOTS = 13  # every two weeks over the last half year
HISTORY = timedelta(days=365)
SAMPLE = 6000
AGE_BUCKETS = ((timedelta(days=7), "0-7d"), (timedelta(days=30), "8-30d"))


def _age_bucket(age: timedelta) -> str:
    for limit, name in AGE_BUCKETS:
        if age <= limit:
            return name
    return "30d+"


@dataclass
class _Lead:
    id: int
    source_id: int
    arrived_at: datetime
    times: list[datetime]
    statuses: list[str]
    signed_at: datetime | None

    def status_at(self, at: datetime) -> str | None:
        i = bisect.bisect_right(self.times, at)
        return self.statuses[i - 1] if i else None


def _load(firm: Firm, since: datetime, until: datetime) -> tuple[list[_Lead], int]:
    """Past leads with their status histories: all of them, or every k-th (returned k)."""
    rows = Lead.objects.filter(firm=firm, arrived_at__gte=since, arrived_at__lt=until)
    step = max(1, math.ceil(rows.count() / SAMPLE))
    if step > 1:
        rows = rows.annotate(bucket=Mod(F("id"), step)).filter(bucket=0)
    leads = {
        pk: _Lead(pk, source, arrived, [], [], None)
        for pk, source, arrived in rows.values_list("id", "source_id", "arrived_at")
    }
    changes = StatusChange.objects.filter(lead_id__in=rows.values("id"))
    for lead_id, at, to in changes.order_by("lead_id", "at", "id").values_list(
        "lead_id", "at", "to_status"
    ):
        lead = leads[lead_id]
        lead.times.append(at)
        lead.statuses.append(to)
        if to == Status.SIGNED and lead.signed_at is None:
            lead.signed_at = at
    return list(leads.values()), step


Cell = tuple[str, str]  # (stage, age bucket)


@dataclass
class _Counts:
    trials: float = 0.0
    wins: float = 0.0


def _signed_within(lead: _Lead, start: datetime, horizon: timedelta) -> bool:
    return lead.signed_at is not None and start < lead.signed_at <= start + horizon


def _history(
    leads: list[_Lead], *, as_of: datetime, horizon: timedelta
) -> tuple[dict[Cell, _Counts], dict[tuple[Cell, int], _Counts]]:
    """Trials per cell and per (cell, source) from the snapshots fully observed by as_of."""
    last = as_of - horizon
    snapshots = [last - timedelta(weeks=2 * w) for w in range(SNAPSHOTS)][::-1]
    ends = [snapshot + horizon for snapshot in snapshots]
    (week, first_bucket), (month, second_bucket) = AGE_BUCKETS
    tally: Counter[tuple[str, str, int, bool]] = Counter()
    # The inner loop runs once per lead and snapshot: status_at, _age_bucket and _signed_within
    # written out in it.
    for lead in leads:
        times, statuses, arrived, signed_at = (
            lead.times,
            lead.statuses,
            lead.arrived_at,
            lead.signed_at,
        )
        closed_after = times[-1] if times else None
        for k in range(bisect.bisect_left(snapshots, arrived), SNAPSHOTS):
            snapshot = snapshots[k]
            i = bisect.bisect_right(times, snapshot)
            stage = OPEN.get(statuses[i - 1] or "") if i else None
            if stage is None:
                if closed_after is not None and closed_after <= snapshot:
                    break  # closed for good: no later snapshot finds it open
                continue
            age = snapshot - arrived
            bucket = first_bucket if age <= week else second_bucket if age <= month else "30d+"
            won = signed_at is not None and snapshot < signed_at <= ends[k]
            tally[(stage, bucket, lead.source_id, won)] += 1
    firm_cells: dict[Cell, _Counts] = defaultdict(_Counts)
    source_cells: dict[tuple[Cell, int], _Counts] = defaultdict(_Counts)
    for (stage, bucket, source_id, won), n in tally.items():
        for counts in (firm_cells[(stage, bucket)], source_cells[((stage, bucket), source_id)]):
            counts.trials += n
            if won:
                counts.wins += n
    return firm_cells, source_cells


@dataclass(frozen=True)
class Forecast:
    horizon_days: int
    expected: float
    low: int  # 10th percentile: with the 90th, an 80 % interval
    high: int
    open_leads: int


def _beta_binomial(n: int, alpha: float, beta: float) -> list[float]:
    """P(k of n sign) when the rate itself is Beta(alpha, beta)-distributed."""
    base = math.lgamma(alpha + beta) - math.lgamma(alpha) - math.lgamma(beta)
    return [
        math.exp(
            math.lgamma(n + 1)
            - math.lgamma(k + 1)
            - math.lgamma(n - k + 1)
            + math.lgamma(k + alpha)
            + math.lgamma(n - k + beta)
            - math.lgamma(n + alpha + beta)
            + base
        )
        for k in range(n + 1)
    ]


def _convolve(a: list[float], b: list[float]) -> list[float]:
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def _simulate(
    pipeline: Counter[tuple[Cell, int]],
    history: tuple[dict[Cell, _Counts], dict[tuple[Cell, int], _Counts]],
    *,
    days: int,
    overall: float,
) -> Forecast:
    """Expected signings and an 80 % interval of the sum of the cells' Beta-binomials: the
    exact distribution for a pipeline of up to EXACT_UP_TO leads, a normal approximation with
    the same mean and variance above that."""
    firm_cells, source_cells = history
    params = []
    for key, n in pipeline.items():
        cell, _ = key
        base = firm_cells.get(cell, _Counts())
        # cell → the firm's own rate for the cell → the firm's overall rate of signing.
        firm_rate = (base.wins + PRIOR_STRENGTH * overall) / (base.trials + PRIOR_STRENGTH)
        own = source_cells.get(key, _Counts())
        alpha = own.wins + PRIOR_STRENGTH * firm_rate
        beta = own.trials - own.wins + PRIOR_STRENGTH * (1 - firm_rate)
        params.append((alpha, beta, n))
    total = sum(pipeline.values())
    if not params:
        return Forecast(days, 0.0, 0, 0, 0)
    expected = sum(n * a / (a + b) for a, b, n in params)
    if total <= EXACT_UP_TO:
        pmf = [1.0]
        for alpha, beta, n in params:
            pmf = _convolve(pmf, _beta_binomial(n, alpha, beta))
        low = _quantile(pmf, 0.1)
        high = _quantile(pmf, 0.9)
        return Forecast(days, expected, low, high, total)
    variance = sum(
        n * (a / (a + b)) * (b / (a + b)) * (a + b + n) / (a + b + 1) for a, b, n in params
    )
    spread = Z_80 * math.sqrt(variance)
    low = max(0, math.floor(expected - spread))
    return Forecast(days, expected, low, min(total, math.ceil(expected + spread)), total)


def _quantile(pmf: list[float], q: float) -> int:
    running = 0.0
    for k, p in enumerate(pmf):
        running += p
        if running >= q - 1e-12:
            return k
    return len(pmf) - 1


def _open_now(firm: Firm, now: datetime) -> Counter[tuple[Cell, int]]:
    """Every open lead by (stage, age bucket) and source, counted in the database."""
    counts: Counter[tuple[Cell, int]] = Counter()
    edges = [now - limit for limit, _ in AGE_BUCKETS]
    rollup.refresh()
    rows = (
        LeadRollup.objects.filter(firm_id=firm.pk, status__in=list(OPEN), arrived_at__lte=now)
        .values("status", "source_id")
        .annotate(
            fresh=Count("pk", filter=Q(arrived_at__gte=edges[0])),
            month=Count("pk", filter=Q(arrived_at__gte=edges[1], arrived_at__lt=edges[0])),
            old=Count("pk", filter=Q(arrived_at__lt=edges[1])),
        )
    )
    for row in rows:
        stage = OPEN[row["status"]]
        for bucket, n in (("0-7d", row["fresh"]), ("8-30d", row["month"]), ("30d+", row["old"])):
            if n:
                counts[((stage, bucket), row["source_id"])] += n
    return counts


def _overall_rate(firm: Firm, since: datetime, until: datetime) -> float:
    """The share of the firm's leads that signed, with a Beta(1, 1) prior: the level every
    cell shrinks to when it has little history of its own."""
    rollup.refresh()
    counts = LeadRollup.objects.filter(
        firm_id=firm.pk, arrived_at__gte=since, arrived_at__lt=until
    ).aggregate(total=Count("pk"), signed=Count("pk", filter=Q(first_signed_at__lt=until)))
    return (counts["signed"] + 1) / (counts["total"] + 2)


def load_history(firm: Firm, now: datetime) -> tuple[list[_Lead], int]:
    """The past leads both forecast() and backtest() read (load once, pass to both)."""
    return _load(firm, now - HISTORY, now)


def forecast(
    *, firm: Firm, now: datetime, loaded: tuple[list[_Lead], int] | None = None
) -> list[Forecast]:
    leads, _ = loaded or load_history(firm, now)
    overall = _overall_rate(firm, now - HISTORY, now)
    pipeline = _open_now(firm, now)
    results = []
    for days in HORIZONS:
        history = _history(leads, as_of=now, horizon=timedelta(days=days))
        results.append(_simulate(pipeline, history, days=days, overall=overall))
    return results


@dataclass(frozen=True)
class BacktestPoint:
    as_of: datetime
    forecast: Forecast
    actual: int

    @property
    def error(self) -> float:
        return self.forecast.expected - self.actual

    @property
    def covered(self) -> bool:
        return self.forecast.low <= self.actual <= self.forecast.high


@dataclass(frozen=True)
class Backtest:
    horizon_days: int
    points: list[BacktestPoint]
    sample_step: int = 1  # 1: every lead; k: every k-th lead

    @property
    def mean_absolute_error(self) -> float | None:
        return sum(abs(p.error) for p in self.points) / len(self.points) if self.points else None

    @property
    def coverage(self) -> float | None:
        return sum(p.covered for p in self.points) / len(self.points) if self.points else None


def backtest(
    *,
    firm: Firm,
    now: datetime,
    horizon_days: int = 30,
    step_days: int = 14,
    points: int = 6,
    loaded: tuple[list[_Lead], int] | None = None,
) -> Backtest:
    """Forecasts made at past dates (each knowing only the leads and statuses of its day)
    against the leads open on that day that then signed within the horizon."""
    horizon = timedelta(days=horizon_days)
    leads, step = loaded or load_history(firm, now)
    by_id = {lead.id: lead for lead in leads}
    made: list[BacktestPoint] = []
    as_of = now - horizon
    earliest = min((lead.arrived_at for lead in leads), default=now) + timedelta(days=28)
    while as_of >= earliest and len(made) < points:
        known = [_as_known(lead, as_of) for lead in leads if lead.arrived_at <= as_of]
        pipeline: Counter[tuple[Cell, int]] = Counter()
        opened = []
        for lead in known:
            stage = OPEN.get(lead.status_at(as_of) or "")
            if stage is not None:
                pipeline[((stage, _age_bucket(as_of - lead.arrived_at)), lead.source_id)] += 1
                opened.append(lead.id)
        history = _history(known, as_of=as_of, horizon=horizon)
        overall = (sum(1 for lead in known if lead.signed_at is not None) + 1) / (len(known) + 2)
        result = _simulate(pipeline, history, days=horizon_days, overall=overall)
        actual = sum(1 for i in opened if _signed_within(by_id[i], as_of, horizon))
        made.append(BacktestPoint(as_of, result, actual))
        as_of -= timedelta(days=step_days)
    made.reverse()
    return Backtest(horizon_days, made, step)


def _as_known(lead: _Lead, as_of: datetime) -> _Lead:
    """The lead as its history stood on `as_of` (nothing from later leaks into the forecast)."""
    i = bisect.bisect_right(lead.times, as_of)
    signed = lead.signed_at if lead.signed_at is not None and lead.signed_at <= as_of else None
    return _Lead(
        lead.id, lead.source_id, lead.arrived_at, lead.times[:i], lead.statuses[:i], signed
    )
