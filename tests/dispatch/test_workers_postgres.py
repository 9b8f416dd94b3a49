"""Chaos on PostgreSQL: three worker processes with eight concurrent sends each, a provider that
is slow, drops connections and refuses for now, leases of 2 s, one worker SIGKILLed twice.
Every touch ends sent exactly once, or failed with a permanent code; none is lost.

The provider's latency is 0-300 ms, a tenth of the 0-3 s a real provider can take, to keep the
run within a few minutes on a small machine; the leases stay at 2 s, so a call still outlives
a lease now and then when the machine is busy. Bounded by a deadline, no timed assertion.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection

from steadfast.channels.models import OutboxMessage
from steadfast.compliance.models import ConsentRecord
from steadfast.dispatch.models import Touch, TouchState
from steadfast.leads.models import Lead

TOUCHES = 1500
LEADS = 250
DEADLINE = 420.0  # seconds for the whole run: a bound, so a broken build cannot hang CI
CHAOS = "latency_ms=0-300,transport=0.05,transient=0.05,permanent=0.01"


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker() -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "STEADFAST_LEASE_SECONDS": "2",
        "STEADFAST_RECOVER_SECONDS": "1",
        "STEADFAST_CHAOS_PROVIDER": CHAOS,
        # Retries come back within seconds here (30 s, doubling, in production).
        "STEADFAST_RETRY_BASE_SECONDS": "1",
        "STEADFAST_RETRY_MAX_SECONDS": "4",
        "STEADFAST_SEND_MAX_ATTEMPTS": "30",
        "STEADFAST_LOG_LEVEL": "ERROR",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "steadfast", "worker", "--concurrency", "8"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until(predicate, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)  # polling the database, not timing anything
    return False


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True)
def test_three_workers_in_chaos_send_every_touch_exactly_once_or_fail_it_for_good(
    firm, source, alice, now
):
    leads = Lead.objects.bulk_create(
        Lead(
            firm=firm,
            source=source,
            first_name=f"Lead {i}",
            phone=f"+1312555{i:04d}",
            timezone="America/Chicago",
            timezone_source="state",
            arrived_at=now,
            status="engaged",
        )
        for i in range(LEADS)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(firm=firm, lead=lead, channel="sms", action="grant", source="api", at=now)
        for lead in leads
    )
    ids = [
        t.pk
        for t in Touch.objects.bulk_create(
            Touch(
                firm=firm,
                lead=leads[i % LEADS],
                channel="sms",
                state=TouchState.PLANNED,
                due_at=now - timedelta(seconds=1),
                content=f"message {i}",
                performed_by=alice,
                to_address=leads[i % LEADS].phone,
                created_at=now,
            )
            for i in range(TOUCHES)
        )
    ]
    ours = Touch.objects.filter(pk__in=ids)

    def finished(share: float) -> bool:
        return ours.filter(state__in=["sent", "failed"]).count() >= share * TOUCHES

    deadline = time.monotonic() + DEADLINE
    workers = [_worker(), _worker(), _worker()]
    killed = 0
    try:
        for share in (0.25, 0.5):  # the first worker dies twice, mid-send, and is restarted
            assert _wait_until(lambda share=share: finished(share), deadline), "too little sent"
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait()
            killed += 1
            workers[0] = _worker()
        done = _wait_until(lambda: finished(1.0), deadline)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
    states = Counter(ours.values_list("state", flat=True))
    assert done, dict(states)
    assert killed == 2

    # Every touch ended: sent, or failed with the provider's permanent code.
    assert set(states) <= {"sent", "failed"}, states
    assert set(ours.filter(state="failed").values_list("provider_code", flat=True)) <= {"30007"}
    # Sent exactly once: one message per sent touch, none for a failed one, none twice.
    per_touch = Counter(
        int(ref.split("-")[1]) for ref in OutboxMessage.objects.values_list("reference", flat=True)
    )
    sent = set(ours.filter(state="sent").values_list("id", flat=True))
    assert set(per_touch) == sent  # nothing lost, nothing sent for a failed touch
    assert max(per_touch.values()) == 1, per_touch.most_common(3)  # nothing sent twice
    # The chaos really happened: retries after refusals and interruptions.
    assert ours.filter(attempts__gt=1).exists()
