"""/metrics: Prometheus text for the scraper holding the token, nobody else."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steadfast.dispatch.models import Touch, TouchState
from tests.api.payloads import jane

TOKEN = "a-metrics-token-for-tests"


@pytest.fixture
def scrape(client, settings):
    settings.STEADFAST_METRICS_TOKEN = TOKEN

    def get() -> str:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain; version=0.0.4")
        return response.content.decode()

    return get


@pytest.mark.django_db
def test_it_is_off_without_a_token(client, settings):
    settings.STEADFAST_METRICS_TOKEN = ""
    response = client.get("/metrics")
    assert response.status_code == 404
    assert "STEADFAST_METRICS_TOKEN" in response.json()["detail"]


@pytest.mark.django_db
def test_it_refuses_a_wrong_token(client, settings):
    settings.STEADFAST_METRICS_TOKEN = TOKEN
    for header in ({}, {"HTTP_AUTHORIZATION": "Bearer guess"}):
        response = client.get("/metrics", **header)
        assert response.status_code == 401
        assert "steadfast_" not in response.content.decode()


@pytest.mark.django_db
def test_it_counts_touches_by_channel_and_outcome_and_times_sends(scrape, capture, now):
    jane = capture(phone="+1 312 555 0142", state="IL", consent={"sms": True})
    common = {"firm": jane.firm, "lead": jane, "channel": "sms", "created_at": now}
    Touch.objects.create(
        **common,
        state=TouchState.SENT,
        outcome="delivered",
        due_at=now - timedelta(seconds=40),
        done_at=now - timedelta(seconds=37),
    )
    Touch.objects.create(
        **common, state=TouchState.PLANNED, due_at=now - timedelta(seconds=90), content="x"
    )
    text = scrape()
    assert (
        'steadfast_touches{channel="sms",direction="out",outcome="delivered",state="sent"} 1.0'
        in text
    )
    assert 'steadfast_send_latency_seconds_bucket{channel="sms",le="1.0"} 0.0' in text
    assert 'steadfast_send_latency_seconds_bucket{channel="sms",le="5.0"} 1.0' in text
    assert 'steadfast_send_latency_seconds_sum{channel="sms"} 3.0' in text
    assert "steadfast_queue_due_touches 1.0" in text
    assert "steadfast_queue_oldest_due_age_seconds 90.0" in text


@pytest.mark.django_db
def test_it_times_lead_intake(scrape, api):
    def intake_count() -> float:
        for line in scrape().splitlines():
            if line.startswith('steadfast_intake_latency_seconds_count{via="api"}'):
                return float(line.split()[-1])
        return 0.0

    before = intake_count()
    assert api("post", "/leads", jane()).status_code == 201
    assert intake_count() == before + 1
