"""`insert_rows` writes what `save()` would: every column, JSON, times, defaults."""

from __future__ import annotations

from datetime import datetime

import pytest

from steadfast.audit.models import AuditEvent
from steadfast.db.bulk import insert_rows
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
