"""What a posted lead writes, and how often it asks for the database's one writer: the lead,
its delivery and its plan in one transaction; the rate limits of the embedded server counted
in its own memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.api import api as api_module
from steadfast.leads.models import Lead
from steadfast.returns.models import Delivery
from steadfast.web.management.commands import serve

from .payloads import jane


@pytest.fixture
def in_memory(settings: Any) -> Iterator[Any]:
    """Rate limits as `steadfast serve` counts them (restored after the test)."""
    settings.STEADFAST_RATE_LIMIT_CACHE = "default"
    settings.REDIS_URL = ""
    caches["process"].clear()
    serve.rate_limits_in_memory()
    yield settings
    caches["process"].clear()


def test_the_lead_and_its_delivery_are_stored_together(api, monkeypatch):
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(api_module, "delivery_record", broken)

    with pytest.raises(RuntimeError):
        api("post", "/leads", jane())

    # No lead without the delivery a return would need as its first exhibit.
    assert Lead.objects.count() == 0


def test_a_posted_lead_keeps_its_delivery_byte_for_byte(api):
    body = '{"external_id": "il-7",  "first_name": "Jane", "phone": "3125550142"}'

    answer = api("post", "/leads", body)

    assert answer.status_code == 201
    delivery = Delivery.objects.get(lead_id=answer.json()["id"])
    assert delivery.body == body
    assert delivery.via == "api"


def test_serve_counts_rate_limits_in_its_own_memory(api, in_memory):
    in_memory.STEADFAST_RATE_LIMIT_API_KEY = (2, 60)

    with CaptureQueriesContext(connection) as queries:
        answers = [api("post", "/leads", jane(external_id=f"x-{i}")) for i in range(3)]

    assert in_memory.STEADFAST_RATE_LIMIT_CACHE == "process"
    assert [a.status_code for a in answers] == [201, 201, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    assert Lead.objects.count() == 2
    assert not [q for q in queries.captured_queries if "steadfast_cache" in q["sql"]]


def test_serve_limits_an_address_in_memory_too(client, in_memory, db):
    in_memory.STEADFAST_RATE_LIMIT_API_IP = (2, 60)

    answers = [
        client.get("/api/v1/leads/1", HTTP_AUTHORIZATION=f"Bearer sf_{i}").status_code
        for i in range(3)
    ]

    assert answers == [401, 401, 429]


def test_serve_keeps_counting_in_redis_when_one_is_configured(settings):
    settings.STEADFAST_RATE_LIMIT_CACHE = "default"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    serve.rate_limits_in_memory()

    assert settings.STEADFAST_RATE_LIMIT_CACHE == "default"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite's BEGIN statements")
@pytest.mark.django_db(transaction=True)
def test_a_posted_lead_takes_the_writer_once(api, in_memory):
    api("post", "/leads", jane(external_id="warm-up", phone="3125550100"))

    with CaptureQueriesContext(connection) as queries:
        answer = api("post", "/leads", jane())

    assert answer.status_code == 201
    assert [q["sql"] for q in queries.captured_queries if q["sql"].startswith("BEGIN")] == [
        "BEGIN IMMEDIATE"
    ]
