"""/healthz says the process answers; /readyz says whether the promise is being kept."""

from __future__ import annotations

import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection

from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.dispatcher import WORKER_ID
from steadfast.engine.worker import run_worker
from steadfast.ops.models import WorkerHeartbeat
from steadfast.ops.services import heartbeat_record


def _beat(now, seconds_ago: float = 5) -> None:
    at = now - timedelta(seconds=seconds_ago)
    heartbeat_record(worker="host:1", now=at, started_at=at)


def _due_text(capture, now, waited: float) -> Touch:
    jane = capture(phone="+1 312 555 0142", state="IL", consent={"sms": True})
    return Touch.objects.create(
        firm=jane.firm,
        lead=jane,
        channel="sms",
        state=TouchState.PLANNED,
        due_at=now - timedelta(seconds=waited),
        created_at=now,
        content="Hello",
    )


@pytest.mark.django_db
def test_it_answers_healthz_without_the_database(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_is_ready_when_a_worker_loops_and_nothing_waits(client, now, firm):
    _beat(now)
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ready"
    assert body["reasons"] == []
    assert body["checks"]["worker"]["last_loop_age_seconds"] == 5
    assert body["checks"]["queue"]["due_touches"] == 0
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_it_is_at_risk_when_no_worker_has_ever_run(client, firm):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reasons"] == ["no worker has ever run"]


@pytest.mark.django_db
def test_it_is_at_risk_when_the_worker_stopped_looping(client, now, firm):
    _beat(now, seconds_ago=600)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reasons"] == ["no worker has looped for 600 s (limit 90 s)"]


@pytest.mark.django_db
def test_it_is_at_risk_when_a_due_touch_waits_too_long(client, capture, now):
    _beat(now)
    _due_text(capture, now, waited=400)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "at_risk"
    assert body["reasons"] == ["the oldest due touch has waited 400 s (limit 120 s)"]
    assert body["checks"]["queue"]["oldest_due_age_seconds"] == 400


@pytest.mark.django_db
def test_it_takes_its_limits_from_the_settings(client, capture, now, settings):
    settings.STEADFAST_READY_MAX_QUEUE_AGE = 900
    _beat(now)
    _due_text(capture, now, waited=400)
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_it_is_at_risk_when_the_database_is_out_of_reach(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["reasons"] == ["the database cannot be reached: refused"]


class _OneLoop(threading.Event):
    """A stop that is asked for as soon as the worker's main loop has run once (its sender
    threads see the stop only when it is really set)."""

    def __init__(self) -> None:
        super().__init__()
        self.main = threading.get_ident()
        self.looped = False

    def is_set(self) -> bool:
        if threading.get_ident() != self.main:
            return super().is_set()
        looped, self.looped = self.looped, True
        if looped:
            self.set()
        return looped


@pytest.mark.django_db(transaction=True)
def test_it_records_a_heartbeat_on_each_worker_loop(firm):
    run_worker(stop=_OneLoop())
    [beat] = WorkerHeartbeat.objects.all()
    assert beat.worker == WORKER_ID
