"""The worker loop as `steadfast serve` runs it: woken by a new touch, stopped promptly."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from steadfast import clock
from steadfast.dispatch.models import Touch
from steadfast.engine.events import manual_message_send
from steadfast.engine.worker import run_worker


def _poll(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)  # polling the database for the outcome, not timing anything
    return False


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_a_new_touch_without_waiting_for_its_poll(capture, alice, now):
    jane = capture(phone="+1 312 555 0142", state="IL", consent={"sms": True})
    stop = threading.Event()

    def work() -> None:
        try:
            run_worker(stop=stop, max_sleep=3600)  # only a wake-up can make it look again
        finally:
            connection.close()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        time.sleep(0.3)  # let it go to sleep first; the assertion is on the wake-up
        text = manual_message_send(
            lead=jane, channel="sms", body="Hello from Lakeshore", now=now, actor=alice
        )
        assert _poll(lambda: Touch.objects.get(pk=text.pk).state == "sent", 10)
    finally:
        stop.set()
        worker.join(timeout=5)
    assert not worker.is_alive()


@pytest.mark.django_db(transaction=True)
def test_a_worker_with_concurrent_sends_sends_every_touch_once_and_closes_its_connections(
    capture, alice, now
):
    from collections import Counter

    from steadfast.channels.models import OutboxMessage

    texts = []
    for i in range(12):
        lead = capture(
            first_name=f"Lead {i}", phone=f"+1 312 555 01{i:02d}", state="IL", consent={"sms": True}
        )
        texts.append(
            manual_message_send(lead=lead, channel="sms", body=f"Hi {i}", now=now, actor=alice)
        )
    ids = [t.pk for t in texts]
    stop = threading.Event()
    worker = threading.Thread(
        target=lambda: run_worker(stop=stop, max_sleep=3600, concurrency=4), daemon=True
    )
    clock.set_default(lambda: now)  # the worker's threads live at the test's moment too
    worker.start()
    try:
        assert _poll(lambda: Touch.objects.filter(pk__in=ids, state="sent").count() == 12, 30)
    finally:
        stop.set()
        worker.join(timeout=10)
        clock.reset_default()
    assert not worker.is_alive()
    assert not [t for t in threading.enumerate() if t.name.startswith("sender-")]
    per_touch = Counter(OutboxMessage.objects.values_list("reference", flat=True))
    assert {ref: per_touch[ref] for ref in (f"touch-{pk}-1" for pk in ids)} == {
        f"touch-{pk}-1": 1 for pk in ids
    }
    assert max(per_touch.values()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_looks_for_expired_leases_as_often_as_configured(settings, monkeypatch):
    from steadfast.engine import worker as worker_module

    settings.STEADFAST_RECOVER_SECONDS = 1
    recoveries: list[float] = []
    stop = threading.Event()

    def recover(*, now):  # type: ignore[no-untyped-def]
        recoveries.append(time.monotonic())
        if len(recoveries) >= 3:
            stop.set()
        return 0

    monkeypatch.setattr(worker_module, "touch_recover_expired", recover)
    worker = threading.Thread(target=lambda: run_worker(stop=stop, max_sleep=3600), daemon=True)
    worker.start()
    worker.join(timeout=30)  # the default (30 s) would take a minute and a half
    stop.set()
    worker.join(timeout=5)
    assert len(recoveries) >= 3


def test_the_recovery_interval_comes_from_the_environment_and_is_checked():
    import subprocess
    import sys

    def settings_with(value: str) -> subprocess.CompletedProcess[str]:
        code = "from django.conf import settings; print(settings.STEADFAST_RECOVER_SECONDS)"
        return subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            env={
                **__import__("os").environ,
                "DJANGO_SETTINGS_MODULE": "steadfast.settings",
                "STEADFAST_RECOVER_SECONDS": value,
            },
            capture_output=True,
            text=True,
            check=False,
        )

    assert settings_with("7").stdout.strip() == "7"
    refused = settings_with("soon")
    assert refused.returncode != 0
    assert "STEADFAST_RECOVER_SECONDS must be a whole number, not 'soon'" in refused.stderr


def test_the_worker_command_refuses_a_concurrency_below_one():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--concurrency: must be at least 1, not 0"):
        call_command("worker", "--concurrency", "0")


@pytest.mark.django_db(transaction=True)
def test_a_slow_provider_gets_as_many_calls_at_once_as_the_worker_has_senders(capture, alice, now):
    """Eight texts due together and four senders: four calls are under way at once, not one
    sender calling eight times in a row while the other three wait for it."""
    from steadfast.channels import providers
    from steadfast.channels.base import OutgoingSms, SendResult
    from steadfast.channels.console import ConsoleProvider

    senders = 4
    texts = []
    for i in range(8):
        lead = capture(
            first_name=f"Lead {i}", phone=f"+1 312 555 02{i:02d}", state="IL", consent={"sms": True}
        )
        texts.append(
            manual_message_send(lead=lead, channel="sms", body=f"Hi {i}", now=now, actor=alice)
        )
    ids = [t.pk for t in texts]
    calls = threading.Condition()
    under_way = [0]
    most = [0]
    gave_up = threading.Event()

    class Slow(ConsoleProvider):
        """Each call waits for the others to come, as a provider taking seconds would let
        them; a bound ends the wait if they never come."""

        def send_sms(self, message: OutgoingSms) -> SendResult:
            with calls:
                under_way[0] += 1
                most[0] = max(most[0], under_way[0])
                calls.notify_all()
                if not gave_up.is_set() and not calls.wait_for(
                    lambda: most[0] >= senders, timeout=20
                ):
                    gave_up.set()
            try:
                return super().send_sms(message)
            finally:
                with calls:
                    under_way[0] -= 1

    saved = providers.override
    providers.override = Slow  # type: ignore[assignment]
    stop = threading.Event()
    worker = threading.Thread(
        target=lambda: run_worker(stop=stop, max_sleep=3600, concurrency=senders), daemon=True
    )
    clock.set_default(lambda: now)
    worker.start()
    try:
        assert _poll(lambda: Touch.objects.filter(pk__in=ids, state="sent").count() == 8, 90)
    finally:
        stop.set()
        worker.join(timeout=10)
        clock.reset_default()
        providers.override = saved
    assert most[0] == senders
