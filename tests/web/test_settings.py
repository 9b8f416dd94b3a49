"""Settings: the firm (admin), sources with their key shown once (manager+), numbers and
users (admin)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.test import Client

from steadfast.audit.models import AuditEvent
from steadfast.firms.models import Closure, Firm, Membership, OutboundNumber, Role, User
from steadfast.leads.models import LeadSource
from tests.conftest import make_user

HOURS = {
    f"{d}_{edge}": t
    for d in ("mon", "tue", "wed", "thu", "fri")
    for edge, t in (("open", "08:00"), ("close", "17:30"))
}


def firm_form(firm: Firm, **changes: Any) -> dict[str, Any]:
    data = {
        "name": firm.name,
        "timezone": firm.timezone,
        "holiday_calendars": "US, US-IL",
        "closures": "",
        "states": "IL, WI",
        "practice_areas": ["personal_injury"],
        "phone": firm.phone,
        "email": "",
        "website": "",
        "address_line1": firm.address_line1,
        "address_line2": "",
        "city": firm.city,
        "region": firm.region,
        "postal_code": firm.postal_code,
        "max_calls": 3,
        "max_texts": 2,
        "max_emails": 2,
        **HOURS,
    }
    data.update(changes)
    return data


def test_it_saves_the_firms_settings(as_user: Callable[[User], Client], alice: User, firm: Firm):
    client = as_user(alice)
    response = client.post(
        "/settings/firm/",
        firm_form(
            firm,
            sat_open="09:00",
            sat_close="12:00",
            states="il, Wisconsin, IN",
            practice_areas=["personal_injury", "workers_comp"],
            other_practice_areas="Nursing home abuse, workers comp",
            phone="(312) 555-0199",
            closures="2026-12-24 Christmas Eve\n2026-12-31 New Year's Eve",
            max_calls=2,
        ),
    )
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.business_hours["mon"] == ["08:00", "17:30"]
    assert firm.business_hours["sat"] == ["09:00", "12:00"]
    assert firm.business_hours["sun"] is None
    assert firm.states == ["IL", "WI", "IN"]
    assert firm.practice_areas == ["personal_injury", "workers_comp", "nursing_home_abuse"]
    assert firm.holiday_calendars == ["US", "US-IL"]
    assert firm.phone == "+13125550199"
    assert firm.max_calls == 2
    assert [(c.date, c.name) for c in Closure.objects.filter(firm=firm).order_by("date")] == [
        (date(2026, 12, 24), "Christmas Eve"),
        (date(2026, 12, 31), "New Year's Eve"),
    ]
    assert AuditEvent.objects.filter(action="firm.settings", actor=alice).exists()
    assert "Firm settings saved." in client.get("/settings/firm/").content.decode()


def test_it_offers_practice_areas_as_plain_words_and_us_zones_first(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    page = as_user(alice).get("/settings/firm/").content.decode()
    assert 'type="checkbox" name="practice_areas" value="personal_injury"' in page
    assert "Workers&#x27; compensation" in page and "Car accident" in page
    assert "personal_injury, " not in page  # no slugs to type
    zones = page[page.index('name="timezone"') :]
    assert zones.index("Central (Chicago)") < zones.index("Africa/Abidjan".replace("_", " "))
    assert '<optgroup label="United States">' in zones


def test_it_names_what_is_wrong_in_the_firms_settings_and_saves_nothing(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    before = (firm.business_hours, firm.states, firm.holiday_calendars)
    response = as_user(alice).post(
        "/settings/firm/",
        firm_form(
            firm,
            mon_open="18:00",
            tue_close="",
            states="IL, ZZ",
            holiday_calendars="US-XX",
            closures="soon Party",
            max_calls=9,
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Monday: closing must be after opening." in page
    assert "Tuesday: give both times, or neither for a closed day." in page
    assert "&quot;ZZ&quot; is not a US state." in page
    assert "&quot;US-XX&quot; is not a calendar" in page
    assert "Line 1: &quot;soon&quot; is not a date like 2026-12-24." in page
    firm.refresh_from_db()
    assert (firm.business_hours, firm.states, firm.holiday_calendars) == before
    assert not Closure.objects.filter(firm=firm).exists()


def test_it_creates_a_source_and_shows_its_key_once(
    as_user: Callable[[User], Client], firm: Firm, client: Client
):
    manager = make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    browser = as_user(manager)
    response = browser.post(
        "/settings/sources/",
        {
            "name": "Accident Leads LLC",
            "kind": "api",
            "cost_per_lead": "52.50",
            "return_window_days": "5",
        },
    )
    assert response.status_code == 201
    key = re.search(
        r'<code class="api-key" id="new-api-key">([^<]+)</code>', response.content.decode()
    )
    assert key
    source = LeadSource.objects.get(firm=firm, name="Accident Leads LLC")
    assert (source.cost_per_lead, source.return_window_days) == (52.5, 5)
    assert key.group(1) not in browser.get("/settings/sources/").content.decode()
    posted = client.post(
        "/api/v1/leads",
        data=json.dumps(
            {
                "first_name": "Rosa",
                "phone": "+1 312 555 0150",
                "state": "IL",
                "consent": {"call": True, "sms": False, "email": False},
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key.group(1)}",
    )
    assert posted.status_code == 201


def test_it_refuses_a_second_source_of_the_same_name(
    as_user: Callable[[User], Client], alice: User, source: LeadSource
):
    response = as_user(alice).post(
        "/settings/sources/",
        {"name": "injuryleads co", "kind": "api", "cost_per_lead": "1", "return_window_days": "0"},
    )
    assert response.status_code == 400
    assert "already has a source named" in response.content.decode()
    assert LeadSource.objects.filter(firm=source.firm).count() == 1


def test_it_edits_a_source_and_rotates_its_key(
    as_user: Callable[[User], Client],
    alice: User,
    source: LeadSource,
    api_key: str,
    api: Callable[..., Any],
):
    client = as_user(alice)
    url = f"/settings/sources/{source.pk}/"
    client.post(
        url, {"action": "save", "cost_per_lead": "60", "return_window_days": "3", "active": "on"}
    )
    source.refresh_from_db()
    assert (source.cost_per_lead, source.return_window_days) == (60, 3)
    rotated = client.post(url, {"action": "rotate"}).content.decode()
    new_key = re.search(r'id="new-api-key">([^<]+)<', rotated)
    assert new_key and new_key.group(1) != api_key
    lead = {
        "first_name": "Ada",
        "phone": "+1 312 555 0151",
        "state": "IL",
        "consent": {"call": True, "sms": False, "email": False},
    }
    assert api("post", "/leads", lead).status_code == 401
    assert api("post", "/leads", lead, key=new_key.group(1)).status_code == 201
    client.post(url, {"action": "revoke"})
    assert api("post", "/leads", lead, key=new_key.group(1)).status_code == 401


def test_it_keeps_a_pool_of_outbound_numbers(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    client = as_user(alice)
    assert (
        client.post(
            "/settings/numbers/",
            {"e164": "(414) 555-0100", "label": "Milwaukee", "is_default": "on"},
        ).status_code
        == 302
    )
    number = OutboundNumber.objects.get(firm=firm)
    assert (number.e164, number.area_code, number.state, number.is_default) == (
        "+14145550100",
        "414",
        "WI",
        True,
    )
    duplicate = client.post("/settings/numbers/", {"e164": "+1 414 555 0100"})
    assert "already in the pool" in duplicate.content.decode()
    bad = client.post("/settings/numbers/", {"e164": "12"})
    assert bad.status_code == 400
    assert "&#x27;12&#x27; has the wrong number of digits" in bad.content.decode()
    client.post(f"/settings/numbers/{number.pk}/", {"action": "deactivate"})
    number.refresh_from_db()
    assert (number.active, number.is_default) == (False, False)


def test_it_changes_the_roles_of_its_people(
    as_user: Callable[[User], Client], alice: User, bob: User, firm: Firm
):
    admin = as_user(alice)
    membership = Membership.objects.get(firm=firm, user=bob)
    admin.post(f"/settings/users/{membership.pk}/", {"action": "role", "role": "manager"})
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_it_keeps_at_least_one_administrator(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    client = as_user(alice)
    own = Membership.objects.get(firm=firm, user=alice)
    client.post(f"/settings/users/{own.pk}/", {"action": "role", "role": "agent"})
    client.post(f"/settings/users/{own.pk}/", {"action": "remove"})
    own.refresh_from_db()
    assert own.role == Role.ADMIN
    page = client.get("/settings/users/").content.decode()
    assert "Not changed: the firm needs at least one administrator." in page
