"""A manager reads the bar rules with their sources and releases a held lead, in a browser."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from steadfast.compliance.models import BarHold
from steadfast.dispatch.models import Touch
from steadfast.engine.events import lead_arrive
from steadfast.firms.models import Firm, Role
from steadfast.leads.services import LeadInput, source_create
from tests.conftest import make_user
from tests.web.test_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any, server_clock: datetime) -> str:
    return str(live_server.url)


def test_a_manager_reads_the_rules_and_releases_a_held_lead(
    page: Page, site: str, firm: Firm, now: datetime
):
    firm.states = ["PA"]
    firm.save(update_fields=["states"])
    source = source_create(firm=firm, name="Accident Leads", cost_per_lead=Decimal(40), now=now)[0]
    lead = lead_arrive(
        source=source,
        data=LeadInput(
            first_name="Pat",
            phone="+1 215 555 0142",
            email="pat@example.com",
            state="PA",
            consent={"call": True, "sms": True, "email": True},
            consent_text="I agree to be contacted by a lawyer.",
        ),
        now=now,
    ).lead
    manager = make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    log_in(page, site, manager)

    page.goto(f"{site}/settings/bar-rules/")
    expect(page.locator("#counsel-notice")).to_contain_text("counsel must confirm")
    pa = page.locator('[id="bar-PA.live_contact"]')
    expect(pa).to_contain_text("Pa. RPC 7.3(b)")
    expect(pa).to_contain_text("the firm is licensed here")

    page.get_by_role("link", name="Leads a bar rule holds now").click()
    row = page.locator("#held tr", has_text="Pat")
    expect(row).to_contain_text("PA.live_contact")
    row.get_by_label("Why this rule does not hold Pat").fill("The vendor's page named our firm")
    row.get_by_role("button", name="Release").click()

    expect(page.get_by_text("Pat is released from PA.live_contact.")).to_be_visible()
    expect(page.get_by_text("No lead is held by a bar rule.")).to_be_visible()
    hold = BarHold.objects.get(lead=lead)
    assert hold.release_reason == "The vendor's page named our firm"
    assert Touch.objects.filter(lead=lead, channel="call", state="planned").exists()
