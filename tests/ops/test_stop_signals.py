"""`steadfast serve` and `steadfast worker` stop on SIGTERM — however often, whenever it comes —
exit 0, and leave no touch stranded mid-send."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection

from steadfast.channels.models import OutboxMessage
from steadfast.compliance.models import ConsentRecord
from steadfast.dispatch.models import Touch, TouchState
from steadfast.leads.models import Lead
from steadfast.stopping import StopSignals, stop_signals

# A hang detector, not a speed requirement: a healthy stop takes well under a second.
EXIT_WITHIN = 30.0

# Runs a steadfast command with the stop signal delivered from inside the main thread's
# waiting code path, while it holds the lock of every threading.Event in the process — the
# lock the old handler (`stop.set()`) needed, and waited for forever.
DRIVER = r"""
import signal, sys, threading, time, weakref

events = weakref.WeakSet()
real_wait, real_sleep = threading.Event.wait, time.sleep
delivered = []

def deliver():
    if delivered or threading.current_thread() is not threading.main_thread():
        return
    handler = signal.getsignal(signal.SIGTERM)
    if not callable(handler):
        return
    delivered.append(True)
    held = [event._cond for event in list(events)]
    for lock in held:
        lock.acquire()
    try:
        print(f"SIGTERM delivered holding {len(held)} event locks", file=sys.stderr, flush=True)
        handler(signal.SIGTERM, None)
    finally:
        for lock in held:
            lock.release()

class Event(threading.Event):
    def __init__(self):
        super().__init__()
        events.add(self)

    def wait(self, timeout=None):
        deliver()
        return real_wait(self, timeout)

def sleep(seconds):
    deliver()
    real_sleep(seconds)

threading.Event = Event
time.sleep = sleep
from steadfast.cli import main
main(["steadfast", *sys.argv[1:]])
"""


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command(name: str) -> list[str]:
    if name == "serve":
        return ["serve", "--no-seed", "--port", str(_free_port())]
    return [name]


def _start(args: list[str], *, driver: bool = False) -> subprocess.Popen[str]:
    env = {**os.environ, "DATABASE_URL": _database_url(), "PYTHONUNBUFFERED": "1"}
    prefix = [sys.executable, "-c", DRIVER] if driver else [sys.executable, "-m", "steadfast"]
    return subprocess.Popen(
        [*prefix, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str], within: float = EXIT_WITHIN) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=within)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"still running {within:.0f} s after SIGTERM\n{out}\n{err}")
    return process.returncode, out, err


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)  # polling the database for progress, not timing anything
    return False


def _due_texts(firm, source, alice, now, count: int) -> None:
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
        for i in range(20)
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(firm=firm, lead=lead, channel="sms", action="grant", source="api", at=now)
        for lead in leads
    )
    Touch.objects.bulk_create(
        Touch(
            firm=firm,
            lead=leads[i % 20],
            channel="sms",
            state=TouchState.PLANNED,
            due_at=now - timedelta(seconds=1),
            content=f"message {i}",
            performed_by=alice,
            to_address=leads[i % 20].phone,
            created_at=now,
        )
        for i in range(count)
    )


def test_it_only_notes_a_stop_when_the_signal_comes_while_the_thread_holds_a_lock():
    import threading

    stop = threading.Event()
    before = signal.getsignal(signal.SIGTERM)
    with stop_signals() as stopper:
        with stop._cond:  # what the main thread holds inside stop.wait()
            signal.raise_signal(signal.SIGTERM)
            signal.raise_signal(signal.SIGTERM)
        assert stopper.stop_requested
        assert stopper.wait(10)  # returns at once: a stop was asked
    assert signal.getsignal(signal.SIGTERM) == before  # the handler it replaced is back


def test_it_forces_the_exit_only_on_the_third_ctrl_c(monkeypatch):
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)
    stopper = StopSignals()
    for _ in range(10):
        stopper.handle(signal.SIGTERM, None)
    stopper.handle(signal.SIGINT, None)
    stopper.handle(signal.SIGINT, None)
    assert exits == []
    stopper.handle(signal.SIGINT, None)
    assert exits == [130]


@pytest.mark.parametrize("command", ["serve", "worker"])
@pytest.mark.django_db(transaction=True)
def test_it_exits_when_the_signal_comes_while_the_main_thread_holds_the_stop_lock(command, firm):
    process = _start(_command(command), driver=True)
    status, out, err = _finish(process)
    assert "SIGTERM delivered holding" in err, err  # the signal really came inside the locks
    assert status == 0, err
    assert "Stopped" in out


@pytest.mark.parametrize("command", ["serve", "worker"])
@pytest.mark.django_db(transaction=True)
def test_it_exits_0_after_many_sigterms_with_no_touch_left_mid_send(
    command, firm, source, alice, now
):
    total = 3000
    _due_texts(firm, source, alice, now, total)
    process = _start(_command(command))
    try:
        started = _wait_for(lambda: Touch.objects.filter(state="sent").exists(), 60)
    finally:
        for _ in range(25):
            process.send_signal(signal.SIGTERM)
    status, out, err = _finish(process)
    assert started, err
    assert status == 0, err
    assert "Stopped." in out

    states = Counter(Touch.objects.values_list("state", flat=True))
    assert set(states) <= {"sent", "planned"}, states  # nothing stranded in "sending"
    assert states["sent"] + states["planned"] == total
    sent_refs = Counter(
        ref.split("-")[1] for ref in OutboxMessage.objects.values_list("reference", flat=True)
    )
    assert len(sent_refs) == states["sent"]  # every sent text is in the outbox …
    assert max(sent_refs.values()) == 1  # … once


@pytest.mark.django_db(transaction=True)
def test_it_stops_the_web_tier_at_once_on_sigterm(firm):
    port = _free_port()
    process = _start(["web", "--port", str(port), "--workers", "2"])

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        up = _wait_for(answers, 60)
    finally:
        process.send_signal(signal.SIGTERM)
    # gunicorn's processes used to spend graceful_timeout (20-30 s) in the interpreter's
    # final garbage collection before being killed; a hang detector well below that.
    status, _, err = _finish(process, within=10)
    assert up, err
    assert status == 0, err
