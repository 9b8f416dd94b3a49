"""Settings → Calling rules (admin): the effective rule table and the firm's overrides of it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from steadfast.audit.models import AuditEvent
from steadfast.compliance.rules import STATE_RULES
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from steadfast.leads.selectors import lead_next_touch
from tests.api.payloads import jane
from tests.conftest import make_user

CHICAGO = ZoneInfo("America/Chicago")
# Tuesday 2026-03-03, 08:40 in Chicago (CST): after the federal 8 a.m., before 9.
TUESDAY_0840_CHICAGO = datetime(2026, 3, 3, 14, 40, tzinfo=UTC)
IL_9_TO_8 = {"IL": {"window": ["09:00", "20:00"]}}


def save(client: Client, overrides: Any) -> Any:
    text = overrides if isinstance(overrides, str) else json.dumps(overrides)
    return client.post("/settings/rules/", {"overrides": text})


def test_it_shows_an_admin_floridas_window_and_its_source(
    as_user: Callable[[User], Client], charlie: User
):
    response = as_user(charlie).get("/settings/rules/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Florida (FL)" in page
    assert '<th scope="row">Monday</th><td>08:00\N{EN DASH}20:00</td>' in page
    assert STATE_RULES["FL"].source in page
    assert "at most 3 calls and texts" in page
    assert "Federal baseline" in page
    assert '<th scope="row">Monday</th><td>08:00\N{EN DASH}21:00</td>' in page
    assert page.count("firm override</span>") == 1  # the legend only


def test_it_is_in_the_settings_nav_for_admins(as_user: Callable[[User], Client], alice: User):
    page = as_user(alice).get("/settings/").content.decode()

    assert 'href="/settings/rules/"' in page


@pytest.mark.parametrize("now", [TUESDAY_0840_CHICAGO])
def test_it_saves_a_narrower_illinois_window_that_the_next_lead_waits_for(
    as_user: Callable[[User], Client], alice: User, firm: Firm, api: Callable[..., Any]
):
    client = as_user(alice)
    before = client.get("/settings/rules/").content.decode()
    assert "09:00\N{EN DASH}20:00" not in before

    response = save(client, IL_9_TO_8)

    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.compliance_overrides == IL_9_TO_8
    event = AuditEvent.objects.get(action="firm.compliance_overrides")
    assert event.actor == alice
    assert event.changes == {"compliance_overrides": [{}, IL_9_TO_8]}
    page = client.get("/settings/rules/").content.decode()
    assert '09:00\N{EN DASH}20:00 <span class="badge warn">firm override</span>' in page
    assert "firm override: window" in page

    created = api("post", "/leads", jane(submitted_at="2026-03-03T08:39:00-06:00"))

    assert created.status_code == 201
    first = lead_next_touch(lead=Lead.objects.get(pk=created.json()["id"]))
    assert first is not None and first.channel == "call"
    assert first.due_at.astimezone(CHICAGO) == datetime(2026, 3, 3, 9, 0, tzinfo=CHICAGO)


@pytest.mark.parametrize("now", [TUESDAY_0840_CHICAGO])
def test_it_calls_an_illinois_lead_at_0840_without_the_override(
    firm: Firm, api: Callable[..., Any], now: datetime
):
    created = api("post", "/leads", jane(submitted_at="2026-03-03T08:39:00-06:00"))

    first = lead_next_touch(lead=Lead.objects.get(pk=created.json()["id"]))
    assert first is not None and first.due_at == now


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"IL": {"window": ["07:00", "20:00"]}}, "compliance_overrides.IL.window: 07:00-20:00"),
        ({"TX": {"windows": {"sun": ["12:00", "22:00"]}}}, "compliance_overrides.TX.windows.sun"),
        ({"IL": {"max_per_24h": 0}}, "compliance_overrides.IL.max_per_24h"),
        ({"ZZ": {"window": ["09:00", "20:00"]}}, "compliance_overrides.ZZ: not a two-letter"),
        ('{"IL": {"window": ["09:00", "20:00"]}', "Not valid JSON"),
        ('["IL"]', "Expected an object keyed by state"),
    ],
)
def test_it_refuses_a_bad_override_naming_the_problem_and_changes_nothing(
    as_user: Callable[[User], Client], alice: User, firm: Firm, overrides: Any, named: str
):
    firm.compliance_overrides = {"*": {"max_per_24h": 2}}
    firm.save(update_fields=["compliance_overrides"])

    response = save(as_user(alice), overrides)

    assert response.status_code == 400
    assert named in response.content.decode()
    firm.refresh_from_db()
    assert firm.compliance_overrides == {"*": {"max_per_24h": 2}}
    assert not AuditEvent.objects.filter(action="firm.compliance_overrides").exists()


def test_it_escapes_what_it_echoes(as_user: Callable[[User], Client], alice: User):
    response = save(as_user(alice), {"<script>alert(1)</script>": {}})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_it_clears_the_overrides_when_saved_empty(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    firm.compliance_overrides = IL_9_TO_8
    firm.save(update_fields=["compliance_overrides"])

    response = save(as_user(alice), "")

    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.compliance_overrides == {}


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER])
def test_it_refuses_agents_and_managers(as_user: Callable[[User], Client], firm: Firm, role: str):
    client = as_user(make_user(firm, f"{role}@lakeshore.example", role))

    assert client.get("/settings/rules/").status_code == 403
    assert save(client, IL_9_TO_8).status_code == 403
    firm.refresh_from_db()
    assert firm.compliance_overrides == {}
    assert 'href="/settings/rules/"' not in client.get("/settings/").content.decode()
