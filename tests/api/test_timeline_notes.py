"""What a source reads on its lead's timeline: its own outcome notes, never the firm's."""

from __future__ import annotations

import pytest

from steadfast import clock
from steadfast.leads.models import Lead, Note
from steadfast.web.services import note_add
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JANE = {
    "external_id": "t-1",
    "first_name": "Jane",
    "phone": "+1 312 555 0142",
    "state": "IL",
    "consent": {"call": True, "sms": True, "email": True},
}


def test_it_shows_the_dialers_outcome_note_on_the_timeline(api):
    lead = api("post", "/leads", JANE).json()
    api("post", f"/leads/{lead['id']}/outcomes", {"outcome": "no_answer", "note": "rang out"})
    items = api("get", f"/leads/{lead['id']}/timeline").json()["items"]
    assert [i["data"]["body"] for i in items if i["kind"] == "note"] == ["rang out"]


def test_it_keeps_the_firms_own_notes_from_the_source(api):
    lead = api("post", "/leads", JANE).json()
    stored = Lead.objects.get(pk=lead["id"])
    alice = make_user(stored.firm, "alice@lakeshore.example")
    note_add(
        lead=stored,
        body="Client is a friend of the partner",
        remind_at=None,
        now=clock.now(),
        author=alice,
    )
    assert Note.objects.count() == 1
    items = api("get", f"/leads/{lead['id']}/timeline").json()["items"]
    assert not [i for i in items if i["kind"] == "note"]
