"""Click-to-call from the queue and the lead page: "Call via Steadfast" rings the agent's phone,
then the lead's. Only where the firm's calls go through Twilio; the tel: link stays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from steadfast.channels import twilio as twilio_module
from steadfast.dispatch.models import Touch
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_URL, FakeTwilio

BUTTON = "Call via Steadfast"


@pytest.fixture
def twilio(settings: Any, monkeypatch: pytest.MonkeyPatch, firm: Firm) -> FakeTwilio:
    """Lakeshore (the first firm) calls through Twilio, answered offline."""
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.PUBLIC_URL = PUBLIC_URL
    fake = FakeTwilio()
    monkeypatch.setattr(twilio_module, "http_client", fake)
    return fake


@pytest.fixture
def agent(bob: User) -> User:
    bob.phone = "+13125550111"
    bob.save()
    return bob


def first_call(lead: Lead) -> Touch:
    return Touch.objects.get(lead=lead, step=1, channel="call")


def test_it_keeps_only_the_tel_link_without_twilio(
    as_user: Callable[[User], Client], agent: User, jane: Lead
):
    client = as_user(agent)

    for page in (client.get("/queue/"), client.get(f"/leads/{jane.pk}/")):
        html = page.content.decode()
        assert 'href="tel:+13125550142"' in html
        assert BUTTON not in html
    response = client.post(f"/leads/{jane.pk}/bridge/")
    assert response.status_code == 302
    flash = client.get(response["Location"]).content.decode()
    assert "do not go through Twilio" in flash


def test_it_rings_the_agent_then_the_lead_from_the_queue(
    as_user: Callable[[User], Client], agent: User, jane: Lead, twilio: FakeTwilio
):
    client = as_user(agent)
    queue = client.get("/queue/").content.decode()
    assert BUTTON in queue and 'href="tel:+13125550142"' in queue
    assert f'name="touch" value="{first_call(jane).pk}"' in queue
    assert "(312) 555-0111" in queue

    response = client.post(
        f"/leads/{jane.pk}/bridge/",
        {"touch": first_call(jane).pk, "back": "queue"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Your phone, (312) 555-0111, is ringing" in response.content.decode()
    [call] = twilio.posted("/Calls.json")
    assert call["To"] == "+13125550111"
    assert "/hooks/twilio/voice/bridge/" in call["Url"]


def test_it_starts_a_call_from_the_lead_page_without_scripts(
    as_user: Callable[[User], Client], agent: User, jane: Lead, twilio: FakeTwilio
):
    client = as_user(agent)
    assert BUTTON in client.get(f"/leads/{jane.pk}/").content.decode()

    response = client.post(f"/leads/{jane.pk}/bridge/")

    assert response["Location"] == f"/leads/{jane.pk}/"
    assert "is ringing" in client.get(response["Location"]).content.decode()
    assert len(twilio.posted("/Calls.json")) == 1


def test_it_says_why_an_agent_without_a_phone_number_dials_by_hand(
    as_user: Callable[[User], Client], bob: User, jane: Lead, twilio: FakeTwilio
):
    client = as_user(bob)
    page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert "your account has no phone number yet" in page
    assert 'href="tel:+13125550142"' in page

    response = client.post(f"/leads/{jane.pk}/bridge/", HTTP_HX_REQUEST="true")

    assert "Not called: add your phone number" in response.content.decode()
    assert twilio.requests == []


def test_it_refuses_a_call_the_rules_forbid_with_the_reason(
    as_user: Callable[[User], Client], agent: User, jane: Lead, twilio: FakeTwilio
):
    client = as_user(agent)
    opted = client.post(
        f"/leads/{jane.pk}/opt-out/", {"optout-channels": ["call"], "optout-confirmed": "on"}
    )
    assert opted.status_code == 302

    response = client.post(f"/leads/{jane.pk}/bridge/", HTTP_HX_REQUEST="true")

    assert "Not called: marked do-not-contact" in response.content.decode()
    assert twilio.posted("/Calls.json") == []


def test_it_answers_404_for_another_firms_lead_or_call(
    as_user: Callable[[User], Client],
    charlie: User,
    agent: User,
    jane: Lead,
    capture: Callable[..., Lead],
    twilio: FakeTwilio,
):
    charlie.phone = "+18135550111"
    charlie.save()
    other = capture(first_name="Omar", phone="+1 312 555 0166", state="IL", consent={"call": True})

    assert as_user(charlie).post(f"/leads/{jane.pk}/bridge/").status_code == 404
    # A call of one lead does not start a bridge to another.
    mixed = as_user(agent).post(f"/leads/{jane.pk}/bridge/", {"touch": first_call(other).pk})
    assert mixed.status_code == 404
    assert twilio.requests == []
