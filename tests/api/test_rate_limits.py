"""The API's abuse limits: per key and per client address, 429 with Retry-After."""

from __future__ import annotations

from datetime import timedelta

from steadfast import clock
from steadfast.leads.models import Lead

from .payloads import jane


def test_it_limits_requests_per_key_with_429_and_retry_after(api, settings):
    settings.STEADFAST_RATE_LIMIT_API_KEY = (3, 60)

    answers = [api("post", "/leads", jane(external_id=f"x-{i}")) for i in range(4)]

    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    refused = answers[-1]
    assert refused.json()["error"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert Lead.objects.count() == 3


def test_one_keys_limit_does_not_hold_back_another_firm(api, settings, other_source_and_key):
    settings.STEADFAST_RATE_LIMIT_API_KEY = (1, 60)
    _, harbor_key = other_source_and_key
    api("get", "/leads/1")

    assert api("get", "/leads/1").status_code == 429
    assert api("get", "/leads/1", key=harbor_key).status_code == 404


def test_it_limits_requests_per_address_even_without_a_valid_key(client, settings, db):
    settings.STEADFAST_RATE_LIMIT_API_IP = (2, 60)

    answers = [
        client.get("/api/v1/leads/1", HTTP_AUTHORIZATION=f"Bearer sf_{i}").status_code
        for i in range(3)
    ]

    assert answers == [401, 401, 429]
    other = client.get("/api/v1/leads/1", REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 401


def test_the_key_limit_lifts_in_the_next_window(api, settings, now):
    settings.STEADFAST_RATE_LIMIT_API_KEY = (1, 60)
    api("get", "/leads/1")
    refused = api("get", "/leads/1")
    assert refused.status_code == 429

    with clock.frozen(now + timedelta(seconds=int(refused["Retry-After"]))):
        assert api("get", "/leads/1").status_code == 404


def test_it_documents_the_429_answer(client, db):
    spec = client.get("/api/v1/openapi.json").json()

    assert "429" in spec["paths"]["/api/v1/leads"]["post"]["responses"]
    assert "Retry-After" in spec["info"]["description"]
