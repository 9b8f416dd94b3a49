"""The leads list shows whether each contact works; times are in the firm's zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.test import Client

from steadfast import clock
from steadfast.firms.models import User
from steadfast.leads.models import Lead


def test_it_shows_a_malformed_email_as_invalid_in_the_list(
    as_user: Callable[[User], Client], bob: User, capture: Callable[..., Lead]
):
    capture(first_name="Mo", phone="+1 312 555 0150", email="mo@@example", consent={"call": True})
    page = as_user(bob).get("/leads/").content.decode()
    row = page[page.index("Mo") :]
    row = row[: row.index("</tr>")]
    assert "mo@@example" in row
    assert '<span class="badge bad"' in row and ">invalid</span>" in row
    assert '<span class="badge ok"' in row  # the phone is fine


def test_it_says_when_the_original_of_a_duplicate_arrived_in_the_firms_zone(
    capture: Callable[..., Lead], now
):
    capture(first_name="Jane", phone="+1 312 555 0142", consent={"call": True})
    with clock.frozen(now + timedelta(hours=2)):
        twin = capture(first_name="Jane", phone="+1 312 555 0142", consent={"call": True})
    finding = twin.checks.get(kind="duplicate")
    assert "which arrived 2026-03-03 10:00 CST" in finding.detail
    assert "UTC" not in finding.detail
