"""The unsubscribe link and the RFC 8058 one-click POST behind every email."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from steadfast.channels.unsubscribe import unsubscribe_token
from steadfast.compliance.models import ConsentRecord, Suppression
from steadfast.leads.models import Lead, Status


@pytest.fixture
def lead(jane: Lead) -> Lead:
    return jane


def _path(lead: Lead) -> str:
    return f"/u/{unsubscribe_token(lead_id=lead.pk)}"


def test_it_shows_a_confirmation_page_and_changes_nothing_on_get(
    client: Client, lead: Lead
) -> None:
    response = client.get(_path(lead))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unsubscribe from Lakeshore Injury Law" in page
    assert 'method="post"' in page
    assert "j•••@example.com" in page
    assert not Suppression.objects.filter(channel="email").exists()


def test_it_unsubscribes_on_a_one_click_post(client: Client, lead: Lead) -> None:
    response = client.post(
        _path(lead),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        HTTP_USER_AGENT="GoogleOneClick/1.0",
    )

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    suppression = Suppression.objects.get(channel="email", value="jane@example.com")
    assert suppression.lead == lead
    lead.refresh_from_db()
    assert lead.status == Status.OPTED_OUT
    revoked = ConsentRecord.objects.filter(lead=lead, channel="email").last()
    assert revoked is not None and revoked.action == "revoke"
    assert revoked.evidence["one_click"] is True


def test_it_unsubscribes_from_the_pages_button_once(client: Client, lead: Lead) -> None:
    client.post(_path(lead))
    again = client.post(_path(lead))

    assert again.status_code == 200
    assert "You are unsubscribed" in again.content.decode()
    assert ConsentRecord.objects.filter(lead=lead, channel="email", action="revoke").count() == 1
    assert "You are unsubscribed" in client.get(_path(lead)).content.decode()


def test_it_leaves_texts_and_calls_alone(client: Client, lead: Lead) -> None:
    client.post(_path(lead), data={"List-Unsubscribe": "One-Click"})

    assert set(Suppression.objects.values_list("channel", flat=True)) == {"email"}


@pytest.mark.parametrize("tamper", ["garbage", "signature", "lead"])
def test_it_answers_a_bad_or_tampered_token_with_400(
    client: Client, lead: Lead, tamper: str
) -> None:
    token = unsubscribe_token(lead_id=lead.pk)
    other = unsubscribe_token(lead_id=lead.pk + 1)
    bad = {
        "garbage": "garbage",
        "signature": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "lead": other.split(":", 1)[0] + ":" + token.split(":", 1)[1],
    }[tamper]

    for method in (client.get, client.post):
        response = method(f"/u/{bad}")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not Suppression.objects.exists()


def test_it_answers_a_token_for_a_deleted_lead_with_400(client: Client, lead: Lead) -> None:
    path = _path(lead)
    lead.delete()

    assert client.post(path).status_code == 400


def test_it_does_not_accept_a_token_signed_for_something_else(client: Client, lead: Lead) -> None:
    from django.core import signing

    forged: Any = signing.dumps(lead.pk, salt="some.other.purpose")

    assert client.post(f"/u/{forged}").status_code == 400
    assert not Suppression.objects.exists()
