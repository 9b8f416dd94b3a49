"""`steadfast simulate` at scale, and the examples' wall time.

Writes a scenario of N leads arriving over D days with mixed behaviour (silent leads, leads who
answer the first or second call, wrong numbers, disconnected numbers, landlines, bouncing
emails, leads who text or email back, leads who text STOP, duplicates, out-of-state leads),
then times `steadfast simulate FILE --json` as a person runs it (a new process each time,
start-up included), and each scenario in examples/.

    .venv/bin/python bench/simulate_speed.py                        # 10,000 leads over 30 days
    .venv/bin/python bench/simulate_speed.py --compare OLD_CHECKOUT/src --compare-leads 300

--compare runs the same scenarios with the code under OLD_CHECKOUT/src too (the large one with
--compare-leads leads, since the old code may not finish the full size) and checks that both
print the same JSON for each example.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
STATES = ["IL", "IL", "IL", "WI", "WI", "TX"]
AREAS = ["312", "773", "630", "608", "414", "847"]


def scenario(leads: int, days: int) -> dict[str, object]:
    spread = days * 24 * 60 * 0.8  # arrivals over the first 80 % of the period, in minutes
    out = []
    for i in range(leads):
        kind = i % 20
        lead: dict[str, object] = {
            "ref": f"lead-{i}",
            "arrives": f"+{int(i * spread / max(leads, 1))}m",
            "first_name": f"Lead{i}",
            "last_name": "Sim",
            "phone": f"+1 {AREAS[i % len(AREAS)]} 555 {i % 10_000:04d}",
            "email": f"lead{i}@example.com",
            "state": STATES[i % len(STATES)],
            "source": ["Google Ads", "Vendor B", "Web form"][i % 3],
            "consent": ["call", "sms", "email"],
        }
        behavior: dict[str, object] = {}
        if kind in (1, 2):
            behavior["answers"] = [kind]
        elif kind == 3:
            behavior["phone"] = "wrong_person"
        elif kind == 4:
            behavior["phone"] = "disconnected"
        elif kind == 5:
            behavior["phone"] = "landline"
        elif kind == 6:
            behavior["email"] = "bounces"
        elif kind == 7:
            behavior["replies"] = [{"after": "sms#1 +20m", "channel": "sms", "text": "Call me"}]
        elif kind == 8:
            behavior["replies"] = [{"after": "email#1 +2h", "channel": "email", "text": "Evenings"}]
        elif kind == 9:
            behavior["replies"] = [{"after": "sms#1 +5m", "channel": "sms", "text": "STOP"}]
        elif kind == 10:
            behavior["voicemail"] = False
        if kind == 11 and i >= 20:  # the same phone as a lead a few minutes earlier
            lead["phone"] = f"+1 {AREAS[(i - 20) % len(AREAS)]} 555 {(i - 20) % 10_000:04d}"
        if behavior:
            lead["behavior"] = behavior
        out.append(lead)
    return {
        "start": "2026-03-02T08:00:00",
        "until": f"+{days}d",
        "firm": {
            "timezone": "America/Chicago",
            "business_hours": {"weekdays": "08:30-18:00", "sat": "09:00-13:00", "sun": None},
            "states": ["IL", "WI"],
            "holidays": ["US"],
            "agents": max(2, leads // 250),
            "agent_delay": "2m",
        },
        "leads": out,
    }


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(path: Path, src: str | None, timeout: float) -> tuple[float | None, float, str]:
    """Wall seconds (None: it did not finish in time), CPU seconds, and what it printed."""
    env = {**os.environ, "STEADFAST_LOG_LEVEL": "WARNING"}
    if src:
        env["PYTHONPATH"] = src
    start, used = time.perf_counter(), cpu()
    try:
        done = subprocess.run(
            [PY, "-m", "steadfast", "simulate", str(path), "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None, cpu() - used, ""
    return time.perf_counter() - start, cpu() - used, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--compare", help="the src/ folder of another checkout to measure too")
    parser.add_argument("--compare-leads", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    codes: list[tuple[str, str | None]] = [("this code", None)]
    if args.compare:
        codes.append(("compared", str(Path(args.compare).resolve())))
    folder = Path(tempfile.mkdtemp(prefix="steadfast-sim-"))

    print("examples (`steadfast simulate FILE --json`, start-up included; CPU = user + system):")
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        outputs = []
        for label, src in codes:
            run(example, src, args.timeout)  # a first run may prepare caches; time the next
            seconds, used, output = run(example, src, args.timeout)
            outputs.append(output)
            print(f"  {example.name:36} {label:10} {seconds or 0:6.2f} s wall, {used:5.2f} s CPU")
        if len(outputs) == 2:
            print(f"  {'':36} same JSON: {'yes' if outputs[0] == outputs[1] else 'NO'}")

    for label, src in codes:
        leads = args.leads if src is None else min(args.leads, args.compare_leads)
        for size in sorted({leads, min(leads, args.compare_leads)}) if args.compare else [leads]:
            path = folder / f"scenario-{size}.yaml"
            path.write_text(yaml.safe_dump(scenario(size, args.days), sort_keys=False))
            seconds, used, output = run(path, src, args.timeout)
            took = f"{seconds:.1f} s wall" if seconds else f"unfinished after {args.timeout:.0f} s"
            took += f", {used:.1f} s CPU"
            touches = output.count('"channel"') if output else 0
            print(
                f"{label:10} {size:6} leads over {args.days} days: {took}"
                + (f" ({touches} touches in the output)" if output else "")
            )


if __name__ == "__main__":
    main()
