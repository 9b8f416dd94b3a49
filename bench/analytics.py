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
from typing import Any

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


class _Writer:
    """Rows of one model: `bulk_create` on SQLite; on PostgreSQL, COPY from rows made of one
    fully prepared template row with the varying columns put in (ids assigned here)."""

    def __init__(self, model: Any, **fixed: Any) -> None:
        from django.db import connection

        self.model = model
        self.pg = connection.vendor == "postgresql"
        self.fixed = fixed
        self.fields = list(model._meta.concrete_fields)
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        self.next_id = 1
        self.pending: list[Any] = []
        if self.pg:
            sample = model(**fixed)
            self.template = [
                f.get_db_prep_save(f.pre_save(sample, True), connection) for f in self.fields
            ]

    def add(self, **values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        if self.pg:
            row = list(self.template)
            row[self.index["id"]] = pk
            for name, value in values.items():
                row[self.index[name]] = value
            self.pending.append(row)
        else:
            self.pending.append(self.model(id=pk, **{**self.fixed, **values}))
        return pk

    def flush(self) -> None:
        from django.db import connection

        if not self.pg:
            self.model.objects.bulk_create(self.pending, batch_size=BATCH)
        else:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            table = self.model._meta.db_table
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in self.pending:
                    copy.write_row(row)
        self.pending = []

    def finish(self) -> None:
        from django.db import connection

        self.flush()
        if self.pg:
            table = self.model._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s, false)",
                    [self.next_id],
                )


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
        agents.append(user.pk)
    sources = [
        LeadSource.objects.create(
            firm=firm, name=f"Vendor {i}", cost_per_lead=Decimal(20 + 10 * i)
        ).pk
        for i in range(10)
    ]
    started = time.perf_counter()
    lead_rows = _Writer(
        Lead,
        firm=firm,
        source_id=sources[0],
        first_name="L",
        timezone="America/Chicago",
        timezone_source="state",
        arrived_at=NOW,
    )
    touch_rows = _Writer(
        Touch, firm=firm, lead_id=1, channel="call", due_at=NOW, created_at=NOW, state="sent"
    )
    change_rows = _Writer(StatusChange, firm=firm, lead_id=1, to_status="new", at=NOW)
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
    plan = ("call", "sms", "email", "call", "sms", "call", "email", "nurture")
    for i in range(leads):
        arrived = NOW - timedelta(seconds=rng.randrange(365 * 86400))
        status = rng.choice(statuses)
        agent = rng.choice(agents)
        lead = lead_rows.add(
            source_id=rng.choice(sources),
            first_name=f"L{i}",
            phone=f"+1312{i:07d}",
            practice_area=rng.choice(["personal_injury", "family"]),
            arrived_at=arrived,
            status=status,
            status_reason="bad_phone" if status == "invalid" else "",
            assigned_to_id=agent,
            updated_at=arrived,
        )
        change_rows.add(lead_id=lead, from_status="", to_status="new", at=arrived)
        if status != "new":
            change_rows.add(
                lead_id=lead,
                from_status="new",
                to_status=status,
                at=arrived + timedelta(days=rng.randrange(1, 20)),
            )
        if status != "invalid":
            at = arrived + timedelta(minutes=rng.randrange(1, 30))
            for step, channel in enumerate(plan, 1):
                connected = channel == "call" and rng.random() < 0.2
                touch_rows.add(
                    lead_id=lead,
                    channel=channel,
                    direction="out",
                    step=step,
                    due_at=at,
                    done_at=at + timedelta(seconds=rng.randrange(600)),
                    outcome="connected"
                    if connected
                    else ("no_answer" if channel == "call" else "sent"),
                    performed_by_id=agent if channel == "call" else None,
                    created_at=at,
                )
                at += timedelta(hours=rng.randrange(3, 30))
        if (i + 1) % BATCH == 0 or i + 1 == leads:
            for writer in (lead_rows, touch_rows, change_rows):
                writer.flush()
            rate = (i + 1) / (time.perf_counter() - started)
            print(f"\r  loaded {i + 1:,} leads ({rate:,.0f}/s)", end="", file=sys.stderr)
    for writer in (lead_rows, touch_rows, change_rows):
        writer.finish()
    print(file=sys.stderr)
    print(
        f"loaded {leads:,} leads, {touch_rows.next_id - 1:,} touches, "
        f"{change_rows.next_id - 1:,} status changes in {time.perf_counter() - started:,.0f} s"
    )


