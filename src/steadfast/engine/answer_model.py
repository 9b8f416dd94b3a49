"""When this firm's leads answer the phone: a transparent model, and where it puts a call.

Pure functions of plain values (no database, no clock, no global randomness), so the planner,
the simulator and the tests drive the same code.

The model (PRODUCT.md F14): the chance that a call is answered, by the lead-local weekday and
hour, the lead's source and the attempt number (1st call, 2nd, 3rd and later), counted from
the firm's own call outcomes. Each rate is a Beta-binomial cell shrunk towards its parent, so a
cell with little history leans on a broader one:

    source x attempt x weekday x hour  →  source x weekday x hour  →  firm weekday x hour
        →  firm hour (all weekdays)  →  firm (all calls)  →  a neutral prior

At each level the posterior mean is (answered + K·parent) / (attempts + K), K = `STRENGTH`
attempts' worth of weight; the most specific cell's Beta(answered + K·parent,
unanswered + K·(1 - parent)) carries the uncertainty that Thompson sampling explores.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType

NEUTRAL_RATE = 0.2  # a neutral prior: roughly what cold call-backs to web leads get
# How many attempts' worth of weight each level's parent has over it: small where cells
# differ a lot (hours of the day), larger where they differ little (weekdays of one hour).
STRENGTH = {"firm": 2.0, "hour": 10.0, "cell": 30.0, "source": 20.0, "attempt": 20.0}
MAX_ATTEMPT = 3  # attempts 3, 4, … share one cell
CALLS_PER_AGENT_HOUR = 5  # what one agent works through in an hour (dials, voicemails, talks)
ANSWERED = "connected"
COUNTED = frozenset({"connected", "no_answer", "voicemail", "busy"})  # timing tells on these
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

Key = tuple[object, ...]


@dataclass(frozen=True)
class Observation:
    """One call's outcome: lead-local weekday (0 = Monday) and hour, source, attempt number."""

    source: str
    attempt: int
    weekday: int
    hour: int
    answered: bool


def _keys(source: str, attempt: int, weekday: int, hour: int) -> tuple[Key, ...]:
    """The cells an observation counts in, broadest first."""
    bucket = min(max(attempt, 1), MAX_ATTEMPT)
    return (
        ("firm",),
        ("hour", hour),
        ("cell", weekday, hour),
        ("source", source, weekday, hour),
        ("attempt", source, bucket, weekday, hour),
    )


@dataclass(frozen=True)
class AnswerModel:
    """Counts per cell: key → (attempts, answered). Immutable: `updated` returns a new one."""

    counts: Mapping[Key, tuple[int, int]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def attempts(self) -> int:
        return self.counts.get(("firm",), (0, 0))[0]


def build(observations: Iterable[Observation]) -> AnswerModel:
    counts: dict[Key, list[int]] = {}
    for obs in observations:
        for key in _keys(obs.source, obs.attempt, obs.weekday, obs.hour):
            cell = counts.setdefault(key, [0, 0])
            cell[0] += 1
            cell[1] += obs.answered
    return AnswerModel(MappingProxyType({k: (v[0], v[1]) for k, v in counts.items()}))


def updated(model: AnswerModel, *observations: Observation) -> AnswerModel:
    """The model with more call outcomes counted (the model itself is left as it was)."""
    counts = dict(model.counts)
    for obs in observations:
        for key in _keys(obs.source, obs.attempt, obs.weekday, obs.hour):
            n, k = counts.get(key, (0, 0))
            counts[key] = (n + 1, k + obs.answered)
    return replace(model, counts=MappingProxyType(counts))


@dataclass(frozen=True)
class Estimate:
    """The answer rate of one cell: its Beta posterior and what it rests on."""

    alpha: float
    beta: float
    attempts: int  # at the level `basis` names
    # What the figure rests on, most specific first: "source" (this source's calls at this
    # weekday and hour), "cell" (all the firm's calls then), "hour" (the firm's calls at this
    # hour on any weekday), "none" (no call at this hour yet: the firm's rate, or the prior)
    basis: str

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)

    def interval(self, z: float = 1.96) -> tuple[float, float]:
        """A normal approximation of the Beta's central 95 % (clipped to 0..1)."""
        a, b = self.alpha, self.beta
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        return max(0.0, self.mean - z * sd), min(1.0, self.mean + z * sd)

    def sample(self, rng: random.Random) -> float:
        return rng.betavariate(self.alpha, self.beta)


def estimate(model: AnswerModel, *, source: str, attempt: int, weekday: int, hour: int) -> Estimate:
    mean = NEUTRAL_RATE
    alpha = beta = 0.0
    seen: dict[str, int] = {}
    for key in _keys(source, attempt, weekday, hour):
        level = str(key[0])
        n, k = model.counts.get(key, (0, 0))
        strength = STRENGTH[level]
        alpha, beta = k + strength * mean, n - k + strength * (1 - mean)
        mean = alpha / (alpha + beta)
        seen[level] = n
    basis = next((lv for lv in ("source", "cell", "hour") if seen[lv]), "none")
    return Estimate(alpha, beta, seen.get(basis, 0), basis)


