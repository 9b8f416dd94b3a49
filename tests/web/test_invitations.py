"""Adding a person to a firm is an invitation they accept: no admin pulls another firm's account
into their own, and the answer never tells whether an address has an account."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.core import mail
from django.test import Client

from steadfast import clock
from steadfast.firms.models import Firm, Membership, Role, User


def _invite(admin: Client, email: str, role: str = "agent", *, on_commit) -> object:
    with on_commit(execute=True):
        return admin.post("/settings/users/", {"email": email, "role": role}, follow=True)


def _link() -> str:
    found = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def test_an_admin_cannot_pull_another_firms_account_into_their_firm(
    as_user: Callable[[User], Client],
    charlie: User,
    alice: User,
    firm: Firm,
    other_firm: Firm,
    django_capture_on_commit_callbacks,
):
    # Charlie (Harbor's admin) tries to add Alice of Lakeshore to Harbor.
    _invite(
        as_user(charlie), "alice@lakeshore.example", on_commit=django_capture_on_commit_callbacks
    )

    assert not Membership.objects.filter(firm=other_firm, user=alice).exists()
    # Alice's next login still lands in her own firm, and only there.
    page = as_user(alice).get("/queue/")
    assert page.status_code == 200
    assert [m.firm for m in Membership.objects.filter(user=alice)] == [firm]


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(
    as_user: Callable[[User], Client],
    charlie: User,
    alice: User,
    django_capture_on_commit_callbacks,
):
    admin = as_user(charlie)

    existing = _invite(
        admin, "alice@lakeshore.example", on_commit=django_capture_on_commit_callbacks
    )
    unknown = _invite(
        admin, "nobody@lakeshore.example", on_commit=django_capture_on_commit_callbacks
    )

    assert existing.status_code == unknown.status_code == 200

    for response, email in ((existing, "alice"), (unknown, "nobody")):
        said = f"Invitation sent to {email}@lakeshore.example; they join when they accept it."
        assert said in response.content.decode()
    assert len(mail.outbox) == 2


def test_an_existing_account_joins_only_when_its_owner_accepts(
    as_user: Callable[[User], Client],
    charlie: User,
    alice: User,
    firm: Firm,
    other_firm: Firm,
    django_capture_on_commit_callbacks,
):
    _invite(
        as_user(charlie),
        "alice@lakeshore.example",
        "manager",
        on_commit=django_capture_on_commit_callbacks,
    )
    link = _link()
    assert mail.outbox[-1].to == ["alice@lakeshore.example"]

    anonymous = Client().get(link)
    assert "Log in to accept" in anonymous.content.decode()
    as_alice = as_user(alice)
    assert "Accept and join Harbor Family Law" in as_alice.get(link).content.decode()
    assert not Membership.objects.filter(firm=other_firm, user=alice).exists()

    as_alice.post(link)

    assert Membership.objects.get(firm=other_firm, user=alice).role == Role.MANAGER
    assert Membership.objects.filter(firm=firm, user=alice).exists()
    assert Client().get(link).status_code == 404  # a link works once


def test_someone_else_logged_in_cannot_accept_it(
    as_user: Callable[[User], Client],
    charlie: User,
    alice: User,
    bob: User,
    other_firm: Firm,
    django_capture_on_commit_callbacks,
):
    _invite(
        as_user(charlie), "alice@lakeshore.example", on_commit=django_capture_on_commit_callbacks
    )
    link = _link()

    as_user(bob).post(link)

    assert not Membership.objects.filter(firm=other_firm).exclude(user=charlie).exists()


def test_a_new_person_makes_their_account_when_accepting(
    as_user: Callable[[User], Client],
    alice: User,
    firm: Firm,
    django_capture_on_commit_callbacks,
):
    _invite(as_user(alice), "Nora@Lakeshore.example", on_commit=django_capture_on_commit_callbacks)
    assert not User.objects.filter(email="nora@lakeshore.example").exists()
    visitor = Client()
    link = _link()

    weak = visitor.post(link, {"first_name": "Nora", "password": "123"})
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    visitor.post(link, {"first_name": "Nora", "password": "a fine passphrase"})

    nora = User.objects.get(email="nora@lakeshore.example")
    assert Membership.objects.get(firm=firm, user=nora).role == Role.AGENT
    assert Client().login(username="nora@lakeshore.example", password="a fine passphrase")


def test_an_invitation_expires_after_a_week(
    as_user: Callable[[User], Client],
    alice: User,
    now,
    django_capture_on_commit_callbacks,
):
    _invite(as_user(alice), "nora@lakeshore.example", on_commit=django_capture_on_commit_callbacks)
    link = _link()

    with clock.frozen(now + timedelta(days=8)):
        response = Client().post(link, {"password": "a fine passphrase"})

    assert response.status_code == 404
    assert not User.objects.filter(email="nora@lakeshore.example").exists()
