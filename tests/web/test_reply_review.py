"""A reply that might be a stop, end to end in a real browser (Debian's Chromium): the reply
comes in through Twilio's signed webhook, automated contact pauses, a person decides with one
click, the consent ledger shows who decided, and the cadence resumes or ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from twilio.request_validator import RequestValidator

from steadfast.compliance.models import ConsentRecord
from steadfast.dispatch.models import Touch
from steadfast.engine.events import call_outcome_log
from steadfast.firms.models import User
from steadfast.leads.models import Lead
from tests.web.test_browser import log_in

TOKEN = "test-auth-token"
FIRM_NUMBER = "+13125550100"


@pytest.fixture
def site(live_server: Any, server_clock: datetime, settings: Any) -> str:
    settings.TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.TWILIO_FROM_NUMBER = FIRM_NUMBER
    settings.PUBLIC_URL = str(live_server.url)
    return str(live_server.url)


@pytest.fixture
def rosa(capture: Callable[..., Lead], bob: User, now: datetime) -> Lead:
    """Rosa consented to texts; her first call rang out, so the cadence's text is planned."""
    lead = capture(
        first_name="Rosa",
        last_name="Diaz",
        phone="+1 312 555 0177",
        email="rosa@example.com",
        state="IL",
        consent={"call": True, "sms": True, "email": True},
    )
    first = Touch.objects.get(lead=lead, step=1)
    call_outcome_log(touch=first, outcome="no_answer", now=now, actor=bob)
    return lead


def text_in(page: Page, site: str, body: str, sid: str) -> None:
    """Rosa's reply, as Twilio posts it: form-encoded and signed over the public URL."""
    params = {
        "AccountSid": "AC" + "0" * 32,
        "From": "+13125550177",
        "To": FIRM_NUMBER,
        "Body": body,
        "MessageSid": sid,
    }
    signed = RequestValidator(TOKEN).compute_signature(f"{site}/hooks/twilio/sms", params)
    answer = page.request.post(
        f"{site}/hooks/twilio/sms", form=params, headers={"X-Twilio-Signature": signed}
    )
    assert answer.status == 200


def test_a_person_decides_not_an_opt_out_and_the_cadence_resumes(
    page: Page, site: str, bob: User, rosa: Lead
):
    assert Touch.objects.filter(lead=rosa, step=2, state="planned").exists()
    text_in(page, site, "too many texts", "SM" + "1" * 32)

    log_in(page, site, bob)
    waiting = page.locator("#replies-awaiting")
    expect(waiting).to_contain_text("Rosa Diaz")
    expect(waiting).to_contain_text("too many texts")
    waiting.get_by_role("link", name="Rosa Diaz").click()

    review = page.locator("#reply-review")
    expect(review).to_contain_text("A reply awaits your decision")
    expect(review).to_contain_text("too many texts")
    expect(page.locator("#channel-sms")).to_contain_text("paused: a reply awaits")
    expect(page.locator("#next-touch")).to_have_text("Nothing planned.")

    review.get_by_role("button", name="Not an opt-out").click()
    expect(page.locator(".flash")).to_have_text("Not an opt-out: Rosa Diaz's cadence goes on.")
    expect(page.locator("#reply-review")).to_have_count(0)
    expect(page.locator("#channel-sms")).not_to_contain_text("paused")
    expect(page.locator("#next-touch")).to_contain_text("sms (step 2)")
    expect(page.locator(".timeline")).to_contain_text(
        f"Consent keep for sms · via review · by {bob.email}"
    )
    expect(page.locator(".timeline")).to_contain_text("Consent pause for sms · via sms")
    assert ConsentRecord.objects.get(lead=rosa, action="keep").actor == bob

    page.get_by_role("link", name="Call queue").click()
    expect(page.locator("#replies-awaiting")).to_have_count(0)


def test_a_person_treats_a_reply_as_an_opt_out_and_the_cadence_ends(
    page: Page, site: str, bob: User, rosa: Lead
):
    text_in(page, site, "No me interesa", "SM" + "2" * 32)

    log_in(page, site, bob)
    page.goto(f"{site}/leads/{rosa.pk}/")
    review = page.locator("#reply-review")
    expect(review).to_contain_text("No me interesa")
    review.get_by_role("button", name="Treat as opt-out").click()

    expect(page.locator(".flash")).to_have_text("Rosa Diaz opted out; the cadence has ended.")
    expect(page.locator("#lead-status")).to_have_text("opted out")
    expect(page.locator("#channel-sms")).to_contain_text("the person opted out")
    expect(page.locator(".timeline")).to_contain_text(
        f"Consent revoke for sms · via review · by {bob.email}"
    )
    # The one confirmation, in Spanish, is the only thing left to send.
    planned = Touch.objects.filter(lead=rosa, state="planned")
    assert [t.template for t in planned] == ["optout_confirmation"]
    assert "Se ha dado de baja" in planned[0].content


@pytest.fixture
def pending(rosa: Lead, now: datetime) -> Any:
    from steadfast.compliance.models import ReplyReview
    from steadfast.engine.events import inbound_message

    inbound_message(
        firm=rosa.firm, channel="sms", from_address="+13125550177", to_address=FIRM_NUMBER,
        body="not interested", provider="twilio", provider_id="SM-pending", now=now,
    )  # fmt: skip
    return ReplyReview.objects.get(lead=rosa)


def test_an_unknown_decision_is_refused_and_changes_nothing(as_user, bob, rosa, pending):
    answer = as_user(bob).post(f"/leads/{rosa.pk}/replies/{pending.pk}/", {"decision": "maybe"})
    assert answer.status_code == 400
    assert "treat as opt-out" in answer.content.decode()
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_another_firm_cannot_see_or_decide_the_reply(as_user, charlie, rosa, pending):
    answer = as_user(charlie).post(
        f"/leads/{rosa.pk}/replies/{pending.pk}/", {"decision": "opt_out"}
    )
    assert answer.status_code == 404
    pending.refresh_from_db()
    assert pending.state == "pending"


def test_a_second_click_after_a_decision_is_refused_with_the_reason(as_user, bob, rosa, pending):
    client = as_user(bob)
    url = f"/leads/{rosa.pk}/replies/{pending.pk}/"
    assert client.post(url, {"decision": "not_opt_out"}).status_code == 302
    again = client.post(url, {"decision": "opt_out"})
    assert again.status_code == 400
    assert "already decided: not an opt-out" in again.content.decode()
    rosa.refresh_from_db()
    assert rosa.status != "opted_out"
