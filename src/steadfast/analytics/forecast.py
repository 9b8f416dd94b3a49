"""How many signed cases the pipeline will bring in the next 30, 60 and 90 days.

The model, as the page explains it: *each open lead signs within the horizon with the rate at
which this firm's past leads in the same stage, of the same age and from the same source
signed within that horizon — a source with little history leans on the firm's overall rate
(Beta-binomial shrinkage); drawing those rates from their uncertainty and each lead's outcome
many times gives the expected count and an 80 % interval.*

History is read as weekly snapshots: on each past Monday, every lead's stage (from its status
history) and age, and whether it signed within the horizon after that day. The backtest makes
the same forecast at past dates, with only what was known then, and compares it with what
then happened.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

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
DRAWS = 2000
HISTORY = timedelta(days=365)


def _age_bucket(age: timedelta) -> str:
    return "0-7d" if age <= timedelta(days=7) else "8-30d" if age <= timedelta(days=30) else "30d+"


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


def _load(firm: Firm, since: datetime, until: datetime) -> list[_Lead]:
    leads = {
        pk: _Lead(pk, source, arrived, [], [], None)
        for pk, source, arrived in Lead.objects.filter(
            firm=firm, arrived_at__gte=since, arrived_at__lt=until
        ).values_list("id", "source_id", "arrived_at")
    }
    changes = StatusChange.objects.filter(
        firm=firm, lead__arrived_at__gte=since, lead__arrived_at__lt=until
    )
    for lead_id, at, to in changes.order_by("lead_id", "at", "id").values_list(
        "lead_id", "at", "to_status"
    ):
        lead = leads.get(lead_id)
        if lead is None:
            continue
        lead.times.append(at)
        lead.statuses.append(to)
        if to == Status.SIGNED and lead.signed_at is None:
            lead.signed_at = at
    return list(leads.values())


Cell = tuple[str, str]  # (stage, age bucket)


@dataclass
class _Counts:
    trials: float = 0.0
    wins: float = 0.0


def _history(
    leads: list[_Lead], *, as_of: datetime, horizon: timedelta
) -> tuple[dict[Cell, _Counts], dict[tuple[Cell, int], _Counts]]:
    """Trials per cell and per (cell, source) from weekly snapshots fully observed by as_of."""
    firm_cells: dict[Cell, _Counts] = defaultdict(_Counts)
    source_cells: dict[tuple[Cell, int], _Counts] = defaultdict(_Counts)
    first = min((lead.arrived_at for lead in leads), default=as_of)
    snapshot = as_of - horizon
    while snapshot >= first:
        for lead in leads:
            if lead.arrived_at > snapshot:
                continue
            stage = OPEN.get(lead.status_at(snapshot) or "")
            if stage is None:
                continue
            cell = (stage, _age_bucket(snapshot - lead.arrived_at))
            won = _signed_within(lead, snapshot, horizon)
            for counts in (firm_cells[cell], source_cells[(cell, lead.source_id)]):
                counts.trials += 1
                counts.wins += won
        snapshot -= timedelta(days=7)
    return firm_cells, source_cells


@dataclass(frozen=True)
class Forecast:
    horizon_days: int
    expected: float
    low: int  # 10th percentile: with the 90th, an 80 % interval
    high: int
    open_leads: int


def _predict(
    leads: list[_Lead], *, as_of: datetime, horizon: timedelta, rng: random.Random
) -> tuple[Forecast, list[int]]:
    firm_cells, source_cells = _history(leads, as_of=as_of, horizon=horizon)
    pipeline: dict[tuple[Cell, int], list[int]] = defaultdict(list)
    for lead in leads:
        if lead.arrived_at > as_of:
            continue
        stage = OPEN.get(lead.status_at(as_of) or "")
        if stage is not None:
            cell = (stage, _age_bucket(as_of - lead.arrived_at))
            pipeline[(cell, lead.source_id)].append(lead.id)
    params = {}
    expected = 0.0
    for key, ids in pipeline.items():
        cell, _ = key
        base = firm_cells.get(cell, _Counts())
        firm_rate = (base.wins + 1) / (base.trials + 2)  # a neutral Beta(1, 1) prior
        own = source_cells.get(key, _Counts())
        alpha = own.wins + PRIOR_STRENGTH * firm_rate
        beta = own.trials - own.wins + PRIOR_STRENGTH * (1 - firm_rate)
        params[key] = (alpha, beta, len(ids))
        expected += len(ids) * alpha / (alpha + beta)
    totals = []
    for _ in range(DRAWS):
        total = 0
        for alpha, beta, n in params.values():
            total += rng.binomialvariate(n, rng.betavariate(alpha, beta))
        totals.append(total)
    totals.sort()
    open_ids = [i for ids in pipeline.values() for i in ids]
    days = int(horizon.total_seconds() // 86400)
    if not totals:
        return Forecast(days, 0.0, 0, 0, 0), open_ids
    return (
        Forecast(
            days, expected, totals[int(0.1 * DRAWS)], totals[int(0.9 * DRAWS) - 1], len(open_ids)
        ),
        open_ids,
    )


def forecast(*, firm: Firm, now: datetime, seed: int = 7) -> list[Forecast]:
    leads = _load(firm, now - HISTORY, now)
    rng = random.Random(seed)
    return [_predict(leads, as_of=now, horizon=timedelta(days=h), rng=rng)[0] for h in HORIZONS]


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

    @property
    def mean_absolute_error(self) -> float | None:
        return sum(abs(p.error) for p in self.points) / len(self.points) if self.points else None

    @property
    def coverage(self) -> float | None:
        return sum(p.covered for p in self.points) / len(self.points) if self.points else None


def backtest(
    *, firm: Firm, now: datetime, horizon_days: int = 30, step_days: int = 14, seed: int = 7
) -> Backtest:
    """Forecasts made at past dates (each knowing only the leads and statuses of its day)
    against the pipeline leads that then signed within the horizon."""
    horizon = timedelta(days=horizon_days)
    leads = _load(firm, now - HISTORY, now)
    rng = random.Random(seed)
    points: list[BacktestPoint] = []
    as_of = now - horizon
    earliest = min((lead.arrived_at for lead in leads), default=now) + timedelta(days=28)
    while as_of >= earliest and len(points) < 12:
        known = [_as_known(lead, as_of) for lead in leads if lead.arrived_at <= as_of]
        result, open_ids = _predict(known, as_of=as_of, horizon=horizon, rng=rng)
        by_id = {lead.id: lead for lead in leads}
        actual = sum(1 for i in open_ids if _signed_within(by_id[i], as_of, horizon))
        points.append(BacktestPoint(as_of, result, actual))
        as_of -= timedelta(days=step_days)
    points.reverse()
    return Backtest(horizon_days, points)


def _signed_within(lead: _Lead, start: datetime, horizon: timedelta) -> bool:
    return lead.signed_at is not None and start < lead.signed_at <= start + horizon


def _as_known(lead: _Lead, as_of: datetime) -> _Lead:
    """The lead as its history stood on `as_of` (nothing from later leaks into the forecast)."""
    i = bisect.bisect_right(lead.times, as_of)
    signed = lead.signed_at if lead.signed_at is not None and lead.signed_at <= as_of else None
    return _Lead(
        lead.id, lead.source_id, lead.arrived_at, lead.times[:i], lead.statuses[:i], signed
    )
