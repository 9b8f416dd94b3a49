"""An administrator gives a person who lost their password a new one, shown once."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from steadfast.firms.models import Firm, Membership, Role, User
from tests.conftest import make_user


def test_an_admin_resets_a_members_password(
    as_user: Callable[[User], Client], alice: User, bob: User, firm: Firm
):
    membership = Membership.objects.get(user=bob, firm=firm)
    response = as_user(alice).post(f"/settings/users/{membership.pk}/password/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "It is shown only this once" in page
    password = page.split('id="new-password">')[1].split("</code>")[0]
    bob.refresh_from_db()
    assert bob.check_password(password)
    assert Client().login(email=bob.email, password=password)


def test_it_refuses_a_reset_by_an_agent_or_of_someone_another_firm_relies_on(
    as_user: Callable[[User], Client], alice: User, bob: User, firm: Firm, other_firm: Firm
):
    membership = Membership.objects.get(user=bob, firm=firm)
    assert as_user(bob).post(f"/settings/users/{membership.pk}/password/").status_code == 403
    Membership.objects.create(firm=other_firm, user=bob, role=Role.ADMIN)
    response = as_user(alice).post(f"/settings/users/{membership.pk}/password/", follow=True)
    assert "also works for another firm" in response.content.decode()
    bob.refresh_from_db()
    assert bob.check_password("correct horse 1")


def test_it_answers_404_for_another_firms_member(
    as_user: Callable[[User], Client], alice: User, other_firm: Firm
):
    charlie = make_user(other_firm, "charlie@harbor.example", Role.AGENT)
    membership = Membership.objects.get(user=charlie)
    assert as_user(alice).post(f"/settings/users/{membership.pk}/password/").status_code == 404
    charlie.refresh_from_db()
    assert charlie.check_password("correct horse 1")
