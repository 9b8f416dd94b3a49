"""What learned call timing costs per placed call, and how long the firm's model takes to build.

Loads a firm with N leads and three logged calls each (outcomes spread over the hours and
weekdays of the last 60 days) into a database, then times:
  - the model's build from the ledger (cold: every outcome read), and its refresh (warm);
  - the placement of one call under the learned rule, everything included (the candidate hours
    through the timing function, the queue query, the model, Thompson sampling, the why);
  - the fixed rule's placement (one timing-function call) beside it;
  - the pure parts alone: `answer_model.build`, `estimate`, `place`.

    .venv/bin/python bench/placement_cost.py --leads 20000            # in-memory SQLite
    .venv/bin/python bench/placement_cost.py --leads 20000 \
        --postgres postgres://postgres@127.0.0.1:5432/sf_bench_placement
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Chicago


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def load(leads: int) -> object:
    from decimal import Decimal

    from steadfast.dispatch.models import Touch
    from steadfast.firms.models import Firm, Membership, Role, User
    from steadfast.leads.models import Lead, LeadSource

    rng = random.Random(1)
    firm = Firm.objects.create(
        name="Bench Law",
        slug="bench-placement",
        states=["IL"],
        timezone="America/Chicago",
        business_hours={d: ["08:30", "18:00"] for d in ("mon", "tue", "wed", "thu", "fri")},
        holiday_calendars=["US"],
    )
    for i in range(3):
        user = User.objects.create_user(f"agent{i}@bench.example", "x")
        Membership.objects.create(firm=firm, user=user, role=Role.AGENT)
    sources = [
        LeadSource.objects.create(firm=firm, name=name, cost_per_lead=Decimal(30))
        for name in ("Google Ads", "Vendor B", "Web form")
    ]
    made = Lead.objects.bulk_create(
        Lead(
            firm=firm,
            source=sources[i % 3],
            first_name=f"Lead{i}",
            phone=f"+1312{5550000 + i % 10000:07d}",
            timezone="America/Chicago",
            timezone_source="state",
            jurisdiction_state="IL",
            status="nurture",
            arrived_at=NOW - timedelta(days=60) + timedelta(seconds=i * 60 * 86400 / leads),
        )
        for i in range(leads)
    )
    touches = []
    for lead in made:
        for n in range(3):
            at = lead.arrived_at + timedelta(days=n, hours=rng.randint(0, 10))
            evening = 16 <= (at.hour - 6) % 24 < 19
            answered = rng.random() < (0.4 if evening else 0.12)
            touches.append(
                Touch(
                    firm=firm,
                    lead=lead,
                    channel="call",
                    step=n + 1,
                    state="sent",
                    outcome="connected" if answered else "voicemail",
                    due_at=at,
                    done_at=at,
                    to_address=lead.phone,
                    created_at=at,
                )
            )
    Touch.objects.bulk_create(touches, batch_size=5000)
    return firm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=20000)
    parser.add_argument("--postgres", help="a PostgreSQL URL (its database is recreated)")
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()

    os.environ.setdefault("STEADFAST_VAR_DIR", str(ROOT / "var"))
    if args.postgres:
        name = args.postgres.rsplit("/", 1)[1]
        admin = args.postgres.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
        os.environ["DATABASE_URL"] = args.postgres
    else:
        os.environ["DATABASE_URL"] = "sqlite://:memory:"
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()
    from steadfast.cadences.management.commands.simulate import prepare_database
    from steadfast.engine import answer_model as am
    from steadfast.engine import learned_timing
    from steadfast.engine.planner import firm_hours, firm_rules
    from steadfast.engine.timing import LeadPlace, next_allowed_time

    prepare_database()
    t = time.perf_counter()
    firm = load(args.leads)
    print(f"loaded {args.leads} leads, {3 * args.leads} calls in {time.perf_counter() - t:.1f} s")

    learned_timing.reset()
    cold = timed(lambda: (learned_timing.reset(), learned_timing.firm_model(firm, now=NOW)), 3)
    warm = timed(lambda: learned_timing.firm_model(firm, now=NOW), args.repeat)
    model = learned_timing.firm_model(firm, now=NOW)
    print(f"model build from the ledger (cold), {model.attempts} calls: {min(cold) * 1e3:.0f} ms")
    print(f"model refresh (warm, nothing new): {statistics.median(warm) * 1e6:.0f} µs")

    hours, rules = firm_hours(firm), firm_rules(firm)
    place = LeadPlace(zones=("America/Chicago",), state="IL")
    start = datetime(2026, 3, 4, 6, 0, tzinfo=UTC)  # Wed 00:00 Chicago
    fixed = next_allowed_time(
        kind="call", earliest=start + timedelta(hours=10), lead=place, firm=hours, rules=rules
    )

    def learned() -> object:
        return learned_timing.learned_slot(
            firm=firm,
            source="Google Ads",
            attempt=2,
            place=place,
            hours=hours,
            rules=rules,
            recent=[NOW],
            avoid=None,
            start=start,
            fixed=fixed,
            now=NOW,
        )

    slot = learned()
    assert slot is not None
    print(f"  e.g. {slot.at:%a %H:%M} UTC: {slot.reason}")
    per = timed(learned, args.repeat)
    fixed_per = timed(
        lambda: next_allowed_time(
            kind="call", earliest=start, lead=place, firm=hours, rules=rules, recent=[NOW]
        ),
        args.repeat,
    )
    print(
        f"placement per call, learned (all included): median {statistics.median(per) * 1e6:.0f} µs,"
        f" p95 {sorted(per)[int(0.95 * len(per))] * 1e6:.0f} µs"
    )
    print(f"placement per call, fixed rule: median {statistics.median(fixed_per) * 1e6:.0f} µs")

    found = learned_timing.candidates(
        start=start,
        end=start + learned_timing.WINDOW,
        place=place,
        hours=hours,
        rules=rules,
        recent=[NOW],
        avoid=None,
    )
    options = [am.Candidate(s.at, loc.weekday(), loc.hour) for s, loc in found]
    cand = timed(
        lambda: learned_timing.candidates(
            start=start,
            end=start + learned_timing.WINDOW,
            place=place,
            hours=hours,
            rules=rules,
            recent=[NOW],
            avoid=None,
        ),
        args.repeat,
    )
    rng = random.Random(1)
    chosen = timed(
        lambda: am.place(options, model, source="Google Ads", attempt=2, rng=rng, capacity=15),
        args.repeat,
    )
    print(
        f"  of which: {len(options)} candidate hours {statistics.median(cand) * 1e6:.0f} µs, "
        f"Thompson choice {statistics.median(chosen) * 1e6:.0f} µs"
    )
    observations = [
        am.Observation("Google Ads", 1 + i % 4, i % 7, 8 + i % 11, i % 5 == 0)
        for i in range(100_000)
    ]
    built = timed(lambda: am.build(observations), 3)
    print(f"answer_model.build of 100,000 outcomes (pure): {min(built) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
