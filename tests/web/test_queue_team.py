"""The call queue a team shares, through the web app: different calls for different agents,
who holds what, skip, away, logout, power dialing and the manager's live view."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from steadfast import clock
from steadfast.channels import twilio as twilio_module
from steadfast.channels.models import ProviderSend
from steadfast.dispatch.models import Touch, TouchChannel
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead, Status
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_URL, FakeTwilio
from tests.conftest import make_user

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ann(firm: Firm) -> User:
    return make_user(firm, "ann@lakeshore.example", Role.AGENT)


@pytest.fixture
def ken(capture: Callable[..., Lead], jane: Lead, now: datetime) -> Lead:
    """Due a second after Jane."""
    return capture(
        first_name="Ken",
        last_name="Adams",
        phone="+1 312 555 0177",
        state="IL",
        consent={"call": True},
        now=now + timedelta(seconds=1),
    )


def call_of(lead: Lead) -> Touch:
    return Touch.objects.get(lead=lead, channel=TouchChannel.CALL, step=1)


def test_it_shows_two_agents_two_different_calls_and_who_holds_which(
    as_user: Callable[[User], Client], bob: User, ann: User, jane: Lead, ken: Lead
):
    bobs = as_user(bob).get("/queue/").content.decode()
    anns = as_user(ann).get("/queue/").content.decode()

    assert f'data-touch="{call_of(jane).pk}"' in bobs
    assert f'data-touch="{call_of(ken).pk}"' in anns  # not Jane: she is on Bob's screen
    assert "Jane Doe</a>" in anns and "· with Bob" in anns
    assert "Ken Adams</a>" in anns and "· on your screen" in anns


def test_it_refuses_the_second_outcome_and_keeps_the_answer_that_reached_the_lead(
    as_user: Callable[[User], Client], bob: User, ann: User, jane: Lead
):
    call = call_of(jane)
    as_user(bob).post("/queue/outcome/", {"touch": call.pk, "outcome": "no_answer"}, **HTMX)
    refused = as_user(ann).post(
        "/queue/outcome/", {"touch": call.pk, "outcome": "voicemail"}, **HTMX
    )
    assert "Not logged: Bob already logged “No answer” for this call at 10:00." in (
        refused.content.decode()
    )

    answered = as_user(ann).post(
        "/queue/outcome/", {"touch": call.pk, "outcome": "connected"}, **HTMX
    )

    assert "your “Connected” counts: Jane Doe is engaged" in answered.content.decode()
    jane.refresh_from_db()
    assert jane.status == Status.ENGAGED


def test_it_gives_the_next_call_on_skip_and_the_skipped_one_to_someone_else(
    as_user: Callable[[User], Client], bob: User, ann: User, jane: Lead, ken: Lead
):
    client = as_user(bob)
    client.get("/queue/")
    response = client.post("/queue/skip/", {"touch": call_of(jane).pk}, **HTMX)
    page = response.content.decode()
    assert "Skipped Jane Doe: back in the queue for the others." in page
    assert f'data-touch="{call_of(ken).pk}"' in page
    assert f'data-touch="{call_of(jane).pk}"' in as_user(ann).get("/queue/").content.decode()


def test_it_gives_an_away_agent_no_call_until_available_again(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    client.post("/queue/availability/", {"available": "0"})
    page = client.get("/queue/").content.decode()
    assert "You are away" in page and "data-touch=" not in page

    client.post("/queue/availability/", {"available": "1"})
    assert f'data-touch="{call_of(jane).pk}"' in client.get("/queue/").content.decode()


def test_it_releases_the_call_on_logout(
    as_user: Callable[[User], Client], bob: User, ann: User, jane: Lead
):
    client = as_user(bob)
    client.get("/queue/")
    assert "data-touch=" not in as_user(ann).get("/queue/").content.decode()
    client.post("/logout/")
    assert f'data-touch="{call_of(jane).pk}"' in as_user(ann).get("/queue/").content.decode()


def test_it_answers_204_while_nothing_changed_and_announces_a_new_lead(
    as_user: Callable[[User], Client], bob: User, capture: Callable[..., Lead]
):
    client = as_user(bob)
    assert client.get("/queue/current/", **HTMX).status_code == 204
    waiting = client.get("/queue/waiting/", **HTMX).content.decode()
    version = waiting.split("v=", 1)[1].split("&", 1)[0]
    assert client.get(f"/queue/waiting/?shown=&v={version}&n=0", **HTMX).status_code == 204

    capture(first_name="Omar", last_name="Haddad", phone="+1 312 555 0166", state="IL",
            consent={"call": True})  # fmt: skip

    card = client.get("/queue/current/", **HTMX)
    assert card.status_code == 200 and "Omar Haddad" in card.content.decode()
    assert json.loads(card["HX-Trigger"]) == {
        "steadfast:announce": {"value": "New lead: Omar Haddad.", "join": True}
    }
    changed = client.get(f"/queue/waiting/?shown=&v={version}&n=0", **HTMX)
    assert changed.status_code == 200
    assert json.loads(changed["HX-Trigger"]) == {
        "steadfast:announce": {"value": "1 call due.", "join": True}
    }


def test_it_announces_the_logged_outcome(as_user: Callable[[User], Client], bob: User, jane: Lead):
    response = as_user(bob).post(
        "/queue/outcome/", {"touch": call_of(jane).pk, "outcome": "voicemail"}, **HTMX
    )
    assert json.loads(response["HX-Trigger"]) == {
        "steadfast:announce": {"value": "Logged “Voicemail” for Jane Doe.", "join": False}
    }


def test_it_shows_the_manager_who_is_on_which_call_and_how_long_calls_waited(
    as_user: Callable[[User], Client], bob: User, firm: Firm, jane: Lead, ken: Lead, now: datetime
):
    manager = make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    as_user(bob).get("/queue/")
    assert as_user(bob).get("/queue/team/").status_code == 403

    with clock.frozen(now + timedelta(seconds=90)):
        page = as_user(manager).get("/queue/team/").content.decode()

    assert "<td>Bob</td>\n          <td>available</td>" in page
    # On Bob's screen for a minute and a half; Ken's call waits for someone.
    assert "Jane Doe</a></td>\n          <td>1\xa0minute</td>" in page
    assert "Ken Adams</a></td>" in page and "<td>nobody yet</td>" in page


# --- Power dialing -------------------------------------------------------------------------


@pytest.fixture
def twilio(settings: Any, monkeypatch: pytest.MonkeyPatch, firm: Firm) -> FakeTwilio:
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.PUBLIC_URL = PUBLIC_URL
    fake = FakeTwilio()
    monkeypatch.setattr(twilio_module, "http_client", fake)
    return fake


@pytest.fixture
def dialer(bob: User) -> User:
    bob.phone = "+13125550111"
    bob.save()
    return bob


def test_it_dials_the_next_call_after_an_outcome(
    as_user: Callable[[User], Client], dialer: User, jane: Lead, ken: Lead, twilio: FakeTwilio
):
    client = as_user(dialer)
    assert "Pause dialing" in client.get("/queue/").content.decode()

    response = client.post(
        "/queue/outcome/", {"touch": call_of(jane).pk, "outcome": "no_answer"}, **HTMX
    )

    page = response.content.decode()
    assert "Dialling Ken Adams: your phone rings first." in page
    [call] = twilio.posted("/Calls.json")
    assert call["To"] == "+13125550111"  # the agent's phone rings, then the bridge calls Ken
    [bridge] = ProviderSend.objects.filter(channel="bridge")
    assert (bridge.to_address, bridge.touch_id) == ("+13125550177", call_of(ken).pk)


def test_it_dials_nothing_while_power_dialing_is_paused(
    as_user: Callable[[User], Client], dialer: User, jane: Lead, ken: Lead, twilio: FakeTwilio
):
    client = as_user(dialer)
    client.post("/queue/power-dial/", {"power_dial": "0"})
    assert "Resume dialing" in client.get("/queue/").content.decode()

    response = client.post(
        "/queue/outcome/", {"touch": call_of(jane).pk, "outcome": "no_answer"}, **HTMX
    )

    assert "Dialling" not in response.content.decode()
    assert twilio.posted("/Calls.json") == []


def test_it_lets_a_manager_route_spanish_calls_to_a_speaker_and_refuses_a_bad_code(
    as_user: Callable[[User], Client], ann: User, firm: Firm
):
    manager = as_user(make_user(firm, "mia@lakeshore.example", Role.MANAGER))
    membership = ann.memberships.get(firm=firm)
    url = f"/queue/team/{membership.pk}/routing/"

    refused = manager.post(url, {"languages": "spanish"}, follow=True).content.decode()
    assert "Not changed: languages are two-letter codes such as es or pl, not" in refused
    manager.post(url, {"languages": "es, PL", "practice_areas": ["personal_injury"]})

    membership.refresh_from_db()
    assert (membership.languages, membership.practice_areas) == (["es", "pl"], ["personal_injury"])
    assert as_user(ann).post(url, {"languages": "es"}).status_code == 403
