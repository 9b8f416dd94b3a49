"""A key sees only the leads its own source delivered: another firm's key, or another source
of the same firm, gets 404 — the same answer as for a lead that does not exist."""

from __future__ import annotations

import pytest

from steadfast.leads.services import source_create
from tests.api.payloads import jane


@pytest.fixture
def lakeshore_lead_id(api) -> int:
    return api("post", "/leads", jane()).json()["id"]


@pytest.mark.parametrize("suffix", ["", "/timeline"])
def test_it_shows_a_source_its_own_lead(api, lakeshore_lead_id, suffix):
    response = api("get", f"/leads/{lakeshore_lead_id}{suffix}")

    assert response.status_code == 200


@pytest.mark.parametrize("suffix", ["", "/timeline"])
def test_it_hides_a_lead_from_another_firms_key(
    api, lakeshore_lead_id, other_source_and_key, suffix
):
    _, harbor_key = other_source_and_key

    response = api("get", f"/leads/{lakeshore_lead_id}{suffix}", key=harbor_key)

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "no such lead for this key"}
    assert "Jane" not in response.content.decode()


@pytest.mark.parametrize("suffix", ["", "/timeline"])
def test_it_hides_a_lead_from_another_source_of_the_same_firm(
    api, lakeshore_lead_id, firm, now, suffix
):
    _, website_key = source_create(firm=firm, name="Website", now=now)

    response = api("get", f"/leads/{lakeshore_lead_id}{suffix}", key=website_key)

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_it_does_not_hand_another_firm_the_lead_through_its_external_id(
    api, lakeshore_lead_id, other_source_and_key
):
    _, harbor_key = other_source_and_key

    response = api("post", "/leads", jane(state="FL", zip="33602"), key=harbor_key)

    assert response.status_code == 201
    assert response.json()["id"] != lakeshore_lead_id
    assert response.json()["duplicate_of"] is None