def _report_times(f: Any, repeat: int) -> None:
    from django.template.loader import render_to_string

    from steadfast.analytics import views

    for key, title in views.REPORTS.items():
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            tables, _chart = views.build(key, f)
            render_to_string(
                "analytics/monthly_pdf.html",
                {"firm": f.firm, "month": f.start, "sections": [(title, tables)], "generated": NOW},
            )
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        each = " ".join(f"{t:.2f}" for t in times)
        print(
            f"  {title:<16} best {min(times):6.2f} s   (runs: {each}; "
            f"this process's CPU in the best: {cpu[times.index(min(times))]:.2f} s)",
            flush=True,
        )


def _churn(f: Any, leads: int) -> None:
    """The engine's everyday writes between two page views: a call made to each of `leads`
    leads of the range, and a status change on a tenth of them."""
    from steadfast.analytics import reports, rollup
    from steadfast.dispatch.models import Touch
    from steadfast.leads.models import Lead, StatusChange

    ids = list(reports.rollups(f).order_by("-arrived_at").values_list("lead_id", flat=True)[:leads])
    calls = [
        Touch(
            firm=f.firm,
            lead_id=lead_id,
            channel="call",
            direction="out",
            state="sent",
            due_at=NOW,
            done_at=NOW,
            outcome="connected",
            created_at=NOW,
        )
        for lead_id in ids
    ]
    Touch.objects.bulk_create(calls)
    changed = ids[::10]
    Lead.objects.filter(pk__in=changed).update(status="engaged")
    StatusChange.objects.bulk_create(
        StatusChange(firm=f.firm, lead_id=i, from_status="contacting", to_status="engaged", at=NOW)
        for i in changed
    )
    started = time.perf_counter()
    done = rollup.refresh()
    print(
        f"  after {leads:,} calls and {len(changed):,} status changes: {done:,} leads "
        f"recomputed in {time.perf_counter() - started:.2f} s"
    )


def measure(repeat: int, churn: int) -> None:
    from django.db import connection

    from steadfast import clock
    from steadfast.analytics import reports, rollup
    from steadfast.analytics.models import RollupDirty
    from steadfast.firms.models import Firm
    from steadfast.leads.models import Lead

    clock.set_default(lambda: NOW)
    firm = Firm.objects.get(slug="bench")
    marked = RollupDirty.objects.count()
    if marked:
        started = time.perf_counter()
        done = rollup.refresh()
        print(f"rollups built for {done:,} leads in {time.perf_counter() - started:,.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    end = NOW.astimezone(reports.Filters(firm, NOW.date(), NOW.date()).zone).date()
    f = reports.Filters(firm, end - timedelta(days=89), end)
    total = Lead.objects.filter(firm=firm).count()
    in_range = reports.rollups(f).count()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{connection.vendor}: {total:,} leads in all, {in_range:,} in the 90-day range")
    print(f"load average before: {load} ({os.cpu_count()} cores)", flush=True)
    _report_times(f, repeat)
    if churn:
        _churn(f, churn)
        _report_times(f, 1)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average after: {load}")


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
    parser.add_argument("--load-only", action="store_true", help="load, do not measure")
    parser.add_argument(
        "--churn", type=int, default=1000, help="then write to this many leads and measure again"
    )
    args = parser.parse_args()
    var_dir = str(Path(tempfile.gettempdir()) / "steadfast-bench-analytics")
    os.environ["STEADFAST_VAR_DIR"] = var_dir
    url = args.postgres or f"sqlite:///{var_dir}/analytics.sqlite3"
    Path(var_dir).mkdir(parents=True, exist_ok=True)
    if not args.reuse:
        if url.startswith("sqlite"):
            Path(var_dir, "analytics.sqlite3").unlink(missing_ok=True)
        create_database(url, var_dir)
    else:  # the data may predate the rollups: migrate marks every lead to be rolled up
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run([PY, "-m", "steadfast", "migrate", "-v0"], env=env, check=True)
    setup_django(url)
    if not args.reuse:
        load(args.leads)
    if not args.load_only:
        measure(args.repeat, args.churn)


if __name__ == "__main__":
    main()
