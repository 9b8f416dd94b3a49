"""Several worker processes on PostgreSQL: every touch sent exactly once, even after SIGKILL."""

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

TOUCHES = 5000
DEADLINE = 60.0  # seconds, for the whole run


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _worker() -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "STEADFAST_LEASE_SECONDS": "3",
        "STEADFAST_RECOVER_SECONDS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "steadfast", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_until(predicate, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)  # polling the database, not timing anything
    return False


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_every_touch_exactly_once_even_when_one_is_killed(
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
        for i in range(50)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(firm=firm, lead=lead, channel="sms", action="grant", source="api", at=now)
        for lead in leads
    )
    Touch.objects.bulk_create(
        Touch(
            firm=firm,
            lead=leads[i % 50],
            channel="sms",
            state=TouchState.PLANNED,
            due_at=now - timedelta(seconds=1),
            content=f"message {i}",
            performed_by=alice,
            to_address=leads[i % 50].phone,
            created_at=now,
        )
        for i in range(TOUCHES)
    )

    deadline = time.monotonic() + DEADLINE
    first, second = _worker(), _worker()
    try:
        assert _wait_until(
            lambda: Touch.objects.filter(state="sent").count() >= TOUCHES // 4, deadline
        ), "the workers sent too little"
        first.send_signal(signal.SIGKILL)  # mid-batch: it holds claimed, maybe started, rows
        first.wait()
        third = _worker()
        try:
            done = _wait_until(
                lambda: not Touch.objects.exclude(state__in=["sent", "failed"]).exists(), deadline
            )
        finally:
            third.send_signal(signal.SIGTERM)
            third.wait(timeout=20)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)
    assert done, dict(Counter(Touch.objects.values_list("state", flat=True)))

    states = Counter(Touch.objects.values_list("state", flat=True))
    assert states == {"sent": TOUCHES}, states
    per_touch = Counter(
        ref.split("-")[1] for ref in OutboxMessage.objects.values_list("reference", flat=True)
    )
    assert len(per_touch) == TOUCHES  # nothing lost
    assert max(per_touch.values()) == 1  # nothing sent twice