def firm_estimate(model: AnswerModel, *, weekday: int, hour: int) -> Estimate:
    """The firm's own rate at a weekday and hour, all sources and calls (the heat map)."""
    mean = NEUTRAL_RATE
    alpha = beta = 0.0
    for key in _keys("", 1, weekday, hour)[:3]:
        n, k = model.counts.get(key, (0, 0))
        strength = STRENGTH[str(key[0])]
        alpha, beta = k + strength * mean, n - k + strength * (1 - mean)
        mean = alpha / (alpha + beta)
    shown = model.counts.get(("cell", weekday, hour), (0, 0))[0]
    return Estimate(alpha, beta, shown, "cell" if shown else "none")


# --- placement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A moment the call may lawfully happen: its lead-local weekday and hour, and how many
    calls are already planned for the firm in that hour."""

    at: datetime
    weekday: int
    hour: int
    queued: int = 0


@dataclass(frozen=True)
class Placement:
    chosen: Candidate
    estimate: Estimate
    explored: bool  # chosen by its sampled rate although another hour's expected rate is higher
    compared: Candidate | None  # the hour the why compares with
    compared_estimate: Estimate | None


def load_factor(queued: int, capacity: int) -> float:
    """The share of a slot's calls agents get to within it: 1 until the queue fills the hour."""
    return min(1.0, max(capacity, 1) / (queued + 1))


def place(
    candidates: Sequence[Candidate],
    model: AnswerModel,
    *,
    source: str,
    attempt: int,
    rng: random.Random,
    capacity: int,
    compare_with: Candidate | None = None,
) -> Placement:
    """The candidate with the best sampled answer rate, discounted by its queue (Thompson
    sampling: a cell with little history sometimes wins on its uncertainty, so the model keeps
    learning). Ties go to the earlier one. `compare_with` (the fixed rule's time) is what the
    why compares against; without it, the worst candidate's hour."""
    if not candidates:
        raise ValueError("no candidate times to choose from")
    scored = []
    for i, c in enumerate(candidates):
        est = estimate(model, source=source, attempt=attempt, weekday=c.weekday, hour=c.hour)
        factor = load_factor(c.queued, capacity)
        scored.append((est.sample(rng) * factor, est.mean * factor, -i, c, est))
    best = max(scored, key=lambda s: (s[0], s[2]))
    greedy = max(scored, key=lambda s: (s[1], s[2]))
    explored = greedy[3] is not best[3] and greedy[1] > best[1] + 1e-9
    compared: Candidate | None = None
    compared_est: Estimate | None = None
    if compare_with is not None and (compare_with.weekday, compare_with.hour) != (
        best[3].weekday,
        best[3].hour,
    ):
        compared = compare_with
        compared_est = estimate(
            model,
            source=source,
            attempt=attempt,
            weekday=compare_with.weekday,
            hour=compare_with.hour,
        )
    elif len(scored) > 1:
        worst = min(scored, key=lambda s: (s[4].mean, s[2]))
        if worst[3] is not best[3]:
            compared, compared_est = worst[3], worst[4]
    return Placement(best[3], best[4], explored, compared, compared_est)


def _percent(rate: float) -> str:
    return f"{round(rate * 100)} %"


def explain(placement: Placement, *, source: str) -> str:
    """The why of a learned placement, naming the figures: 'answer rate 41 % Tue 16-17 h for
    Google Ads leads (112 attempts) vs 18 % at 10 h'."""
    c, est = placement.chosen, placement.estimate
    calls = f"{est.attempts} attempt{'s' if est.attempts != 1 else ''}"
    who = {
        "source": f"for {source or 'these'} leads ({calls})",
        "cell": f"for all leads ({calls})",
        "hour": f"for all leads at this hour on any day ({calls})",
        "none": "(no calls at this hour yet)",
    }[est.basis]
    text = (
        f"answer rate {_percent(est.mean)} {WEEKDAYS[c.weekday]} "
        f"{c.hour:02d}\N{EN DASH}{(c.hour + 1) % 24:02d} h lead-local {who}"
    )
    if placement.compared is not None and placement.compared_estimate is not None:
        other = placement.compared
        day = "" if other.weekday == c.weekday else f"{WEEKDAYS[other.weekday]} "
        text += f" vs {_percent(placement.compared_estimate.mean)} at {day}{other.hour:02d} h"
    if placement.explored:
        text += " (exploring: this hour's rate is still uncertain)"
    return "learned timing: " + text
