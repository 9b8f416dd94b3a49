"""The intake team's app in a real browser (Debian's Chromium through Playwright).

Skipped, with the reason, only on a machine without /usr/bin/chromium outside CI; CI
installs Chromium and runs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from steadfast.channels.models import MessageTemplate
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from tests.conftest import make_user

PASSWORD = "correct horse 1"
SECONDS = 1000  # Playwright counts milliseconds


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


def log_in(page: Page, site: str, user: User) -> None:
    page.goto(f"{site}/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{site}/queue/")


def test_it_logs_in_and_refuses_a_wrong_password(page: Page, site: str, bob: User):
    page.goto(f"{site}/queue/")
    expect(page).to_have_url(f"{site}/login/?next=/queue/")
    page.get_by_label("Email").fill(bob.email)
    page.get_by_label("Password").fill("not it")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "That email and password do not match an account."
    )
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{site}/queue/")
    expect(page.get_by_role("heading", name="No call due")).to_be_visible()


def test_it_brings_a_new_lead_into_the_queue_and_logs_voicemail_with_one_key(
    page: Page, site: str, bob: User, api_key: str
):
    log_in(page, site, bob)
    expect(page.get_by_role("heading", name="No call due")).to_be_visible()
    posted = page.request.post(
        f"{site}/api/v1/leads",
        headers={"Authorization": f"Bearer {api_key}"},
        data={
            "first_name": "Omar",
            "last_name": "Haddad",
            "phone": "+1 312 555 0166",
            "email": "omar@example.com",
            "state": "IL",
            "practice_area": "personal_injury",
            "consent": {"call": True, "sms": True, "email": True},
        },
    )
    assert posted.status == 201
    # No reload: the queue polls and the call card appears by itself.
    heading = page.get_by_role("heading", name="Omar Haddad")
    expect(heading).to_be_visible(timeout=10 * SECONDS)
    expect(page.locator("#queue-current")).to_contain_text("Call (312) 555-0166")
    # Counting down from 5:00 on the server's clock (here, pinned at the lead's arrival).
    expect(page.locator(".countdown")).to_have_text(re.compile(r"^[45]:\d\d left$"))
    page.keyboard.press("2")
    expect(page.locator("#queue-current")).to_contain_text("Logged “Voicemail” for Omar Haddad.")
    expect(page.get_by_role("heading", name="No call due")).to_be_visible()
    page.get_by_role("link", name="Leads").click()
    page.get_by_role("link", name="Omar Haddad").click()
    next_touch = page.locator("#next-touch")
    expect(next_touch).to_contain_text("sms (step 2)")
    expect(next_touch).to_contain_text("Why then:")
    expect(page.locator(".timeline")).to_contain_text("voicemail")


def test_it_refuses_a_text_without_sms_consent_with_the_reason(
    page: Page, site: str, bob: User, jane: Lead
):
    log_in(page, site, bob)
    page.goto(f"{site}/leads/{jane.pk}/")
    expect(page.locator("#channel-sms")).to_contain_text("no SMS consent")
    page.get_by_label("Send as").select_option("sms")
    page.get_by_label("Message", exact=True).fill("Hi Jane, do you have a minute today?")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.locator(".flash")).to_have_text("Not sent: no SMS consent.")
    expect(page.get_by_label("Message", exact=True)).to_have_value(
        "Hi Jane, do you have a minute today?"
    )


def test_it_keeps_agents_out_of_settings(page: Page, site: str, bob: User):
    log_in(page, site, bob)
    expect(page.get_by_role("link", name="Settings")).to_have_count(0)
    response = page.goto(f"{site}/settings/firm/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


def test_it_shows_a_leads_markup_as_text(
    page: Page, site: str, bob: User, capture: Callable[..., Lead]
):
    lead = capture(
        first_name="<script>alert(1)</script>",
        phone="+1 312 555 0190",
        state="IL",
        consent={"call": True},
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, site, bob)
    expect(page.locator("#current-heading")).to_have_text("<script>alert(1)</script>")
    page.goto(f"{site}/leads/{lead.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("<script>alert(1)</script>")
    assert dialogs == []


def test_it_answers_404_for_another_firms_lead(page: Page, site: str, charlie: User, jane: Lead):
    log_in(page, site, charlie)
    response = page.goto(f"{site}/leads/{jane.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Jane")


def test_it_previews_a_text_template_while_typing_and_refuses_an_unknown_variable(
    page: Page, site: str, firm: Firm
):
    manager = make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    log_in(page, site, manager)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("navigation", name="Settings").get_by_role(
        "link", name="Message templates"
    ).click()
    page.get_by_role("link", name="First text, after a missed call", exact=True).click()
    text = page.get_by_label("Text message")
    segments = page.locator("#segments")

    text.fill("Hi {{ lead.first_name }}, {{ firm.name }} here. Reply STOP to opt out.")
    expect(page.locator("#preview-body")).to_have_text(
        "Hi Jane, Lakeshore Injury Law here. Reply STOP to opt out."
    )
    expect(segments).to_contain_text("1 segment")
    expect(segments).to_contain_text("GSM-7")
    wording = (
        "Hi {{ lead.first_name }}, this is {{ firm.name }} following up on your inquiry. "
        "We\u2019d be glad to talk whenever suits you. Reply STOP to opt out."
    )
    text.fill(wording)
    expect(segments).to_contain_text("2 segments")
    expect(segments).to_contain_text("UCS-2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash")).to_have_text("First text, after a missed call saved.")

    page.get_by_role("link", name="First text, after a missed call", exact=True).click()
    text.fill("Hi {{ lead.frist_name }}, call us back.")
    problem = "unknown variable {{ lead.frist_name }} (did you mean {{ lead.first_name }}?)"
    expect(page.locator("#template-problems")).to_contain_text(problem)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".field-error")).to_contain_text(problem)
    expect(page.get_by_role("alert").first).to_contain_text("Nothing was changed.")
    assert MessageTemplate.objects.get(firm=firm, key="first_sms").body == wording
