"""`steadfast simulate` at scale, and the examples' wall time.

Writes a scenario of N leads arriving over D days with mixed behaviour (silent leads, leads who
answer the first or second call, wrong numbers, disconnected numbers, landlines, bouncing
emails, leads who text or email back, leads who text STOP, duplicates, out-of-state leads),
then times `steadfast simulate FILE --json` as a person runs it (a new process each time,
start-up included), and the examples.

    .venv/bin/python bench/simulate_speed.py                        # 10,000 leads over 30 days
    .venv/bin/python bench/simulate_speed.py --leads 1000 --compare OLD_CHECKOUT/src

--compare runs the same scenarios with the code under OLD_CHECKOUT/src too, one after the other
(the large one with at most --compare-leads leads, since the old code may not finish the full
size), and checks that both print the same JSON. Each example runs --repeat times after a first
run that may prepare caches; the least wall and CPU time are shown (a busy machine only ever
adds time). Python writes its bytecode caches as an installed Steadfast has them, whatever
PYTHONDONTWRITEBYTECODE says, so that neither code compiles its source on every run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
STATES = ["IL", "IL", "IL", "WI", "WI", "TX"]
EXAMPLES = ["jane-answers-second-call", "night-arrival-and-stop", "mixed-batch"]
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
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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


def calls(output: str, plan: dict[str, Any]) -> str:
    """The calls the simulated agents placed, and the leads in the firm's states (of the
    scenario `plan`) who never got one."""
    served = set(plan["firm"]["states"])
    in_state = {lead["ref"] for lead in plan["leads"] if lead["state"] in served}
    leads = json.loads(output)["leads"]
    placed = sum(
        1
        for lead in leads
        for t in lead["touches"]
        if t["channel"] == "call" and t["direction"] == "out"
    )
    uncalled = sum(
        1
        for lead in leads
        if lead["ref"] in in_state and not any(t["channel"] == "call" for t in lead["touches"])
    )
    no_first = sum(
        1
        for lead in leads
        if lead["ref"] in in_state
        and not any(t["channel"] == "call" and t["step"] == 1 for t in lead["touches"])
    )
    return (
        f"{placed} calls placed; of {len(in_state)} leads in the states {no_first} got no first"
        f" call (step 1), {uncalled} no call at all"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--compare", help="the src/ folder of another checkout to measure too")
    parser.add_argument("--compare-leads", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each example")
    parser.add_argument(
        "--examples",
        nargs="*",
        default=EXAMPLES,
        help="names in examples/ (default: the three of the target; 'all' for every one)",
    )
    args = parser.parse_args()
    codes: list[tuple[str, str | None]] = [("this code", None)]
    if args.compare:
        codes.append(("compared", str(Path(args.compare).resolve())))
    folder = Path(tempfile.mkdtemp(prefix="steadfast-sim-"))
    names = args.examples
    if names == ["all"]:
        names = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))

    print("examples (`steadfast simulate FILE --json`, start-up included; CPU = user + system;")
    print(f"the least of {args.repeat} runs, one code after the other):")
    for name in names:
        example = ROOT / "examples" / f"{name}.yaml"
        outputs: dict[str, str] = {}
        times: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in codes}
        for _label, src in codes:
            run(example, src, args.timeout)  # a first run may prepare caches; time the next
        for _ in range(args.repeat):
            for label, src in codes:
                seconds, used, output = run(example, src, args.timeout)
                outputs[label] = output
                times[label].append((seconds or float("inf"), used))
        for label, _ in codes:
            wall = min(t for t, _ in times[label])
            used = min(c for _, c in times[label])
            print(f"  {example.name:36} {label:10} {wall:6.2f} s wall, {used:5.2f} s CPU")
        if len(outputs) == 2:
            same = len(set(outputs.values())) == 1
            print(f"  {'':36} same JSON: {'yes' if same else 'NO'}")

    sizes = sorted(
        {args.leads, min(args.leads, args.compare_leads)} if args.compare else {args.leads}
    )
    for size in sizes:
        path = folder / f"scenario-{size}.yaml"
        plan = scenario(size, args.days)
        path.write_text(yaml.safe_dump(plan, sort_keys=False))
        printed = []
        for label, src in codes:
            if src is not None and size > args.compare_leads:
                continue
            seconds, used, output = run(path, src, args.timeout)
            took = f"{seconds:.1f} s wall" if seconds else f"unfinished after {args.timeout:.0f} s"
            took += f", {used:.1f} s CPU"
            touches = output.count('"channel"') if output else 0
            per = f", {1000 * used / touches:.1f} ms CPU per touch" if touches else ""
            print(
                f"{label:10} {size:6} leads over {args.days} days: {took}"
                + (f" ({touches} touches in the output{per})" if output else "")
            )
            if output:
                print(f"{'':10} {size:6} leads: {calls(output, plan)}")
            printed.append(output)
        if len(printed) == 2 and all(printed):
            print(
                f"{'':10} {size:6} leads: same JSON: {'yes' if printed[0] == printed[1] else 'NO'}"
            )


if __name__ == "__main__":
    main()
