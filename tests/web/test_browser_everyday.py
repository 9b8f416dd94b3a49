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
