"""Templated messages through the real compose and send path: emails to a local SMTP server,
texts to the console provider, on PostgreSQL with 1 and 2 worker processes.

Every touch names a default template (first_sms, final_sms, first_email, final_email), so each
message is composed as in production: the firm's template row, the lead's variables, the
sticky local-presence number, Jinja2 rendering, the email footer and unsubscribe headers. Emails
go over SMTP to an aiosmtpd server this script runs on a free port; texts are stored in the
console provider's outbox. Each worker process runs sender threads as `steadfast worker` does
(engine/worker.py: one claim at a time for the free senders, each sender's memo of the firm
kept from claim to claim) until nothing is due; the clock starts once every process has
imported and connected. It prints the workers' CPU time per message (start-up left out)
and the load average.

    .venv/bin/python bench/message_throughput.py --postgres postgres://postgres@127.0.0.1:5432/sf_bench_NAME
    .venv/bin/python bench/message_throughput.py --postgres URL --compare OLD_CHECKOUT/src

--compare runs the same workload with the code under OLD_CHECKOUT/src as well (same database,
same SMTP server, alternating), so the ratio is measured in one run on a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TEMPLATES = [("sms", "first_sms"), ("email", "first_email"), ("sms", "final_sms"),
             ("email", "final_email")]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()


class SmtpSink:
    """A local SMTP server that counts what it receives."""

    def __init__(self) -> None:
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)

        self.count = 0
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        with self.lock:
            self.count += 1
        return "250 OK"


def prepare(url: str, leads: int) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([PY, "-m", "steadfast", "migrate", "-v0"], env=env, check=True)
    setup_django(url)
    from steadfast import clock
    from steadfast.compliance.models import ConsentRecord
    from steadfast.firms.services import demo_firm_seed
    from steadfast.leads.models import Lead, LeadSource

    now = clock.now()
    seeded = demo_firm_seed(now=now)
    assert seeded is not None
    firm = seeded[0]
    source = LeadSource.objects.create(firm=firm, name="Bench")
    areas = ["auto_accident", "workers_comp", "Slip and Fall", "medical_malpractice"]
    rows = Lead.objects.bulk_create(
        Lead(
            firm=firm,
            source=source,
            first_name=f"Lead{i}",
            last_name="Bench",
            phone=f"+1312{5000000 + i:07d}",
            email=f"lead{i}@example.com",
            practice_area=areas[i % len(areas)],
            timezone="America/Chicago",
            timezone_source="state",
            arrived_at=now,
            status="contacting",
        )
        for i in range(leads)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(firm=firm, lead=lead, channel=channel, action="grant", source="api", at=now)
        for lead in rows
        for channel in ("sms", "email")
    )


def reset(messages: int) -> None:
    from datetime import timedelta

    from steadfast import clock
    from steadfast.channels.models import OutboxMessage, ProviderSend
    from steadfast.dispatch.models import Touch
    from steadfast.firms.models import Firm
    from steadfast.leads.models import Lead

    Touch.objects.all().delete()
    OutboxMessage.objects.all().delete()
    ProviderSend.objects.all().delete()
    firm = Firm.objects.get()
    leads = list(Lead.objects.values_list("pk", "phone", "email"))
    due = clock.now() - timedelta(seconds=1)
    Touch.objects.bulk_create(
        (
            Touch(
                firm=firm,
                lead_id=leads[i % len(leads)][0],
                channel=TEMPLATES[i % 4][0],
                template=TEMPLATES[i % 4][1],
                state="planned",
                due_at=due,
                to_address=leads[i % len(leads)][1 if TEMPLATES[i % 4][0] == "sms" else 2],
                created_at=due,
            )
            for i in range(messages)
        ),
        batch_size=2000,
    )


def worker(concurrency: int) -> None:
    """One worker process: set up, say ready, wait for "go", then send until nothing is due
    with `concurrency` sender threads, each with its own database connection, the way
    `steadfast worker --concurrency N` runs them: the process claims as many due touches as
    it has free senders, each sender takes one and keeps its memo of the firm from claim to
    claim (engine/worker.py). A sender stops when a claim finds nothing due."""
    setup_django(os.environ["DATABASE_URL"])
    from django.db import connection

    from steadfast.engine.worker import _Bell, _Claimed, send_claimed

    connected, start = threading.Barrier(concurrency + 1), threading.Barrier(concurrency + 1)
    claimed, bell = _Claimed(concurrency), _Bell()

    def send_until_done() -> None:
        mine = None  # the claim as this thread uses it (its own memo of firms)
        while (job := claimed.take(bell)) is not None:
            mine = send_claimed(job, mine, claimed)

    def sender() -> None:
        try:
            connection.ensure_connection()
            connected.wait()
            start.wait()
            profile = os.environ.get("BENCH_PROFILE")  # a cProfile file per sender thread
            if not profile:
                send_until_done()
                return
            import cProfile

            profiler = cProfile.Profile()
            profiler.runcall(send_until_done)
            profiler.dump_stats(f"{profile}.{os.getpid()}.{threading.get_ident()}")
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
    print(f"cpu {time.process_time() - cpu}", flush=True)  # the sending only, not start-up


def timed_run(
    url: str, processes: int, smtp_port: int, src: str | None, concurrency: int = 1
) -> tuple[float, float]:
    """Wall seconds from "go" to the last worker's end, and the workers' CPU seconds over
    that time (start-up and connecting left out)."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp_port),
        "STEADFAST_LOG_LEVEL": "WARNING",
    }
    if src:
        env["PYTHONPATH"] = src
    procs = [
        subprocess.Popen(
            [PY, __file__, "--worker", "--concurrency", str(concurrency)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
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
    for p in procs:
        assert p.wait() == 0, "a worker failed"
    seconds = time.perf_counter() - start
    cpu = 0.0
    for p in procs:
        assert p.stdout is not None
        cpu += float(p.stdout.read().split()[-1])
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database may be dropped")
    parser.add_argument("--messages", type=int, default=4_000)
    parser.add_argument("--leads", type=int, default=1_000)
    parser.add_argument("--processes", default="1,2", help="worker counts to measure")
    parser.add_argument("--compare", help="the src/ folder of another checkout to measure too")
    parser.add_argument("--concurrency", type=int, default=1, help="sender threads per worker")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.concurrency)
        return
    url = args.postgres or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    sink = SmtpSink()
    sink.controller.start()
    try:
        prepare(url, args.leads)
        from django.db import connection

        from steadfast.channels.models import OutboxMessage
        from steadfast.dispatch.models import Touch

        codes: list[tuple[str, str | None]] = [("this code", None)]
        if args.compare:
            codes.append(("compared", str(Path(args.compare).resolve())))
        print(
            f"database: {connection.vendor}; {args.messages} templated messages "
            f"(half texts to the console provider, half emails over SMTP) over {args.leads} leads; "
            f"{args.concurrency} sender thread(s) per worker"
        )
        for processes in [int(p) for p in args.processes.split(",")]:
            for label, src in codes:
                reset(args.messages)
                before = sink.count
                connection.close()
                load = os.getloadavg()[0]
                seconds, cpu = timed_run(
                    url, processes, sink.controller.port, src, args.concurrency
                )
                sent = Touch.objects.filter(state="sent").count()
                emails = sink.count - before
                texts = OutboxMessage.objects.filter(channel="sms").count()
                assert sent == args.messages, f"{sent} of {args.messages} touches sent"
                assert emails + texts == args.messages, f"{emails} emails + {texts} texts"
                print(
                    f"{label:10} {processes} worker{'s' if processes > 1 else ' '}: "
                    f"{args.messages / seconds:7,.0f} messages/s ({seconds:.1f} s; "
                    f"{emails} emails received by SMTP, {texts} texts in the outbox); "
                    f"workers' CPU {cpu * 1000 / args.messages:.2f} ms/message; "
                    f"load {load:.1f} → {os.getloadavg()[0]:.1f}"
                )
    finally:
        sink.controller.stop()


if __name__ == "__main__":
    main()
