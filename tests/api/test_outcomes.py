"""POST /api/v1/leads/{id}/outcomes: a call outcome from an outside dialer feeds the engine."""

from __future__ import annotations

import pytest

from steadfast.dispatch.models import Touch

pytestmark = pytest.mark.django_db

JANE = {
    "external_id": "o-1",
    "first_name": "Jane",
    "phone": "+1 312 555 0142",
    "email": "jane@example.com",
    "state": "IL",
    "consent": {"call": True, "sms": True, "email": True},
}


def test_a_voicemail_logged_by_an_outside_dialer_plans_the_text(api):
    lead = api("post", "/leads", JANE).json()
    answer = api(
        "post", f"/leads/{lead['id']}/outcomes", {"outcome": "voicemail", "note": "left the script"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "contacting"
    assert body["next_touch"]["channel"] == "email" or body["next_touch"]["channel"] == "sms"
    assert Touch.objects.filter(lead_id=lead["id"], step=2, channel="sms").exists()


def test_connected_stops_the_cadence(api):
    lead = api("post", "/leads", JANE).json()
    body = api("post", f"/leads/{lead['id']}/outcomes", {"outcome": "connected"}).json()
    assert body["status"] == "engaged"
    assert body["next_touch"] is None


def test_a_second_outcome_without_an_open_call_is_a_conflict(api):
    lead = api("post", "/leads", JANE).json()
    api("post", f"/leads/{lead['id']}/outcomes", {"outcome": "connected"})
    again = api("post", f"/leads/{lead['id']}/outcomes", {"outcome": "connected"})
    assert again.status_code == 409
    assert again.json()["error"] == "conflict"


def test_an_unknown_outcome_is_named(api):
    lead = api("post", "/leads", JANE).json()
    answer = api("post", f"/leads/{lead['id']}/outcomes", {"outcome": "maybe"})
    assert answer.status_code == 422
    assert answer.json()["detail"].startswith("outcome:")
    assert Touch.objects.get(lead_id=lead["id"], step=1).state == "planned"


def test_another_firms_key_cannot_log_outcomes(api, other_source_and_key):
    lead = api("post", "/leads", JANE).json()
    answer = api(
        "post",
        f"/leads/{lead['id']}/outcomes",
        {"outcome": "connected"},
        key=other_source_and_key[1],
    )
    assert answer.status_code == 404
    assert Touch.objects.get(lead_id=lead["id"], step=1).state == "planned"
