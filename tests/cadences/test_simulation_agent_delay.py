"""A simulated agent starts a due call `agent_delay` after the call is due or after they are
free, whichever is later (inside agent hours), however busy the rest of the simulation is: leads
arriving every minute do not keep pushing the call back."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.cadences.scenarios import at, lead, one, run, touches

CHICAGO = ZoneInfo("America/Chicago")
TUESDAY_10 = datetime(2026, 3, 3, 10, 0, tzinfo=CHICAGO)


def busy_hour(start: str = "+5m", minutes: int = 60) -> list[dict[str, Any]]:
    """A lead from outside the firm's states every minute (no call for them): an event at each
    minute of the simulation's loop."""
    first = int(start.removeprefix("+").removesuffix("m"))
    return [
        lead(
            f"tex-{n}",
            arrives=f"+{first * 60 + 30 + 60 * n}s",
            phone=f"+1 214 555 {1000 + n}",
            state="TX",
            consent=["email"],
        )
        for n in range(minutes)
    ]


def first_calls(result: dict[str, Any], ref: str) -> list[datetime]:
    return [at(t) for t in touches(one(result, ref), "call")]


@pytest.mark.django_db
def test_it_places_a_due_call_agent_delay_after_it_is_due_while_events_keep_coming():
    result = run(
        lead("jane", arrives="+5m"),
        *busy_hour(),
        start="2026-03-03T09:55:00",
        until="+3h",
        agents=1,
    )

    # Jane arrives at 10:00: the idle agent dials her at 10:02, not after the busy hour ends.
    assert first_calls(result, "jane")[0] == TUESDAY_10 + timedelta(minutes=2)


@pytest.mark.django_db
def test_it_places_the_next_call_agent_delay_after_the_agent_is_free_while_events_keep_coming():
    result = run(
        lead("jane", arrives="+5m"),
        lead("ann", arrives="+330s", phone="+1 312 555 0143"),
        *busy_hour(),
        start="2026-03-03T09:55:00",
        until="+3h",
        agents=1,
    )

    # Jane's call (10:02) goes to her voicemail: the agent is on it for three minutes, free at
    # 10:05, and dials Ann, due since 10:00:30, two minutes later.
    assert first_calls(result, "jane")[0] == TUESDAY_10 + timedelta(minutes=2)
    assert first_calls(result, "ann")[0] == TUESDAY_10 + timedelta(minutes=7)


@pytest.mark.django_db
def test_a_call_the_agent_cannot_start_before_closing_waits_for_the_morning_opening():
    # Due at 17:59 with a two-minute delay: the agent would dial at 18:01, after hours.
    result = run(
        lead("jane", arrives="+4m"),
        *busy_hour("+5m", 10),
        start="2026-03-03T17:55:00",
        until="+1d",
        agents=1,
    )

    wednesday_opening = datetime(2026, 3, 4, 8, 30, tzinfo=CHICAGO)
    assert first_calls(result, "jane")[0] == wednesday_opening + timedelta(minutes=2)
