"""`insert_rows`, `insert_values` and `insert_returning` write what `save()` would: every
column, JSON, times, defaults; `update_one` what `save(update_fields=…)` would."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import DatabaseError

from steadfast.audit.models import AuditEvent
from steadfast.db.bulk import insert_returning, insert_rows, insert_values, update_one
from steadfast.dispatch.models import Touch
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead


@pytest.fixture
def jane(capture) -> Lead:
    return capture(phone="(312) 555-0142", state="IL")


pytestmark = pytest.mark.django_db


def test_rows_read_back_as_saved(firm: Firm, jane: Lead, now: datetime):
    events = [
        AuditEvent(
            firm=firm,
            at=now,
            actor_label="import",
            action="lead.created",
            object_type="lead",
            object_id=str(jane.pk),
            changes={"status": "new", "n": i, "names": ["Ña", "Zoë"]},
        )
        for i in range(3)
    ]
    before = AuditEvent.objects.count()

    assert insert_rows(events) == 3
    stored = list(AuditEvent.objects.order_by("-id")[:3])
    assert AuditEvent.objects.count() == before + 3
    assert sorted(e.changes["n"] for e in stored) == [0, 1, 2]
    assert {e.at for e in stored} == {now} and stored[0].changes["names"] == ["Ña", "Zoë"]


def test_one_model_at_a_time(firm: Firm, jane: Lead, now: datetime):
    event = AuditEvent(firm=firm, at=now, action="x", object_type="lead", object_id="1")
    with pytest.raises(TypeError):
        insert_rows([event, jane])
    assert insert_rows([]) == 0


def columns(obj: Any) -> dict[str, Any]:
    return {
        f.attname: getattr(obj, f.attname)
        for f in type(obj)._meta.concrete_fields
        if not f.primary_key and f.attname != "updated_at"
    }


def test_values_land_as_saved_ones_do(firm: Firm, jane: Lead, now: datetime):
    saved = Touch.objects.create(
        firm=firm, lead=jane, channel="sms", step=1, due_at=now, to_address=jane.phone,
        reason="step 1", template="first_text", created_at=now,
    )  # fmt: skip
    shared = {"firm_id": firm.pk, "lead_id": jane.pk, "channel": "sms", "due_at": now}
    rows = [
        {**shared, "step": 1, "to_address": jane.phone, "reason": "step 1",
         "template": "first_text", "created_at": now}
        for _ in range(2)
    ]  # fmt: skip
    assert insert_values(Touch, rows) == 2

    stored = list(Touch.objects.filter(lead=jane, template="first_text").order_by("id"))
    assert len(stored) == 3
    # Every column a row left out has what a saved one has (defaults: state, attempts …).
    assert columns(stored[1]) == columns(stored[2]) == columns(saved)
    with pytest.raises(TypeError, match="no column"):
        insert_values(Touch, [{**rows[0], "nonsense": 1}])


def test_inserted_leads_get_their_ids_and_read_back_as_saved(jane: Lead):
    copies = [Lead(**{**columns(jane), "external_id": f"copy-{i}"}) for i in range(3)]

    insert_returning(copies)

    assert all(copy.pk for copy in copies) and len({copy.pk for copy in copies}) == 3
    for copy in copies:
        stored = Lead.objects.get(pk=copy.pk)
        assert stored.external_id == copy.external_id
        assert {**columns(stored), "external_id": None} == {**columns(jane), "external_id": None}
        assert not copy._state.adding


def test_inserted_leads_take_ids_in_order_and_later_leads_come_after(jane: Lead):
    # On PostgreSQL the ids are drawn from the table's sequence and the rows copied in.
    copies = [Lead(**{**columns(jane), "external_id": f"order-{i}"}) for i in range(5)]

    insert_returning(copies)
    later = Lead(**{**columns(jane), "external_id": "later"})
    later.save()

    ids = [copy.pk for copy in copies]
    assert ids == sorted(ids) and ids[0] > jane.pk
    assert later.pk > ids[-1]
    assert list(
        Lead.objects.filter(external_id__startswith="order-")
        .order_by("pk")
        .values_list("external_id", flat=True)
    ) == [f"order-{i}" for i in range(5)]


def test_an_update_lands_as_a_save_of_those_fields_does(jane: Lead, alice, now: datetime):
    before = Lead.objects.get(pk=jane.pk).updated_at
    jane.status, jane.assigned_to, jane.timezone_candidates = "engaged", alice, ["America/Chicago"]
    jane.first_name = "Not written"  # a field not named stays as stored

    update_one(jane, ["status", "assigned_to", "timezone_candidates", "updated_at"])

    stored = Lead.objects.get(pk=jane.pk)
    assert (stored.status, stored.assigned_to_id) == ("engaged", alice.pk)
    assert stored.timezone_candidates == ["America/Chicago"]
    assert stored.first_name != "Not written"
    assert stored.updated_at >= before and stored.updated_at == jane.updated_at  # auto_now


def test_an_update_of_a_row_gone_fails_as_save_does(jane: Lead):
    Lead.objects.filter(pk=jane.pk).delete()
    with pytest.raises(DatabaseError, match="did not affect any rows"):
        update_one(jane, ["status"])


def test_json_written_in_bulk_reads_back_as_a_save_of_it_does(firm: Firm, jane: Lead, now):
    """On PostgreSQL the bulk paths write JSON with orjson; the document must be the one
    `json.dumps` would give: keys that are not strings as strings, nested lists, text in any
    script, numbers as numbers."""
    changes = {
        1: "one",
        "nested": {"list": [1, 2.5, None, True]},
        "text": "Ña — 名字 🖐",
        "n": 10**15,
    }
    saved = AuditEvent.objects.create(
        firm=firm, at=now, action="x", object_type="lead", object_id="1", changes=changes
    )
    insert_values(
        AuditEvent,
        [{"firm_id": firm.pk, "at": now, "action": "y", "object_type": "lead",
          "object_id": "1", "changes": changes}],
    )  # fmt: skip
    bulk = AuditEvent.objects.get(action="y")
    saved.refresh_from_db()
    assert (
        bulk.changes
        == saved.changes
        == {
            "1": "one",
            "nested": {"list": [1, 2.5, None, True]},
            "text": "Ña — 名字 🖐",
            "n": 10**15,
        }
    )
    # ... and JSON the database can query the same way either way
    assert AuditEvent.objects.filter(changes__nested__list__1=2.5).count() == 2
