"""A manager edits a nurture program in a real browser: a step's text with its live preview,
then the unsubscribe page its email links to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from steadfast.channels.unsubscribe import unsubscribe_token
from steadfast.compliance.models import Suppression
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from tests.conftest import make_user
from tests.web.test_browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server: Any, server_clock: datetime) -> str:
    return str(live_server.url)


@pytest.fixture
def manager(firm: Firm) -> User:
    return make_user(firm, "maria@lakeshore.example", Role.MANAGER)


def test_a_manager_edits_a_program_step_with_a_live_preview_and_the_unsubscribe_page_works(
    page: Page, site: str, manager: User, capture: Callable[..., Lead]
):
    log_in(page, site, manager)
    page.get_by_role("link", name="Nurture").click()
    page.get_by_role("link", name="Personal injury").click()
    expect(page.get_by_role("heading", name="Personal injury", level=1)).to_be_visible()
    page.get_by_role("link", name="What to do in the weeks after an injury").click()

    page.get_by_label("Subject (emails)").fill("{{ lead.first_name }}, a checklist for you")
    expect(page.locator("#preview-subject")).to_have_text("Jane, a checklist for you")
    page.get_by_label("Text").fill("Hi {{ lead.nickname }}")
    expect(page.locator("#step-problems")).to_contain_text("lead.nickname")
    page.get_by_label("Text").fill("Hi {{ lead.first_name }}, talk to us: {{ talk_url }}")
    expect(page.locator("#preview-body")).to_contain_text("Hi Jane, talk to us: https://")
    page.get_by_label("Weeks after the previous step").fill("6")
    page.get_by_role("button", name="Save").click()

    steps = page.locator("#steps")
    expect(steps).to_contain_text("{{ lead.first_name }}, a checklist for you")
    expect(steps).to_contain_text("6 weeks later")

    jane = capture(first_name="Jane", email="jane@example.com", state="IL")
    page.goto(f"{site}/u/{unsubscribe_token(lead_id=jane.pk)}")
    expect(
        page.get_by_role("heading", name="Unsubscribe from Lakeshore Injury Law")
    ).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    assert Suppression.objects.filter(channel="email", value="jane@example.com").exists()
