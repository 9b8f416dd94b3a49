"""Chaos on PostgreSQL: three worker processes with eight concurrent sends each, a provider
that takes 0-3 s a call, drops connections and refuses for now, leases of 2 s (shorter than
many calls), one worker SIGKILLed twice mid-send and restarted, staff opting leads out while
their texts are claimed. Every touch ends sent exactly once, or failed with a permanent code,
or (only for a lead who opted out) cancelled; none is lost, none goes out after an opt-out.

5,000 texts over 24 concurrent sends whose calls take 1.5 s on average: the provider alone
needs about 5 1/2 minutes. The run is bounded by a deadline, so a hang fails; nothing is timed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from steadfast.channels.models import OutboxMessage
from steadfast.compliance.models import ConsentRecord
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.events import lead_opt_out
from steadfast.leads.models import Lead

TOUCHES = 5000
LEADS = 500
SENDERS = 8  # --concurrency of each of the three workers
OPT_OUTS = 25  # at most so many leads opted out by staff while their texts are claimed
DEADLINE = 900.0  # seconds for the whole run: a bound, so a broken build cannot hang CI
CHAOS = "latency_ms=0-3000,transport=0.05,transient=0.05,permanent=0.01"


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
        [sys.executable, "-m", "steadfast", "worker", "--concurrency", str(SENDERS)],
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
    opted_out: dict[int, datetime] = {}  # lead → when its opt-out had committed (real time)

    def finished(share: float) -> bool:
        return ours.filter(state__in=["sent", "failed", "cancelled"]).count() >= share * TOUCHES

    def kill_and_restart(n: int) -> int:
        """SIGKILL worker n mid-send and start another; returns how many sends it had under
        way just before."""
        victim = workers[n]
        in_flight = ours.filter(state="sending", claimed_by__contains=f":{victim.pid}:").count()
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        workers[n] = _worker()
        return in_flight

    def opt_out_some() -> None:
        """Staff opt out leads whose texts are claimed or being sent, one after another."""
        busy = (
            ours.filter(state__in=["planned", "sending"])
            .exclude(claimed_by="")
            .order_by()
            .values_list("lead_id", flat=True)
            .distinct()[:OPT_OUTS]
        )
        for lead in Lead.objects.filter(pk__in=list(busy)):
            lead_opt_out(lead=lead, channels={"sms"}, now=datetime.now(UTC), source="staff")
            opted_out[lead.pk] = datetime.now(UTC)  # committed: nothing may start after this

    started = time.monotonic()
    deadline = started + DEADLINE
    workers = [_worker(), _worker(), _worker()]
    killed_mid_send: list[int] = []
    try:
        assert _wait_until(lambda: finished(0.25), deadline), "too little sent"
        killed_mid_send.append(kill_and_restart(0))
        assert _wait_until(lambda: finished(0.4), deadline), "too little sent"
        opt_out_some()
        assert _wait_until(lambda: finished(0.5), deadline), "too little sent"
        killed_mid_send.append(kill_and_restart(0))
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
    took = time.monotonic() - started
    states = Counter(ours.values_list("state", flat=True))
    attempts = Counter(ours.values_list("attempts", flat=True))
    print(
        f"\nchaos: {TOUCHES} touches in {took:.0f} s: {dict(states)}; attempts {dict(attempts)}; "
        f"worker restarts {len(killed_mid_send)} (sends under way when killed: "
        f"{killed_mid_send}); leads opted out mid-run {len(opted_out)}"
    )
    assert done, dict(states)
    assert len(killed_mid_send) == 2
    assert sum(killed_mid_send) > 0  # the kills did interrupt sends

    # Every touch ended: sent, failed with the provider's permanent code, or cancelled by an
    # opt-out; nothing planned, sending or unknown is left.
    assert set(states) <= {"sent", "failed", "cancelled"}, states
    assert set(ours.filter(state="failed").values_list("provider_code", flat=True)) <= {"30007"}
    assert opted_out
    assert set(ours.filter(state="cancelled").values_list("lead_id", flat=True)) <= set(opted_out)
    # Sent exactly once: one message per sent touch, none for any other, none twice.
    per_touch = Counter(
        int(ref.split("-")[1]) for ref in OutboxMessage.objects.values_list("reference", flat=True)
    )
    sent = set(ours.filter(state="sent").values_list("id", flat=True))
    assert set(per_touch) == sent  # nothing lost, nothing sent for a failed or cancelled touch
    assert max(per_touch.values()) == 1, per_touch.most_common(3)  # nothing sent twice
    # An opt-out wins: no text to an opted-out lead was started after the opt-out committed.
    for lead_id, at in opted_out.items():
        assert not ours.filter(lead_id=lead_id, started_at__gt=at).exists(), lead_id
    # The chaos really happened: retries after refusals and interruptions.
    assert ours.filter(attempts__gt=1).exists()
