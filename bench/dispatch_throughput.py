"""Dispatcher throughput: the real per-touch send path, beside a bare SQL claim-and-mark loop.

All runs use the same database and due touches (texts a person queued, so every compliance
check of the real send path runs). Each touch of the engine is claimed, then — just before its
provider call — checked under its lead's row lock (status, suppressions, consent, window,
composing, local presence) and moved planned→sending, sent, and recorded. Three figures:

- no-op provider, `--concurrency` sender threads per process (default 1; also run at 8);
- a provider that takes 200 ms per call, at `--slow-concurrency` threads (default 32);
- the bare loop, which only claims and marks 100 rows per statement.

Each engine run is its own worker process(es), started and connected before the clock starts;
each reports its CPU time, a figure a busy machine disturbs much less than the rates.

    .venv/bin/python bench/dispatch_throughput.py                   # SQLite file under var/
    .venv/bin/python bench/dispatch_throughput.py --postgres postgres://postgres@127.0.0.1:5432/sf_bench
    .venv/bin/python bench/dispatch_throughput.py --postgres URL --processes 2
    .venv/bin/python bench/dispatch_throughput.py --postgres URL --compare OLD_CHECKOUT/src

--compare runs the same engine workloads with the code under OLD_CHECKOUT/src as well (same
database, alternating with this code), so the ratio is measured in one run on a noisy machine.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
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
    """Accepts everything; `latency` seconds per call stand for a real provider's round trip."""

    name = "noop"

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency

    def _ok(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from steadfast.channels.base import SendResult

        if self.latency:
            time.sleep(self.latency)
        return SendResult(status="sent", provider_id=f"noop-{uuid.uuid4().hex}")

    send_sms = send_email = place_call = _ok

    def lookup(self, provider_id):  # type: ignore[no-untyped-def]
        return None

    def find(self, **kwargs):  # type: ignore[no-untyped-def]
        return None


def engine_worker(url: str, concurrency: int, latency: float) -> None:
    """One worker process: `concurrency` sender threads, each with its own connection, each
    claiming a few touches and sending them one by one until nothing is due. Says "ready"
    once set up and connected, starts on "go", and prints its CPU seconds at the end."""
    setup_django(url)
    from django.db import connection

    from steadfast.channels import providers
    from steadfast.engine.dispatcher import dispatch_one_batch

    provider = NoopProvider(latency)
    providers.override = lambda firm: provider  # type: ignore[assignment,return-value]
    connected, start = threading.Barrier(concurrency + 1), threading.Barrier(concurrency + 1)

    def sender() -> None:
        try:
            connection.ensure_connection()
            connected.wait()
            start.wait()
            while dispatch_one_batch():
                pass
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    connected.wait()
    print("ready", flush=True)
    sys.stdin.readline()
    cpu = time.process_time()
    start.wait()
    for thread in threads:
        thread.join()
    print(f"cpu {time.process_time() - cpu}", flush=True)


def engine_timed(
    url: str, processes: int, concurrency: int, latency: float, src: str | None
) -> tuple[float, float]:
    """Seconds from "go" until every worker process is done, and their CPU seconds."""
    env = {**os.environ, "DATABASE_URL": url, "STEADFAST_LOG_LEVEL": "WARNING"}
    if src:
        env["PYTHONPATH"] = src
    args = ["--engine-worker", str(concurrency), str(latency)]
    procs = [
        subprocess.Popen(
            [PY, __file__, *args], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for _ in range(processes)
    ]
    for p in procs:
        assert p.stdout is not None
        line = p.stdout.readline().strip()
        assert line == "ready", f"worker did not start: {line!r}"
    start = time.perf_counter()
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("go\n")
        p.stdin.flush()
    cpu = 0.0
    for p in procs:
        assert p.stdout is not None
        out = p.stdout.read()
        assert p.wait() == 0, "a worker failed"
        cpu += float(out.split("cpu ", 1)[1])
    return time.perf_counter() - start, cpu


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


def timed(target, url: str, processes: int, *args) -> float:  # type: ignore[no-untyped-def]
    if processes == 1:
        ready = threading.Barrier(1)
        start = time.perf_counter()
        target(url, ready, *args)
        return time.perf_counter() - start
    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Barrier(processes + 1)
    procs = [ctx.Process(target=target, args=(url, ready, *args)) for _ in range(processes)]
    for p in procs:
        p.start()
    ready.wait()  # every process has imported and connected; the clock starts now
    start = time.perf_counter()
    for p in procs:
        p.join()
    return time.perf_counter() - start


def run_engine(
    url: str, touches: int, processes: int, concurrency: int, latency: float, src: str | None
) -> tuple[float, float]:
    """Touches per second, and the worker processes' CPU milliseconds per touch."""
    from django.db import connection

    from steadfast import clock
    from steadfast.dispatch.models import Touch

    reset(touches, clock.now() - timedelta(seconds=1))
    connection.close()
    took, cpu = engine_timed(url, processes, concurrency, latency, src)
    sent = Touch.objects.filter(state="sent").count()
    assert sent == touches, f"engine sent {sent} of {touches}"
    return touches / took, cpu * 1000 / touches


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be dropped")
    parser.add_argument("--touches", type=int, default=10_000)
    parser.add_argument("--leads", type=int, default=1_000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=1, help="no-op run: threads")
    parser.add_argument("--slow-touches", type=int, default=3_000)
    parser.add_argument("--slow-concurrency", type=int, default=32)
    parser.add_argument("--slow-ms", type=int, default=200)
    parser.add_argument("--compare", help="the src/ folder of another checkout to measure too")
    parser.add_argument("--engine-worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine_worker:
        engine_worker(
            os.environ["DATABASE_URL"], int(args.engine_worker[0]), float(args.engine_worker[1])
        )
        return
    url = args.postgres or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    prepare(url, args.touches, args.leads)
    from django.db import connection

    from steadfast import clock
    from steadfast.dispatch.models import Touch

    codes: list[tuple[str, str | None]] = [("this code", None)]
    if args.compare:
        codes.append(("compared", str(Path(args.compare).resolve())))
    per = args.processes
    print(
        f"database: {connection.vendor}, worker processes: {per}, "
        f"touches: {args.touches} over {args.leads} leads"
    )
    noop: dict[str, float] = {}
    for label, src in codes:
        rate, cpu = run_engine(url, args.touches, per, args.concurrency, 0.0, src)
        noop[label] = rate
        print(
            f"{label:10} engine, no-op provider, --concurrency {args.concurrency}: "
            f"{rate:,.0f} touches/s ({rate / per:,.0f} per process; "
            f"worker CPU {cpu:.2f} ms per touch)",
            flush=True,
        )
    for label, src in codes:
        rate, cpu = run_engine(
            url, args.slow_touches, per, args.slow_concurrency, args.slow_ms / 1000, src
        )
        print(
            f"{label:10} engine, {args.slow_ms} ms provider, --concurrency "
            f"{args.slow_concurrency} ({args.slow_touches} touches): {rate:,.0f} touches/s "
            f"({rate / per:,.0f} per process; worker CPU {cpu:.2f} ms per touch)",
            flush=True,
        )
    reset(args.touches, clock.now() - timedelta(seconds=1))
    connection.close()
    bare = args.touches / timed(bare_loop, url, args.processes)
    assert Touch.objects.filter(state="sent").count() == args.touches
    print(f"bare claim-and-mark SQL loop: {bare:,.0f} touches/s")
    print(f"engine (no-op, this code) is {bare / noop['this code']:.1f}x slower than the bare loop")
    if args.compare:
        print(f"no-op rate, this code / compared: {noop['this code'] / noop['compared']:.2f}x")


if __name__ == "__main__":
    main()
