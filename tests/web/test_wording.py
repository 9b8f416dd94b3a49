"""The call script reads well aloud: when the lead reached out, and about what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from steadfast.firms.models import User
from steadfast.leads.models import Lead
from steadfast.web.wording import arrived_in_words, matter_in_words

# Tuesday 3 March 2026, 10:00 in Chicago.
NOW = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=50), "just now"),
        (timedelta(minutes=6), "a few minutes ago"),
        (timedelta(minutes=30), "about half an hour ago"),
        (timedelta(minutes=70), "about an hour ago"),
        (timedelta(hours=3), "this morning"),  # 07:00
        (timedelta(hours=8), "last night"),  # 02:00
        (timedelta(hours=14), "yesterday evening"),  # Monday 20:00
        (timedelta(hours=22), "yesterday afternoon"),  # Monday 12:00
        (timedelta(hours=26), "yesterday morning"),  # Monday 08:00
        (timedelta(days=2, hours=1), "on Sunday morning"),
        (timedelta(days=9), "on February 22"),
    ],
)
def test_it_says_when_the_lead_reached_out_as_a_person_would(ago: timedelta, words: str):
    assert arrived_in_words(arrived=NOW - ago, now=NOW, zone="America/Chicago") == words


def test_it_counts_days_in_the_leads_own_zone():
    # 23:30 on Monday in Los Angeles is already Tuesday in Chicago.
    arrived = datetime(2026, 3, 3, 7, 30, tzinfo=UTC)
    assert arrived_in_words(arrived=arrived, now=NOW, zone="America/Los_Angeles") == (
        "yesterday evening"
    )


def test_it_names_the_matter_in_plain_words():
    assert matter_in_words("personal_injury") == "a personal injury matter"
    assert matter_in_words("auto_accident") == "a car accident matter"
    assert matter_in_words("") == ""


def test_the_queue_script_reads_naturally(as_user: Callable[[User], Client], bob: User, jane: Lead):
    page = as_user(bob).get("/queue/").content.decode()
    assert "You reached out to us about <strong>a personal injury matter</strong> just now" in page
    assert "0 minutes" not in page
