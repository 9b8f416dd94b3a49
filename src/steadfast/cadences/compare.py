"""`steadfast simulate FILE --compare MODE MODE [--seeds K]`: the same population under two
call timings, over several seeds, with 95 % intervals and the lift (PRODUCT.md §5.4, F14).

Each seed draws the population's arrivals and every lead's answer coins once; both modes meet
the same draws (a lead's n-th call is answered when its coin falls under the answer chance at
the moment of the call), so the difference between modes is the timing's, not luck's.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Sequence
from typing import Any

from steadfast.cadences.scenario import Scenario, population
from steadfast.cadences.simulation import Simulation

MODES = {"default": "fixed", "fixed": "fixed", "learned": "learned"}
CALLS_SHOWN = 3
# Student's t, 97.5th percentile, by degrees of freedom (1..30); beyond: the normal's.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t975(df: int) -> float:
    return _T975[df - 1] if 1 <= df <= len(_T975) else 1.96


def mean_interval(values: Sequence[float]) -> tuple[float, tuple[float, float]]:
    """The mean of per-seed values and its 95 % interval (Student's t over the seeds)."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return mean, (mean, mean)
    half = t975(len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return mean, (mean - half, mean + half)


def wilson(successes: int, n: int) -> tuple[float, float]:
    """95 % Wilson interval of a share (one seed: the population's own sampling error)."""
    if n == 0:
        return 0.0, 0.0
    z, p = 1.96, successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def _r(x: float) -> float:
    return round(x, 4)


def _runs(scenario: Scenario, mode: str, seeds: Sequence[int]) -> list[dict[str, Any]]:
    return [Simulation(scenario, timing=MODES[mode], seed=s).measure() for s in seeds]


def _shares(run: dict[str, Any]) -> list[float]:
    leads = run["leads"]
    n = len(leads) or 1
    return [
        sum(1 for x in leads if x["by_call"] is not None and x["by_call"] <= c) / n
        for c in range(1, CALLS_SHOWN + 1)
    ]


def _median(run: dict[str, Any]) -> float | None:
    minutes = [x["minutes"] for x in run["leads"] if x["minutes"] is not None]
    return statistics.median(minutes) if minutes else None


def _summary(mode: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    shares = [_shares(r) for r in runs]
    rows = []
    for c in range(CALLS_SHOWN):
        per_seed = [s[c] for s in shares]
        mean, ci = mean_interval(per_seed)
        if len(runs) == 1:
            n = len(runs[0]["leads"])
            ci = wilson(round(mean * n), n)
        rows.append({"call": c + 1, "share": _r(mean), "ci95": [_r(ci[0]), _r(ci[1])]})
    medians = [m for m in (_median(r) for r in runs) if m is not None]
    median, median_ci = mean_interval(medians) if medians else (None, None)
    calls, calls_ci = mean_interval([r["calls"] for r in runs])
    return {
        "timing": MODES[mode],
        "leads": len(runs[0]["leads"]) if runs else 0,
        "contacted_by_call": rows,
        "median_minutes_to_contact": round(median, 1) if median is not None else None,
        "median_minutes_to_contact_ci95": (
            [round(median_ci[0], 1), round(median_ci[1], 1)] if median_ci else None
        ),
        "calls": round(calls, 1),
        "calls_ci95": [round(calls_ci[0], 1), round(calls_ci[1], 1)],
    }


def compare(scenario: Scenario, modes: Sequence[str], *, seeds: int) -> dict[str, Any]:
    """Each mode over `seeds` seeds (the scenario's seed and the ones after it)."""
    first, second = modes
    base = scenario.seed if scenario.seed is not None else random.SystemRandom().getrandbits(24)
    seed_list = [base + k for k in range(seeds)]
    runs = {mode: _runs(scenario, mode, seed_list) for mode in dict.fromkeys(modes)}
    out: dict[str, Any] = {mode: _summary(mode, r) for mode, r in runs.items()}
    lift: dict[str, Any] = {"of": second, "over": first}
    for c in range(CALLS_SHOWN):
        diffs = [
            b[c] - a[c]
            for a, b in zip(
                (_shares(r) for r in runs[first]), (_shares(r) for r in runs[second]), strict=True
            )
        ]
        mean, ci = mean_interval(diffs)
        lift[f"contacted_by_call_{c + 1}"] = _r(mean)
        lift[f"contacted_by_call_{c + 1}_ci95"] = [_r(ci[0]), _r(ci[1])]
    out["lift"] = lift
    return {
        "compare": out,
        "seeds": seed_list,
        "leads": len(population(scenario, random.Random(base))),
    }


def _pct(x: float) -> str:
    return f"{x * 100:.1f} %"


def format_text(result: dict[str, Any]) -> list[str]:
    """The comparison as a person reads it."""
    data = result["compare"]
    lift = data["lift"]
    modes = [m for m in data if m != "lift"]
    seeds = result["seeds"]
    lines = [
        f"{result['leads']} leads, {len(seeds)} seed{'s' if len(seeds) > 1 else ''} "
        f"({', '.join(map(str, seeds))}); [95 % interval "
        + ("over the seeds]" if len(seeds) > 1 else "of the share]"),
        f"{'':28}" + "".join(f"{f'{m} ({data[m]["timing"]})':>30}" for m in modes),
    ]
    for c in range(CALLS_SHOWN):
        cells = []
        for m in modes:
            row = data[m]["contacted_by_call"][c]
            lo, hi = row["ci95"]
            cells.append(f"{_pct(row['share'])} [{lo * 100:.1f}-{hi * 100:.1f}]")
        lines.append(f"{f'contacted by call {c + 1}':28}" + "".join(f"{x:>30}" for x in cells))
    cells = []
    for m in modes:
        med, ci = data[m]["median_minutes_to_contact"], data[m]["median_minutes_to_contact_ci95"]
        cells.append("—" if med is None else f"{med:.0f} min [{ci[0]:.0f}-{ci[1]:.0f}]")
    lines.append(f"{'median time to first contact':28}" + "".join(f"{x:>30}" for x in cells))
    cells = [
        f"{data[m]['calls']:.0f} [{data[m]['calls_ci95'][0]:.0f}-{data[m]['calls_ci95'][1]:.0f}]"
        for m in modes
    ]
    lines.append(f"{'calls made':28}" + "".join(f"{x:>30}" for x in cells))
    for c in range(CALLS_SHOWN):
        key = f"contacted_by_call_{c + 1}"
        lo, hi = lift[f"{key}_ci95"]
        lines.append(
            f"lift of {lift['of']} over {lift['over']}, contacted by call {c + 1}: "
            f"{lift[key] * 100:+.1f} points [{lo * 100:+.1f} to {hi * 100:+.1f}]"
        )
    return lines
