"""Settings → Bar rules, the leads a bar rule holds, and who started the contact on the lead
page and in the evidence packet."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from steadfast.audit.models import AuditEvent
from steadfast.compliance import bar
from steadfast.compliance.models import BarHold
from steadfast.dispatch.models import Touch
from steadfast.engine.events import lead_arrive
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from steadfast.leads.services import LeadInput, source_create
from steadfast.returns.packet import lead_entry
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def pa_lead(firm: Firm, now) -> Lead:
    firm.states = ["PA"]
    firm.save(update_fields=["states"])
    source = source_create(firm=firm, name="Accident Leads", cost_per_lead=Decimal(40), now=now)[0]
    data = LeadInput(
        first_name="Pat",
        phone="+1 215 555 0142",
        email="pat@example.com",
        state="PA",
        consent={"call": True, "sms": True, "email": True},
        consent_text="I agree to be contacted by a lawyer.",
    )
    return lead_arrive(source=source, data=data, now=now).lead


def test_the_settings_page_shows_the_table_with_sources_and_the_counsel_notice(
    as_user: Callable[[User], Client], alice: User
):
    response = as_user(alice).get("/settings/bar-rules/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "the firm&#x27;s counsel must confirm" in page
    for rule in bar.BAR_RULES.values():
        assert rule.source.replace("'", "&#x27;") in page, rule.key
    assert "Attorney Advertising" in page
    assert "unverified: secondary source" in page  # NY rows cite secondary sources
    # The demo firm is licensed in IL and WI: the Illinois disclosure applies, Texas' does not.
    illinois = page.split('id="bar-IL.disclosure"')[1].split("</tr>")[0]
    assert "the firm is licensed here" in illinois
    texas = page.split('id="bar-TX.newsletter_opt_in"')[1].split("</tr>")[0]
    assert "the firm is licensed here" not in texas


def test_a_manager_sees_the_table_but_cannot_change_it(
    as_user: Callable[[User], Client], firm: Firm
):
    manager = make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    client = as_user(manager)
    page = client.get("/settings/bar-rules/").content.decode()
    assert "Pa. RPC 7.3(b)" in page and "Save overrides" not in page
    response = client.post("/settings/bar-rules/", {"overrides": "{}"})
    assert response.status_code == 403


def test_an_agent_is_refused_the_page(as_user: Callable[[User], Client], bob: User):
    assert as_user(bob).get("/settings/bar-rules/").status_code == 403


def test_an_admin_saves_an_override_and_a_bad_one_is_refused_naming_the_key(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    client = as_user(alice)
    bad = client.post(
        "/settings/bar-rules/", {"overrides": json.dumps({"TX.waiting_period": {"days": 0}})}
    )
    assert bad.status_code == 400
    assert "TX.waiting_period.days: expected a whole number of days" in bad.content.decode()
    assert bar.firm_bar_rules(firm) is bar.DEFAULT_BAR_RULES

    good = client.post(
        "/settings/bar-rules/", {"overrides": json.dumps({"TX.waiting_period": {"days": 31}})}
    )
    assert good.status_code == 302
    assert bar.firm_bar_rules(firm).rules["TX.waiting_period"].days == 31
    assert AuditEvent.objects.filter(action="firm.bar_rule_overrides", actor=alice).exists()
    page = client.get("/settings/bar-rules/").content.decode()
    assert "within 31 days" in page and "firm override" in page


def test_the_lead_page_shows_who_started_the_contact_and_the_hold(
    as_user: Callable[[User], Client], alice: User, pa_lead: Lead
):
    page = as_user(alice).get(f"/leads/{pa_lead.pk}/").content.decode()
    assert "Who started the contact" in page
    assert "Lead vendor; the consent wording does not name this firm" in page
    assert "I agree to be contacted by a lawyer." in page
    assert "Held: bar rule PA.live_contact" in page
    # No dial link for a call the rule forbids, but the reason where the button was.
    assert 'href="tel:' not in page
    assert 'id="call-not-allowed">No call now:' in page and "Pa. RPC 7.3(b)" in page


def test_a_manager_releases_a_held_lead_from_the_list_with_a_reason(
    as_user: Callable[[User], Client], alice: User, pa_lead: Lead
):
    client = as_user(alice)
    listing = client.get("/bar-holds/").content.decode()
    assert "Pat" in listing and "PA.live_contact" in listing
    hold = BarHold.objects.get(lead=pa_lead)

    empty = client.post(f"/bar-holds/{hold.pk}/release/", {"reason": ""})
    assert empty.status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is None

    client.post(f"/bar-holds/{hold.pk}/release/", {"reason": "Consent page named us"})
    hold.refresh_from_db()
    assert hold.release_reason == "Consent page named us" and hold.released_by == alice
    assert Touch.objects.filter(lead=pa_lead, channel="call", state="planned").exists()
    assert "No lead is held by a bar rule." in client.get("/bar-holds/").content.decode()


def test_another_firms_hold_cannot_be_released(
    as_user: Callable[[User], Client], charlie: User, pa_lead: Lead
):
    hold = BarHold.objects.get(lead=pa_lead)
    response = as_user(charlie).post(f"/bar-holds/{hold.pk}/release/", {"reason": "mine now"})
    assert response.status_code == 404
    assert as_user(charlie).post("/bar-holds/99999999999999999999/release/").status_code == 404
    hold.refresh_from_db()
    assert hold.released_at is None


def test_the_evidence_packet_says_who_started_the_contact(firm: Firm, pa_lead: Lead):
    entry = lead_entry(lead=pa_lead, reason="invalid", firm=firm)
    assert entry["initiated_by"]["value"] == "vendor"
    assert (
        entry["initiated_by"]["evidence"]["consent_text"] == "I agree to be contacted by a lawyer."
    )


def test_a_lead_who_wrote_in_is_no_longer_listed_as_held(
    as_user: Callable[[User], Client], alice: User, pa_lead: Lead, firm: Firm, now
):
    from datetime import timedelta

    from steadfast.engine.events import inbound_message

    inbound_message(
        firm=firm,
        channel="email",
        from_address=pa_lead.email,
        to_address="intake@lakeshore.example",
        body="Please call me",
        provider="console",
        provider_id="in-9",
        now=now + timedelta(minutes=5),
    )
    client = as_user(alice)
    assert "No lead is held by a bar rule." in client.get("/bar-holds/").content.decode()
    assert "Held: bar rule" not in client.get(f"/leads/{pa_lead.pk}/").content.decode()


def test_a_vendor_asks_for_the_newsletter_through_the_api(api: Callable[..., Any], firm: Firm):
    response = api(
        "post",
        "/leads",
        {
            "first_name": "Nia",
            "email": "nia@example.com",
            "state": "IL",
            "consent": {"email": True, "newsletter": True},
            "consent_text": "Send me Lakeshore Injury Law's newsletter.",
        },
    )
    assert response.status_code == 201, response.content
    lead = Lead.objects.get(email="nia@example.com")
    assert lead.newsletter_opt_in_at is not None
    assert lead.initiated_by == "vendor_named"
    detail = api("get", f"/leads/{lead.pk}").json()
    assert detail["initiated_by"] == "vendor_named"
