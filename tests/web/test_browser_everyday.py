"""What a new intake team does in its first hour, in a real browser (Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from steadfast.firms.models import User
from steadfast.leads.models import Lead, Status
from tests.web.test_browser import log_in


@pytest.fixture
def site(live_server: Any, server_clock: datetime) -> str:
    return str(live_server.url)


@pytest.fixture(autouse=True)
def _no_script_errors(page: Page) -> Iterator[None]:
    """Fail on a script error or anything the Content-Security-Policy blocked."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert problems == []


def test_it_shows_the_note_typed_in_the_queue_on_the_lead_page(
    page: Page, site: str, bob: User, jane: Lead
):
    log_in(page, site, bob)
    expect(page.get_by_role("heading", name="Jane Doe")).to_be_visible()
    page.get_by_label("Note (optional)").fill("Wants callback after 2pm")
    page.get_by_role("button", name="No answer").click()
    expect(page.locator("#queue-current")).to_contain_text("Logged “No answer” for Jane Doe.")
    page.goto(f"{site}/leads/{jane.pk}/")
    expect(page.locator(".timeline")).to_contain_text("Wants callback after 2pm")


def test_it_asks_before_opting_a_lead_out(page: Page, site: str, bob: User, jane: Lead):
    log_in(page, site, bob)
    page.goto(f"{site}/leads/{jane.pk}/")
    optout = page.locator("section.danger-zone")
    for name in ("Calls", "Texts", "Emails"):
        expect(optout.get_by_label(name)).not_to_be_checked()
    optout.get_by_label("Texts").check()
    optout.get_by_role("button", name="Opt out").click()
    expect(page.get_by_role("heading", name="Opt Jane Doe out of texts?")).to_be_visible()
    expect(page.get_by_text("Calls and emails stay allowed")).to_be_visible()
    jane.refresh_from_db()
    assert jane.status == Status.NEW
    page.get_by_role("button", name="Yes, opt out").click()
    expect(page.get_by_text("Jane Doe opted out of: SMS.")).to_be_visible()
    jane.refresh_from_db()
    assert jane.status == Status.OPTED_OUT


def test_an_admin_sets_practice_areas_a_calling_rule_and_a_new_password(
    page: Page, site: str, alice: User, bob: User, firm: Any
):
    log_in(page, site, alice)
    page.goto(f"{site}/settings/firm/")
    page.get_by_label("Workers' compensation").check()
    expect(page.get_by_label("Time zone")).to_have_value("America/Chicago")
    page.get_by_role("button", name="Save firm settings").click()
    expect(page.get_by_text("Firm settings saved.")).to_be_visible()
    firm.refresh_from_db()
    assert "workers_comp" in firm.practice_areas

    page.goto(f"{site}/settings/rules/")
    page.get_by_label("For leads in").select_option("IL")
    page.get_by_label("Calls and texts from").fill("21:00")
    page.get_by_label("until").fill("22:00")
    page.get_by_role("button", name="Save this rule").click()
    expect(page.get_by_role("alert").first).to_contain_text("federal window")
    page.get_by_label("Calls and texts from").fill("09:00")
    page.get_by_label("until").fill("19:00")
    page.get_by_label("Sunday").check()
    page.get_by_role("button", name="Save this rule").click()
    expect(page.get_by_text("Calling rules saved.")).to_be_visible()
    expect(page.locator("ul.overrides")).to_contain_text("Illinois: calls and texts 09:00")

    page.goto(f"{site}/settings/users/")
    page.get_by_role("button", name=f"Reset the password of {bob.email}").click()
    expect(page.get_by_role("heading", name="New password for")).to_be_visible()
    password = page.locator("#new-password").inner_text()
    bob.refresh_from_db()
    assert bob.check_password(password)
