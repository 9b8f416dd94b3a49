"""Server time of the team call queue with many calls due: an agent's claim of the next call,
the renewal of the call on screen (every poll), the waiting list with its exact count, and an
outcome followed by the next claim.

    .venv/bin/python bench/call_queue.py --calls 5000                       # SQLite under var/
    .venv/bin/python bench/call_queue.py --calls 5000 \
        --postgres postgres://postgres@127.0.0.1:5432/sf_bench_queue
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

PY = sys.executable
NOW = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Chicago


def create_database(url: str, var_dir: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "STEADFAST_VAR_DIR": var_dir}
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    subprocess.run([PY, "-m", "steadfast", "migrate", "-v0"], env=env, check=True)


def load(calls: int) -> tuple[object, list[object]]:
    from decimal import Decimal

    from steadfast.dispatch.models import Touch
    from steadfast.firms.models import Firm, Membership, Role, User
    from steadfast.leads.models import Lead, LeadSource

    firm = Firm.objects.create(name="Bench Law", slug="bench", states=["IL"])
    agents = []
    for i in range(3):
        user = User.objects.create_user(f"agent{i}@bench.example", "x", first_name=f"Agent{i}")
        Membership.objects.create(firm=firm, user=user, role=Role.AGENT)
        agents.append(user)
    source = LeadSource.objects.create(firm=firm, name="Vendor", cost_per_lead=Decimal(30))
    leads = Lead.objects.bulk_create(
        Lead(
            firm=firm,
            source=source,
            first_name=f"Lead{i}",
            last_name="Núñez",
            phone=f"+1312{5550000 + i:07d}"[:12],
            timezone="America/Chicago",
            timezone_source="state",
            jurisdiction_state="IL",
            status="new",
            arrived_at=NOW - timedelta(seconds=calls - i),
        )
        for i in range(calls)
    )
    Touch.objects.bulk_create(
        Touch(
            firm=firm,
            lead=lead,
            channel="call",
            step=1,
            due_at=lead.arrived_at,
            to_address=lead.phone,
            created_at=lead.arrived_at,
        )
        for lead in leads
    )
    return firm, agents


def timed(label: str, runs: int, action: Callable[[int], object]) -> None:
    times = []
    for n in range(runs):
        start = time.perf_counter()
        action(n)
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<48} median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(
        prefix="sf-bench-queue-", dir="var" if os.path.isdir("var") else None
    )
    url = args.postgres or f"sqlite:///{var_dir}/bench.sqlite3"
    create_database(url, var_dir)
    os.environ.update({"DATABASE_URL": url, "STEADFAST_VAR_DIR": var_dir})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()
    from steadfast.engine.call_queue import call_claim_next, call_due_count, call_queue, holders
    from steadfast.engine.events import call_outcome_log

    firm, agents = load(args.calls)
    print(f"{args.calls} calls due, {len(agents)} agents, {url.split(':')[0]}")
    offers = {}

    def claim(n: int) -> None:
        agent = agents[n % len(agents)]
        offers[agent.pk] = call_claim_next(firm=firm, agent=agent, now=NOW)  # type: ignore[arg-type]

    timed("claim (first call of each agent, then renewal)", 30, claim)

    def waiting(n: int) -> None:
        call_queue(firm=firm, now=NOW, limit=50)  # type: ignore[arg-type]
        holders(firm=firm, now=NOW)  # type: ignore[arg-type]
        call_due_count(firm=firm, now=NOW)  # type: ignore[arg-type]

    timed("waiting list + holders + exact due count", 30, waiting)

    def outcome(n: int) -> None:
        agent = agents[n % len(agents)]
        offer = offers[agent.pk]
        call_outcome_log(touch=offer.touch, outcome="no_answer", now=NOW, actor=agent)
        offers[agent.pk] = call_claim_next(firm=firm, agent=agent, now=NOW)  # type: ignore[arg-type]

    timed("outcome, then the next claim", 30, outcome)
    print(f"exact due count: {call_due_count(firm=firm, now=NOW)}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
