"""The firm's own calling rules, set in words, and never looser than the law."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from steadfast.audit.models import AuditEvent
from steadfast.firms.models import Firm, User


def rule(client: Client, **fields: Any) -> Any:
    return client.post("/settings/rules/", {"action": "rule", **fields})


def test_it_saves_shorter_hours_a_cap_and_a_day_without_calls(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    client = as_user(alice)
    response = rule(
        client, state="IL", opens="09:00", closes="19:00", max_per_24h="2", banned_days=["sun"]
    )
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.compliance_overrides == {
        "IL": {"window": ["09:00", "19:00"], "max_per_24h": 2, "windows": {"sun": None}}
    }
    page = client.get("/settings/rules/").content.decode()
    assert (
        "Illinois: calls and texts 09:00\N{EN DASH}19:00; none on Sunday; at most 2 in any" in page
    )
    assert AuditEvent.objects.filter(action="firm.compliance_overrides", actor=alice).exists()


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        (
            {"state": "FL", "opens": "08:00", "closes": "21:00"},
            "08:00-21:00 on Mondays is wider than the 08:00-20:00 of FL law (Fla. Stat. 501.616",
        ),
        (
            {"state": "FL", "max_per_24h": "5"},
            "a cap of 5 is looser than the 3 calls and texts per 24 hours of FL law",
        ),
        (
            {"state": "TX", "opens": "09:00", "closes": "21:00"},
            "09:00-21:00 on Sundays is wider than the 12:00-21:00 of TX law (Tex. Bus.",
        ),
        ({"state": "IL", "opens": "09:00"}, "Give both times"),
        ({"state": "IL"}, "nothing to save"),
    ],
)
def test_it_refuses_anything_looser_than_the_law_and_changes_nothing(
    as_user: Callable[[User], Client], alice: User, firm: Firm, fields: dict[str, str], named: str
):
    response = rule(as_user(alice), **fields)
    assert response.status_code == 400
    assert named in response.content.decode()
    firm.refresh_from_db()
    assert firm.compliance_overrides == {}


def test_it_refuses_a_looser_rule_written_as_json(
    as_user: Callable[[User], Client], alice: User, firm: Firm
):
    response = as_user(alice).post(
        "/settings/rules/", {"overrides": '{"WA": {"window": ["08:00", "21:00"]}}'}
    )
    assert response.status_code == 400
    assert "of WA law" in response.content.decode()
    assert "an override can only narrow it" in response.content.decode()
    firm.refresh_from_db()
    assert firm.compliance_overrides == {}


def test_it_removes_one_rule(as_user: Callable[[User], Client], alice: User, firm: Firm):
    firm.compliance_overrides = {"IL": {"max_per_24h": 2}, "*": {"max_per_24h": 3}}
    firm.save(update_fields=["compliance_overrides"])
    response = as_user(alice).post("/settings/rules/", {"action": "remove", "state": "IL"})
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.compliance_overrides == {"*": {"max_per_24h": 3}}
