"""Shared personas and factories.

Personas: Lakeshore Injury Law (Chicago, serves IL and WI) with Alice its admin and Bob an
agent; Harbor Family Law (Tampa, serves FL) with Charlie, who must never see Lakeshore's data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from steadfast import clock
from steadfast.engine.events import lead_arrive
from steadfast.firms.models import Firm, Membership, Role, User
from steadfast.leads.models import LeadSource
from steadfast.leads.services import LeadInput, source_create

# A Monday morning in Chicago (CST, UTC-6).
MONDAY_10AM_CHICAGO = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return MONDAY_10AM_CHICAGO


@pytest.fixture(autouse=True)
def _frozen_clock(now: datetime):
    with clock.frozen(now):
        yield


@pytest.fixture(autouse=True)
def _templates_read_afresh():
    # Each test's rows are rolled back, and the frozen clock gives every test the same moment:
    # what one test's dispatcher read must not be taken for another's.
    from steadfast.engine import compose

    compose._read.clear()
    yield


def make_firm(**overrides: Any) -> Firm:
    fields: dict[str, Any] = {
        "name": "Lakeshore Injury Law",
        "slug": "lakeshore",
        "timezone": "America/Chicago",
        "states": ["IL", "WI"],
        # Federal holidays only: the frozen Monday, 2026-03-02, is Casimir Pulaski Day in
        # Illinois, and the firm must be open on it for calls to be due.
        "holiday_calendars": ["US"],
        "practice_areas": ["personal_injury"],
        "phone": "+13125550100",
        "address_line1": "200 N LaSalle St",
        "city": "Chicago",
        "region": "IL",
        "postal_code": "60601",
    }
    fields.update(overrides)
    return Firm.objects.create(**fields)


def make_user(
    firm: Firm, email: str, role: str = Role.AGENT, password: str = "correct horse 1"
) -> User:
    user = User.objects.create_user(email, password, first_name=email.split("@")[0].title())
    Membership.objects.create(firm=firm, user=user, role=role)
    return user


@pytest.fixture
def firm(db) -> Firm:
    return make_firm()


@pytest.fixture
def other_firm(db) -> Firm:
    return make_firm(
        name="Harbor Family Law",
        slug="harbor",
        timezone="America/New_York",
        states=["FL"],
        holiday_calendars=["US-FL"],
        phone="+18135550100",
        city="Tampa",
        region="FL",
        postal_code="33602",
    )


@pytest.fixture
def alice(firm: Firm) -> User:
    return make_user(firm, "alice@lakeshore.example", Role.ADMIN)


@pytest.fixture
def bob(firm: Firm) -> User:
    return make_user(firm, "bob@lakeshore.example", Role.AGENT)


@pytest.fixture
def charlie(other_firm: Firm) -> User:
    return make_user(other_firm, "charlie@harbor.example", Role.ADMIN)


@pytest.fixture
def source_and_key(firm: Firm, now: datetime) -> tuple[LeadSource, str]:
    return source_create(
        firm=firm,
        name="InjuryLeads Co",
        cost_per_lead=Decimal("45.00"),
        return_window_days=7,
        now=now,
    )


@pytest.fixture
def source(source_and_key: tuple[LeadSource, str]) -> LeadSource:
    return source_and_key[0]


@pytest.fixture
def api_key(source_and_key: tuple[LeadSource, str]) -> str:
    return source_and_key[1]


@pytest.fixture
def other_source_and_key(other_firm: Firm, now: datetime) -> tuple[LeadSource, str]:
    return source_create(firm=other_firm, name="FamilyLeads", now=now)


@pytest.fixture
def api(client: Client, api_key: str) -> Callable[..., Any]:
    """POST/GET the API as the lead vendor: api("post", "/leads", {...})."""
    import json

    def call(method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key or api_key}"}
        url = f"/api/v1{path}"
        if method == "get":
            return client.get(url, **headers)
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return client.post(url, data=data, content_type="application/json", **headers)

    return call


@pytest.fixture
def capture(source: LeadSource, now: datetime) -> Callable[..., Any]:
    """Capture a lead through the service, as any intake path does."""

    def make(**fields: Any) -> Any:
        fields.setdefault("first_name", "Jane")
        lead_source = fields.pop("source", source)
        at = fields.pop("now", now)
        return lead_arrive(source=lead_source, data=LeadInput(**fields), now=at).lead

    return make


@pytest.fixture
def jane(capture: Callable[..., Any]) -> Any:
    """Jane, an Illinois lead with a phone and an email, consenting to every channel."""
    return capture(
        first_name="Jane",
        phone="+1 312 555 0142",
        email="jane@example.com",
        state="IL",
        consent={"call": True, "sms": True, "email": True},
    )
