"""My profile: every person edits their own name, click-to-call phone and password, and
nobody else's."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from steadfast.audit.models import AuditEvent
from steadfast.channels import twilio as twilio_module
from steadfast.firms.models import Firm, Membership, Role, User
from steadfast.leads.models import Lead
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_URL, FakeTwilio
from tests.conftest import make_user

PHONE_LABEL = "Your phone for click-to-call"


def details(**changes: str) -> dict[str, str]:
    data = {
        "action": "details",
        "profile-first_name": "Bob",
        "profile-last_name": "Novak",
        "profile-phone": "",
    }
    data.update({f"profile-{name}": value for name, value in changes.items()})
    return data


def password(old: str, new: str, again: str | None = None) -> dict[str, str]:
    return {
        "action": "password",
        "pw-old_password": old,
        "pw-new_password1": new,
        "pw-new_password2": new if again is None else again,
    }


def test_it_sends_someone_logged_out_to_the_login_page(client: Client, db: None):
    response = client.get("/profile/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/profile/"
    assert client.post("/profile/", details(phone="(312) 555-0142"))["Location"].startswith(
        "/login/"
    )


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.ADMIN])
def test_it_links_the_profile_from_the_header_for_every_role(
    as_user: Callable[[User], Client], firm: Firm, role: str
):
    client = as_user(make_user(firm, f"{role}@lakeshore.example", role))

    page = client.get("/queue/").content.decode()
    assert '<a href="/profile/"' in page
    profile = client.get("/profile/").content.decode()
    assert f'<label for="id_profile-phone">{PHONE_LABEL}</label>' in profile
    assert '<label for="id_pw-old_password">Old password</label>' in profile
    assert 'name="csrfmiddlewaretoken"' in profile
    assert "<script>" not in profile and "style=" not in profile


def test_it_stores_the_phone_as_e164_and_audits_it_in_each_firm(
    as_user: Callable[[User], Client], bob: User, firm: Firm, other_firm: Firm
):
    Membership.objects.create(firm=other_firm, user=bob, role=Role.AGENT)
    client = as_user(bob)

    response = client.post("/profile/", details(phone="(312) 555-0142"), follow=True)

    bob.refresh_from_db()
    assert bob.phone == "+13125550142"
    assert (bob.first_name, bob.last_name) == ("Bob", "Novak")
    page = response.content.decode()
    assert "Profile saved." in page
    assert 'value="+13125550142"' in page
    events = AuditEvent.objects.filter(action="user.profile", object_id=str(bob.pk))
    assert {e.firm_id for e in events} == {firm.pk, other_firm.pk}
    assert all(e.changes["phone"] == ["", "+13125550142"] for e in events)
    assert all(e.actor_label == bob.email for e in events)


def test_it_refuses_a_bad_phone_naming_the_field_and_changes_nothing(
    as_user: Callable[[User], Client], bob: User
):
    bob.phone = "+13125550111"
    bob.save()
    client = as_user(bob)

    response = client.post("/profile/", details(phone="555-12", last_name="Changed"))

    assert response.status_code == 400
    page = response.content.decode()
    assert f"{PHONE_LABEL}: &#x27;555-12&#x27;" in page
    assert 'class="field-error"' in page
    bob.refresh_from_db()
    assert (bob.phone, bob.last_name) == ("+13125550111", "")
    assert not AuditEvent.objects.filter(action="user.profile").exists()


def test_it_clears_the_phone_when_left_empty(as_user: Callable[[User], Client], bob: User):
    bob.phone = "+13125550111"
    bob.save()

    as_user(bob).post("/profile/", details(phone="  "))

    bob.refresh_from_db()
    assert bob.phone == ""


def test_it_changes_the_password_and_keeps_the_session(
    as_user: Callable[[User], Client], bob: User
):
    client = as_user(bob)

    response = client.post("/profile/", password("correct horse 1", "staple battery 27"))

    assert response["Location"] == "/profile/"
    assert "Password changed." in client.get("/profile/").content.decode()
    assert client.get("/queue/").status_code == 200  # still logged in
    bob.refresh_from_db()
    assert bob.check_password("staple battery 27")
    assert AuditEvent.objects.filter(action="user.password", object_id=str(bob.pk)).count() == 1
    fresh = Client()
    assert fresh.login(email=bob.email, password="staple battery 27")
    assert not fresh.login(email=bob.email, password="correct horse 1")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (password("wrong", "staple battery 27"), "Your old password was entered incorrectly"),
        (password("correct horse 1", "staple battery 27", "other"), "fields didn"),
        (password("correct horse 1", "12345678"), "This password is too common"),
    ],
)
def test_it_refuses_a_password_change_that_does_not_check_out(
    as_user: Callable[[User], Client], bob: User, data: dict[str, str], error: str
):
    response = as_user(bob).post("/profile/", data)

    assert response.status_code == 400
    assert error in response.content.decode()
    bob.refresh_from_db()
    assert bob.check_password("correct horse 1")


def test_it_only_ever_edits_the_logged_in_person(
    as_user: Callable[[User], Client], alice: User, bob: User, charlie: User
):
    client = as_user(bob)

    client.post(
        "/profile/",
        {**details(phone="(312) 555-0142"), "user": alice.pk, "id": charlie.pk, "pk": alice.pk},
    )
    client.post(f"/profile/?user={alice.pk}", details(first_name="Mallory"))

    assert client.get(f"/profile/{alice.pk}/").status_code == 404
    alice.refresh_from_db()
    charlie.refresh_from_db()
    assert (alice.first_name, alice.phone) == ("Alice", "")
    assert (charlie.first_name, charlie.phone) == ("Charlie", "")
    bob.refresh_from_db()
    assert (bob.first_name, bob.phone) == ("Mallory", "")  # the second form cleared the phone


def test_it_refuses_a_form_without_the_csrf_token(bob: User):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)

    response = client.post("/profile/", details(phone="(312) 555-0142"))

    assert response.status_code == 403
    bob.refresh_from_db()
    assert bob.phone == ""


@pytest.fixture
def twilio(settings: Any, monkeypatch: pytest.MonkeyPatch) -> FakeTwilio:
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.PUBLIC_URL = PUBLIC_URL
    fake = FakeTwilio()
    monkeypatch.setattr(twilio_module, "http_client", fake)
    return fake


def test_it_leads_an_agent_without_a_phone_from_the_call_button_to_the_profile(
    as_user: Callable[[User], Client], bob: User, jane: Lead, twilio: FakeTwilio
):
    client = as_user(bob)
    lead_page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert '<a href="/profile/">add it in My profile</a>' in lead_page

    client.post("/profile/", details(phone="312.555.0111"))

    lead_page = client.get(f"/leads/{jane.pk}/").content.decode()
    assert "rings your phone" in lead_page
    assert "no phone number yet" not in lead_page


def test_every_error_a_field_points_to_is_on_the_page(as_user: Callable[[User], Client], bob: User):
    page = (
        as_user(bob)
        .post("/profile/", {"action": "details", "profile-phone": "12"})
        .content.decode()
    )
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert described, "the phone field names its hint and its error"
    for ids in described:
        for ref in ids.split():
            assert f'id="{ref}"' in page, f"aria-describedby names {ref}, not on the page"


def test_it_turns_the_number_keys_off_for_this_person(
    as_user: Callable[[User], Client], bob: User, jane: Lead
):
    client = as_user(bob)
    assert 'data-shortcuts="on"' in client.get("/queue/").content.decode()
    client.post("/profile/", {"action": "details", "profile-power_dial": "on"})
    bob.refresh_from_db()
    assert (bob.queue_shortcuts, bob.power_dial) == (False, True)
    page = client.get("/queue/").content.decode()
    assert 'data-shortcuts="off"' in page and "aria-keyshortcuts" not in page
