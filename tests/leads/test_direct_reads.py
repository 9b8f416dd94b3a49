"""The reads every API post makes, written as direct statements: each answers what the ORM
query it replaced answered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steadfast.dispatch.models import Touch, TouchState
from steadfast.leads import selectors
from steadfast.leads.models import LeadSource
from steadfast.leads.services import source_create, source_for_key, sources_with_prefix

pytestmark = pytest.mark.django_db


def test_a_key_finds_its_source_with_its_firm_in_one_statement(
    firm, now, alice, django_assert_max_num_queries
):
    source, key = source_create(firm=firm, name="Vendor Z", now=now)
    prefix = source.api_key_prefix
    with django_assert_max_num_queries(1):
        found = source_for_key(key)
        assert found is not None and found.firm.name == firm.name
    expected = LeadSource.objects.select_related("firm").get(pk=source.pk)
    assert [s.pk for s in sources_with_prefix(prefix)] == [source.pk]
    read = sources_with_prefix(prefix)[0]
    for field in LeadSource._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read.firm.slug == expected.firm.slug and read.firm.timezone == expected.firm.timezone
    assert sources_with_prefix("nope") == []
    assert source_for_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None


def test_the_answer_to_a_post_reads_the_next_touch_and_the_findings_as_the_orm_did(capture, now):
    lead = capture(phone="+1 312 555 0142", email="jane@example.com", state="IL")
    nxt = selectors.lead_next_touch(lead=lead)
    expected = Touch.objects.filter(lead=lead, state=TouchState.PLANNED).order_by("due_at", "id")
    assert nxt is not None and nxt.pk == expected.first().pk
    assert nxt.due_at == expected.first().due_at and nxt.due_at.tzinfo is not None
    Touch.objects.filter(lead=lead).update(state=TouchState.CANCELLED)
    assert selectors.lead_next_touch(lead=lead) is None
    validity = selectors.lead_validity(lead=lead)
    by_orm = {c.kind: c for c in lead.checks.all()}
    assert set(validity) == set(by_orm) and {"phone", "email"} <= set(validity)
    for kind, check in by_orm.items():
        assert validity[kind]["evidence"] == check.evidence
        assert validity[kind]["checked_at"] == check.checked_at
    assert validity["phone"]["evidence"]["e164"] == "+13125550142"
    assert now - validity["phone"]["checked_at"] < timedelta(days=1)
