"""Dispatcher throughput with a no-op provider, beside a bare SQL claim-and-mark loop.

Both run on the same database and the same due touches (texts a person queued, so every
compliance check of the real send path runs). The engine's figure includes the claim, the
start transaction under the leads' locks (status, suppressions, consent, composing, local
presence), the provider call and the record transaction. The bare loop only claims and marks.

    .venv/bin/python bench/dispatch_throughput.py                   # SQLite file under var/
    .venv/bin/python bench/dispatch_throughput.py --postgres postgres://postgres@127.0.0.1:5432/sf_bench
    .venv/bin/python bench/dispatch_throughput.py --postgres URL --processes 2
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

PY = sys.executable


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()


def prepare(url: str, touches: int, leads: int) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    if url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    subprocess.run([PY, "-m", "steadfast", "migrate", "-v0"], env=env, check=True)
    setup_django(url)
    from datetime import timedelta

    from steadfast import clock
    from steadfast.compliance.models import ConsentRecord
    from steadfast.firms.services import demo_firm_seed
    from steadfast.leads.models import Lead, LeadSource

    now = clock.now()
    seeded = demo_firm_seed(now=now)
    assert seeded is not None
    firm = seeded[0]
    source = LeadSource.objects.create(firm=firm, name="Bench")
    lead_rows = Lead.objects.bulk_create(
        Lead(
            firm=firm,
            source=source,
            first_name=f"L{i}",
            phone=f"+1312{5000000 + i:07d}",
            timezone="America/Chicago",
            timezone_source="state",
            arrived_at=now,
            status="engaged",
        )
        for i in range(leads)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(firm=firm, lead=lead, channel="sms", action="grant", source="api", at=now)
        for lead in lead_rows
    )
    global TEMPLATE_ROWS
    TEMPLATE_ROWS = [(lead.pk, lead.phone) for lead in lead_rows]
    reset(touches, now - timedelta(seconds=1))


TEMPLATE_ROWS: list[tuple[int, str]] = []


def reset(touches: int, due) -> None:  # type: ignore[no-untyped-def]
    from steadfast.dispatch.models import Touch
    from steadfast.firms.models import Firm, User

    Touch.objects.all().delete()
    firm = Firm.objects.get()
    alice = User.objects.get()
    rows = TEMPLATE_ROWS
    Touch.objects.bulk_create(
        (
            Touch(
                firm=firm,
                lead_id=rows[i % len(rows)][0],
                channel="sms",
                state="planned",
                due_at=due,
                content=f"message {i}",
                performed_by=alice,
                to_address=rows[i % len(rows)][1],
                created_at=due,
            )
            for i in range(touches)
        ),
        batch_size=2000,
    )


class NoopProvider:
    name = "noop"

    def __init__(self) -> None:
        self.n = 0

    def _ok(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from steadfast.channels.base import SendResult

        self.n += 1
        return SendResult(status="sent", provider_id=f"noop-{os.getpid()}-{self.n}")

    send_sms = send_email = place_call = _ok

    def lookup(self, provider_id):  # type: ignore[no-untyped-def]
        return None

    def find(self, **kwargs):  # type: ignore[no-untyped-def]
        return None


def engine_loop(url: str, ready=None) -> None:  # type: ignore[no-untyped-def]
    setup_django(url)
    from steadfast import clock
    from steadfast.channels import providers
    from steadfast.dispatch.services import dispatch_one_batch

    provider = NoopProvider()
    providers.override = lambda firm: provider  # type: ignore[assignment,return-value]
    if ready is not None:
        ready.wait()  # start together, after every process has set up Django
    while dispatch_one_batch(now=clock.now()):
        pass


def bare_loop(url: str, ready=None) -> None:  # type: ignore[no-untyped-def]
    setup_django(url)
    from django.db import connection, transaction

    pg = connection.vendor == "postgresql"
    lock = "FOR UPDATE SKIP LOCKED" if pg else ""
    from steadfast import clock

    sql = (
        f"UPDATE dispatch_touch SET state = 'sent', done_at = %s "
        f"WHERE id IN (SELECT id FROM dispatch_touch WHERE state = 'planned' "
        f"AND due_at <= %s ORDER BY due_at, id LIMIT 100 {lock})"
    )
    if ready is not None:
        ready.wait()
    while True:
        now = clock.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [now, now])
            if cursor.rowcount == 0:
                return


def timed(target, url: str, processes: int) -> float:  # type: ignore[no-untyped-def]
    if processes == 1:
        start = time.perf_counter()
        target(url)
        return time.perf_counter() - start
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(processes + 1)
    procs = [ctx.Process(target=target, args=(url, ready)) for _ in range(processes)]
    for p in procs:
        p.start()
    ready.wait()  # every process has imported and connected; the clock starts now
    start = time.perf_counter()
    for p in procs:
        p.join()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be dropped")
    parser.add_argument("--touches", type=int, default=10_000)
    parser.add_argument("--leads", type=int, default=1_000)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args()
    url = args.postgres or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    prepare(url, args.touches, args.leads)
    from django.db import connection

    from steadfast import clock
    from steadfast.dispatch.models import Touch

    connection.close()
    engine = timed(engine_loop, url, args.processes)
    sent = Touch.objects.filter(state="sent").count()
    assert sent == args.touches, f"engine sent {sent} of {args.touches}"
    reset(args.touches, clock.now() - timedelta(seconds=1))
    connection.close()
    bare = timed(bare_loop, url, args.processes)
    assert Touch.objects.filter(state="sent").count() == args.touches
    e_rate, b_rate = args.touches / engine, args.touches / bare
    print(
        f"database: {connection.vendor}, processes: {args.processes}, "
        f"touches: {args.touches} over {args.leads} leads"
    )
    print(
        f"engine (claim → checks under lock → no-op provider → record): "
        f"{e_rate:,.0f} touches/s ({engine:.1f} s)"
    )
    print(f"bare claim-and-mark SQL loop: {b_rate:,.0f} touches/s ({bare:.1f} s)")
    print(f"engine is {b_rate / e_rate:.1f}x slower than the bare loop")


if __name__ == "__main__":
    main()
