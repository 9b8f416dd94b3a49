"""A source key reads what a vendor needs to settle a return, and nothing a person wrote."""

from __future__ import annotations

from datetime import timedelta

from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.leads.models import Lead, Note
from steadfast.leads.services import lead_set_status

from .payloads import jane

SECRETS = [
    "Client admits she was speeding",  # a staff note
    "alice@lakeshore.example",  # a staff email
    "Alice",  # a staff name
    "Hi Jane, it's Alice from Lakeshore",  # a text staff wrote
    "Yes I still want help, my boss is to blame",  # the client's reply
    "Rejected: settled elsewhere per call",  # a note on a status change
]


def _lead_with_history(api, alice, now):
    lead_id = api("post", "/leads", jane()).json()["id"]
    lead = Lead.objects.get(pk=lead_id)
    later = now + timedelta(minutes=5)
    Note.objects.create(firm=lead.firm, lead=lead, author=alice, body=SECRETS[0], created_at=later)
    Touch.objects.create(
        firm=lead.firm,
        lead=lead,
        channel="sms",
        direction=Direction.OUT,
        state=TouchState.FAILED,
        due_at=later,
        done_at=later,
        outcome="undelivered",
        provider_code="30006",
        content=SECRETS[3],
        performed_by=alice,
        created_at=later,
    )
    Touch.objects.create(
        firm=lead.firm,
        lead=lead,
        channel="sms",
        direction=Direction.IN,
        state=TouchState.SENT,
        due_at=later,
        done_at=later,
        outcome="replied",
        content=SECRETS[4],
        created_at=later,
    )
    lead_set_status(
        lead=lead, status="rejected", reason="declined", now=later, actor=alice, note=SECRETS[5]
    )
    return lead_id


def test_it_shows_a_vendor_outcomes_codes_and_status_of_its_lead(api, alice, now):
    lead_id = _lead_with_history(api, alice, now)

    response = api("get", f"/leads/{lead_id}/timeline")

    assert response.status_code == 200
    items = response.json()["items"]
    attempts = [i["data"] for i in items if i["kind"] == "touch" and i["data"]["done_at"]]
    assert [(t["channel"], t["state"], t["outcome"], t["provider_code"]) for t in attempts] == [
        ("sms", "failed", "undelivered", "30006")
    ]
    statuses = [i["data"]["to"] for i in items if i["kind"] == "status"]
    assert statuses[-1] == "rejected"
    assert any(i["kind"] == "check" for i in items)


def test_it_never_gives_a_vendor_what_a_person_wrote(api, alice, now):
    lead_id = _lead_with_history(api, alice, now)

    response = api("get", f"/leads/{lead_id}/timeline")

    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body
    kinds = {i["kind"] for i in response.json()["items"]}
    assert "note" not in kinds
    assert all(i["data"].get("direction") != "in" for i in response.json()["items"])


def test_it_documents_the_vendor_scope_in_the_openapi_description(client, db):
    spec = client.get("/api/v1/openapi.json").json()

    description = spec["paths"]["/api/v1/leads/{lead_id}/timeline"]["get"]["description"]

    assert "Nothing a person at the firm wrote" in description
