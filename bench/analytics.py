"""Server time of each analytics report for a 90-day range on a large history.

Loads a synthetic history in bulk (leads spread over a year from ten sources, about eight
touches each, status histories with engaged / qualified / signed / nurture / invalid leads),
then times each report as the page computes it (the figures and the chart data) and renders
its template.

    .venv/bin/python bench/analytics.py --leads 200000                      # SQLite under var/
    .venv/bin/python bench/analytics.py --leads 1000000 \
        --postgres postgres://postgres@127.0.0.1:5432/sf_bench_analytics
    .venv/bin/python bench/analytics.py --postgres URL --reuse              # keep the loaded data
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

PY = sys.executable
NOW = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
BATCH = 5000


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()


def create_database(url: str, var_dir: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "STEADFAST_VAR_DIR": var_dir}
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    subprocess.run([PY, "-m", "steadfast", "migrate", "-v0"], env=env, check=True)


def load(leads: int) -> None:
    from decimal import Decimal

    from steadfast.dispatch.models import Touch
    from steadfast.firms.models import Firm, Membership, Role, User
    from steadfast.leads.models import Lead, LeadSource, StatusChange

    rng = random.Random(42)
    firm = Firm.objects.create(
        name="Bench Law",
        slug="bench",
        timezone="America/Chicago",
        states=["IL"],
        practice_areas=["personal_injury", "family"],
    )
    agents = []
    for i in range(8):
        user = User.objects.create_user(f"agent{i}@bench.example", "x", first_name=f"Agent{i}")
        Membership.objects.create(firm=firm, user=user, role=Role.AGENT)
        agents.append(user)
    sources = [
        LeadSource.objects.create(firm=firm, name=f"Vendor {i}", cost_per_lead=Decimal(20 + 10 * i))
        for i in range(10)
    ]
    started = time.perf_counter()
    made = 0
    statuses = (
        ["nurture"] * 40
        + ["engaged"] * 15
        + ["qualified"] * 8
        + ["signed"] * 7
        + ["declined"] * 5
        + ["invalid"] * 15
        + ["contacting"] * 7
        + ["opted_out"] * 3
    )
    while made < leads:
        n = min(BATCH, leads - made)
        rows = []
        for i in range(made, made + n):
            arrived = NOW - timedelta(seconds=rng.randrange(365 * 86400))
            status = rng.choice(statuses)
            rows.append(
                Lead(
                    firm=firm,
                    source=rng.choice(sources),
                    first_name=f"L{i}",
                    phone=f"+1312{i:07d}",
                    timezone="America/Chicago",
                    timezone_source="state",
                    practice_area=rng.choice(["personal_injury", "family"]),
                    arrived_at=arrived,
                    status=status,
                    status_reason="bad_phone" if status == "invalid" else "",
                    assigned_to=rng.choice(agents),
                )
            )
        Lead.objects.bulk_create(rows, batch_size=BATCH)
        touches, changes = [], []
        for lead in rows:
            changes.append(StatusChange(firm=firm, lead=lead, to_status="new", at=lead.arrived_at))
            if lead.status != "new":
                changes.append(
                    StatusChange(
                        firm=firm,
                        lead=lead,
                        from_status="new",
                        to_status=lead.status,
                        at=lead.arrived_at + timedelta(days=rng.randrange(1, 20)),
                    )
                )
            if lead.status == "invalid":
                continue
            at = lead.arrived_at + timedelta(minutes=rng.randrange(1, 30))
            for step, channel in enumerate(
                ("call", "sms", "email", "call", "sms", "call", "email", "nurture"), 1
            ):
                connected = channel == "call" and rng.random() < 0.2
                touches.append(
                    Touch(
                        firm=firm,
                        lead=lead,
                        channel=channel,
                        direction="out",
                        step=step,
                        state="sent",
                        due_at=at,
                        done_at=at + timedelta(seconds=rng.randrange(600)),
                        outcome="connected"
                        if connected
                        else ("no_answer" if channel == "call" else "sent"),
                        performed_by=lead.assigned_to if channel == "call" else None,
                        created_at=at,
                    )
                )
                at += timedelta(hours=rng.randrange(3, 30))
        Touch.objects.bulk_create(touches, batch_size=BATCH)
        StatusChange.objects.bulk_create(changes, batch_size=BATCH)
        made += n
        rate = made / (time.perf_counter() - started)
        print(f"\r  loaded {made:,} leads ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


def measure(repeat: int) -> None:
    from django.db import connection
    from django.template.loader import render_to_string

    from steadfast import clock
    from steadfast.analytics import reports, views
    from steadfast.firms.models import Firm
    from steadfast.leads.models import Lead

    clock.set_default(lambda: NOW)
    firm = Firm.objects.get(slug="bench")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    end = NOW.astimezone(reports.Filters(firm, NOW.date(), NOW.date()).zone).date()
    f = reports.Filters(firm, end - timedelta(days=89), end)
    total = Lead.objects.filter(firm=firm).count()
    in_range = reports.leads_in(f).count()
    print(f"{connection.vendor}: {total:,} leads in all, {in_range:,} in the 90-day range")
    for key, title in views.REPORTS.items():
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            tables, _chart = views.build(key, f)
            render_to_string(
                "analytics/monthly_pdf.html",
                {"firm": firm, "month": f.start, "sections": [(title, tables)], "generated": NOW},
            )
            times.append(time.perf_counter() - started)
        print(f"  {title:<16} best {min(times):6.2f} s   (of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--postgres", help="a PostgreSQL URL (its database is dropped and made anew)"
    )
    parser.add_argument("--leads", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="measure the data already loaded")
    args = parser.parse_args()
    var_dir = str(Path(tempfile.gettempdir()) / "steadfast-bench-analytics")
    os.environ["STEADFAST_VAR_DIR"] = var_dir
    url = args.postgres or f"sqlite:///{var_dir}/analytics.sqlite3"
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        if url.startswith("sqlite"):
            Path(var_dir, "analytics.sqlite3").unlink(missing_ok=True)
        create_database(url, var_dir)
    setup_django(url)
    if not args.reuse:
        load(args.leads)
    measure(args.repeat)


if __name__ == "__main__":
    main()
