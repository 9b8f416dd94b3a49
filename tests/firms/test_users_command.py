"""`steadfast users set-password` and `users list`: a way back in after a lost password."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.audit.models import AuditEvent
from steadfast.firms.models import Firm, Role, User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_it_sets_a_new_password_for_an_existing_admin(firm: Firm):
    admin = make_user(firm, "alice@lakeshore.example", Role.ADMIN)
    out = StringIO()
    call_command(
        "users", "set-password", "--email", "Alice@Lakeshore.example", "--password",
        "a much longer one", stdout=out,
    )  # fmt: skip
    assert "New password set for alice@lakeshore.example" in out.getvalue()
    admin.refresh_from_db()
    assert admin.check_password("a much longer one")
    assert AuditEvent.objects.filter(firm=firm, action="user.password").exists()


def test_it_refuses_an_unknown_email_or_a_weak_password(firm: Firm):
    make_user(firm, "alice@lakeshore.example", Role.ADMIN)
    with pytest.raises(CommandError, match=r"--email: no account for 'nobody@example\.com'"):
        call_command(
            "users", "set-password", "--email", "nobody@example.com", "--password", "x" * 12
        )
    with pytest.raises(CommandError, match="--password: This password is too short"):
        call_command(
            "users", "set-password", "--email", "alice@lakeshore.example", "--password", "short"
        )
    with pytest.raises(CommandError, match="--password: This password is too common"):
        call_command(
            "users",
            "set-password",
            "--email",
            "alice@lakeshore.example",
            "--password",
            "password123",
        )
    assert User.objects.get(email="alice@lakeshore.example").check_password("correct horse 1")


def test_creating_an_existing_member_again_points_to_set_password(firm: Firm):
    make_user(firm, "alice@lakeshore.example", Role.ADMIN)
    with pytest.raises(CommandError, match=r"already a member .* steadfast users set-password"):
        call_command(
            "users", "create", "--email", "alice@lakeshore.example", "--password", "whatever12",
            "--role", "admin",
        )  # fmt: skip


def test_it_lists_who_can_log_in_with_their_role(firm: Firm, other_firm: Firm):
    make_user(firm, "alice@lakeshore.example", Role.ADMIN)
    make_user(firm, "bob@lakeshore.example", Role.AGENT)
    make_user(other_firm, "charlie@harbor.example", Role.ADMIN)
    out = StringIO()
    call_command("users", "list", "--firm", "lakeshore", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split("\t")[:2] for line in lines] == [
        ["alice@lakeshore.example", "admin"],
        ["bob@lakeshore.example", "agent"],
    ]
