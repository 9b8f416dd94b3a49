"""Roles and tenants: who may open which page, and another firm's ids are always 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from django.test import Client

from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.firms.models import Firm, Membership, OutboundNumber, Role, User
from steadfast.leads.models import Lead, LeadSource, Note, Status
from tests.conftest import make_user

SETTINGS_PAGES = [
    "/settings/",
    "/settings/firm/",
    "/settings/sources/",
    "/settings/numbers/",
    "/settings/users/",
]


def test_it_sends_visitors_who_are_not_logged_in_to_the_login_page(client: Client, firm: Firm):
    for url in ["/queue/", "/leads/", "/outbox/", "/settings/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"/login/?next={url}")


def test_it_refuses_every_settings_page_to_an_agent(as_user: Callable[[User], Client], bob: User):
    client = as_user(bob)
    for url in SETTINGS_PAGES:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Your role does not open this page." in response.content.decode()
    assert (
        client.post(
            "/settings/sources/",
            {"name": "Sneaky", "kind": "api", "cost_per_lead": "0", "return_window_days": "0"},
        ).status_code
        == 403
    )
    assert not LeadSource.objects.filter(name="Sneaky").exists()
    queue = client.get("/queue/").content.decode()
    assert 'href="/settings/"' not in queue


def test_it_opens_sources_but_not_firm_numbers_or_users_to_a_manager(
    as_user: Callable[[User], Client], firm: Firm
):
    manager = make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    client = as_user(manager)
    assert client.get("/settings/").status_code == 200
    assert client.get("/settings/sources/").status_code == 200
    for url in ["/settings/firm/", "/settings/numbers/", "/settings/users/"]:
        assert client.get(url).status_code == 403, url


def test_it_opens_every_settings_page_to_an_admin(as_user: Callable[[User], Client], alice: User):
    client = as_user(alice)
    for url in SETTINGS_PAGES:
        assert client.get(url).status_code == 200, url


def test_it_answers_404_for_another_firms_lead_and_changes_nothing(
    as_user: Callable[[User], Client], charlie: User, jane: Lead
):
    client = as_user(charlie)
    assert client.get(f"/leads/{jane.pk}/").status_code == 404
    posts = {
        "message/": {"msg-channel": "email", "msg-subject": "Hi", "msg-body": "Hello"},
        "note/": {"note-body": "peeking"},
        "mark/": {"mark-status": "declined"},
        "opt-out/": {"optout-channels": ["call", "sms", "email"], "optout-confirmed": "on"},
    }
    touches = Touch.objects.filter(lead=jane).count()
    for path, data in posts.items():
        assert client.post(f"/leads/{jane.pk}/{path}", data).status_code == 404, path
    jane.refresh_from_db()
    assert jane.status == Status.NEW
    assert Touch.objects.filter(lead=jane).count() == touches
    assert not Note.objects.filter(lead=jane).exists()


def test_it_answers_404_when_logging_an_outcome_on_another_firms_call(
    as_user: Callable[[User], Client], charlie: User, jane: Lead
):
    call = Touch.objects.get(lead=jane, channel=TouchChannel.CALL, state=TouchState.PLANNED)
    response = as_user(charlie).post("/queue/outcome/", {"touch": call.pk, "outcome": "voicemail"})
    assert response.status_code == 404
    call.refresh_from_db()
    assert call.state == TouchState.PLANNED


def test_it_answers_404_for_another_firms_source_number_and_membership(
    as_user: Callable[[User], Client],
    alice: User,
    charlie: User,
    other_source_and_key: tuple[LeadSource, str],
    other_firm: Firm,
):
    number = OutboundNumber.objects.create(firm=other_firm, e164="+18135550111")
    membership = Membership.objects.get(user=charlie)
    client = as_user(alice)
    source = other_source_and_key[0]
    assert client.get(f"/settings/sources/{source.pk}/").status_code == 404
    assert client.post(f"/settings/sources/{source.pk}/", {"action": "revoke"}).status_code == 404
    assert (
        client.post(f"/settings/numbers/{number.pk}/", {"action": "deactivate"}).status_code == 404
    )
    assert client.post(f"/settings/users/{membership.pk}/", {"action": "remove"}).status_code == 404
    source.refresh_from_db()
    number.refresh_from_db()
    assert source.api_key_revoked_at is None
    assert number.active
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_lists_only_the_users_own_firms_leads(
    as_user: Callable[[User], Client], charlie: User, jane: Lead
):
    page = as_user(charlie).get("/leads/").content.decode()
    assert "Jane Doe" not in page
    assert "0 leads" in page


def test_it_switches_between_the_firms_a_user_belongs_to(
    as_user: Callable[[User], Client], firm: Firm, other_firm: Firm, jane: Lead
):
    pat = make_user(firm, "pat@example.com", Role.AGENT)
    Membership.objects.create(firm=other_firm, user=pat, role=Role.AGENT)
    client = as_user(pat)
    # Firms are offered by name: Harbor Family Law comes before Lakeshore Injury Law.
    assert client.get(f"/leads/{jane.pk}/").status_code == 404
    response = client.post("/firm/switch/", {"firm": firm.pk, "next": f"/leads/{jane.pk}/"})
    assert response.status_code == 302
    assert response["Location"] == "/leads/"
    assert client.get(f"/leads/{jane.pk}/").status_code == 200
    page = client.get("/leads/").content.decode()
    assert 'id="firm-switch"' in page and "Harbor Family Law" in page


def test_it_refuses_to_switch_to_a_firm_the_user_is_not_in(
    as_user: Callable[[User], Client], alice: User, other_firm: Firm, jane: Lead
):
    client = as_user(alice)
    assert client.post("/firm/switch/", {"firm": other_firm.pk}).status_code == 404
    assert client.post("/firm/switch/", {"firm": "abc"}).status_code == 404
    assert client.get(f"/leads/{jane.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/queue/", "/leads/"])
def test_it_tells_a_user_without_a_firm_what_to_do(
    as_user: Callable[[User], Client], db: None, url: str, now: datetime
):
    loner = User.objects.create_user("loner@example.com", "correct horse 1")
    response = as_user(loner).get(url)
    assert response.status_code == 403
    assert "not a member of any firm" in response.content.decode()


def test_it_sends_a_poll_after_the_session_ended_to_the_login_page(client: Client, db: None):
    response = client.get(
        "/queue/waiting/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/queue/"
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/queue/"
