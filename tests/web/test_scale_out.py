"""The scale-out tier on PostgreSQL: `steadfast web --workers 4` beside two `steadfast worker`
processes answers 200 concurrent API requests from two firms' keys, each with the caller's own
data and never a 5xx (the web processes must not share one database connection)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from steadfast.engine.events import lead_arrive
from steadfast.leads.models import Lead
from steadfast.leads.services import LeadInput

REQUESTS = 200
DEADLINE = 120.0  # seconds, for the whole run: start-up, requests and shutdown

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)",
    ),
]


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(*args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        # This test measures correctness under concurrency, not the abuse limits.
        "STEADFAST_RATE_LIMIT_API_KEY": "100000/m",
        "STEADFAST_RATE_LIMIT_API_IP": "100000/m",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "steadfast", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _call(base: str, method: str, path: str, key: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(  # noqa: S310 - a local http URL built here
        f"{base}/api/v1{path}",
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, raw.decode(errors="replace")


def _wait_for(base: str, deadline: float, processes: list[subprocess.Popen[bytes]]) -> None:
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                stderr = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"a process exited early: {stderr[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)  # polling until the server listens, not timing anything
    pytest.fail("steadfast web did not start in time")


@pytest.mark.django_db(transaction=True)
def test_it_answers_200_concurrent_requests_from_two_firms_each_with_its_own_data(
    source_and_key, other_source_and_key, now
):
    (source, key), (other_source, other_key) = source_and_key, other_source_and_key
    own = {
        key: [
            lead_arrive(
                source=source,
                data=LeadInput(first_name=f"Lake {i}", email=f"lake{i}@example.com", state="IL"),
                now=now,
            ).lead.pk
            for i in range(5)
        ],
        other_key: [
            lead_arrive(
                source=other_source,
                data=LeadInput(
                    first_name=f"Harbor {i}", email=f"harbor{i}@example.com", state="FL"
                ),
                now=now,
            ).lead.pk
            for i in range(5)
        ],
    }
    names = {key: source.name, other_key: other_source.name}
    other_of = {key: other_key, other_key: key}

    deadline = time.monotonic() + DEADLINE
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    web = _start("web", "--workers", "4", "--port", str(port))
    workers = [_start("worker"), _start("worker")]
    problems: list[str] = []
    posted: dict[int, str] = {}  # lead id -> the key that posted it
    try:
        _wait_for(base, deadline, [web, *workers])

        def one(i: int) -> str | None:
            caller = key if i % 2 else other_key
            kind = i % 4
            if kind in (0, 1):  # read one of our leads
                lead_id = own[caller][i % 5]
                status, body = _call(base, "GET", f"/leads/{lead_id}", caller)
                if status != 200 or body.get("id") != lead_id or body["source"] != names[caller]:
                    return f"GET own lead {lead_id}: {status} {body}"
            elif kind == 2:  # another firm's lead is not found
                lead_id = own[other_of[caller]][i % 5]
                status, body = _call(base, "GET", f"/leads/{lead_id}/timeline", caller)
                if status != 404:
                    return f"GET other firm's lead {lead_id}: {status} {body}"
            else:  # post a new lead
                status, body = _call(
                    base,
                    "POST",
                    "/leads",
                    caller,
                    {
                        "first_name": f"New {i}",
                        "email": f"new{i}@example.com",
                        "external_id": str(i),
                    },
                )
                if status != 201:
                    return f"POST lead {i}: {status} {body}"
                posted[body["id"]] = caller
            return None

        with ThreadPoolExecutor(max_workers=40) as pool:
            problems = [p for p in pool.map(one, range(REQUESTS)) if p]
    finally:
        for process in [web, *workers]:
            process.send_signal(signal.SIGTERM)
        for process in [web, *workers]:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert not problems, f"{len(problems)} wrong answers, e.g. {Counter(problems).most_common(5)}"
    assert len(posted) == REQUESTS // 4
    landed = dict(Lead.objects.filter(pk__in=posted).values_list("pk", "source__name"))
    assert landed == {pk: names[caller] for pk, caller in posted.items()}
