"""Cadence delays are bounded: a delay of months is refused with a message, never a 500."""

from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from steadfast.cadences.definition import DEFAULT_CADENCE, parse_definition, parse_duration
from steadfast.cadences.models import Cadence
from steadfast.dispatch.models import Touch
from steadfast.leads.models import Lead
from tests.api.payloads import jane


@pytest.mark.parametrize("delay", ["91d", "2161h", "999999999d", "99999999999d"])
def test_it_refuses_a_step_delay_above_90_days_naming_it(delay):
    data = copy.deepcopy(DEFAULT_CADENCE)
    data["steps"][1]["delay"] = delay

    with pytest.raises(ValidationError, match=f"'{delay}' is too long: at most 90 days"):
        parse_definition(data)


def test_it_accepts_a_delay_of_exactly_90_days():
    assert parse_duration("90d").days == 90
    assert parse_duration("2160h").days == 90


@pytest.mark.django_db
def test_it_still_takes_leads_when_a_stored_cadence_has_a_huge_delay(api, firm, source):
    # Saved before the schema refused it (through the database or an older version).
    data = copy.deepcopy(DEFAULT_CADENCE)
    data["steps"][0]["delay"] = "999999999d"
    Cadence.objects.create(firm=firm, name="Broken", source=source, definition=data)

    response = api("post", "/leads", jane())

    assert response.status_code == 201
    lead = Lead.objects.get(pk=response.json()["id"])
    assert Touch.objects.filter(lead=lead, step=1, channel="call").exists()
