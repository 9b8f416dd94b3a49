"""The worker loop as `steadfast serve` runs it: woken by a new touch, stopped promptly."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from steadfast.cadences.services import manual_message_send
from steadfast.dispatch.models import Touch
from steadfast.dispatch.worker import run_worker


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
