"""The simulator asks when the agents' hours next open, and when each waiting call may start, at
every step of its loop; both are pure functions of what it asks with, computed once."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from steadfast.cadences import simulation
from steadfast.cadences.simulation import Simulation
from steadfast.engine import planner
from steadfast.engine.timing import FirmHours, agent_hours_open, next_allowed_time
from steadfast.firms.models import Firm
from tests.cadences.scenarios import lead, run

CHICAGO = ZoneInfo("America/Chicago")


def test_it_computes_the_night_s_opening_once(firm: Firm, monkeypatch):
    sim = Simulation.__new__(Simulation)  # only what _agents_open reads
    sim.hours, sim.opening = planner.firm_hours(firm), None
    asked: list[datetime] = []

    def counted(hours: FirmHours, at: datetime) -> datetime | None:
        asked.append(at)
        return agent_hours_open(hours, at)

    monkeypatch.setattr(simulation, "agent_hours_open", counted)
    tuesday_night = datetime(2026, 3, 3, 20, 0, tzinfo=CHICAGO)
    small_hours = tuesday_night + timedelta(hours=7)

    opening = sim._agents_open(tuesday_night)
    assert sim._agents_open(small_hours) == opening == agent_hours_open(sim.hours, small_hours)
    assert sim._agents_open(opening) == opening
    assert asked == [tuesday_night]

    later = opening + timedelta(hours=1)  # open: asked again
    assert sim._agents_open(later) == later
    assert asked == [tuesday_night, later]


class _Unread:
    """An agents' queue that must not be read."""

    def raw_rows(self) -> Any:
        raise AssertionError("the queue was read")


def test_it_reads_no_queue_when_something_else_happens_before_the_agents_can_start(firm: Firm):
    sim = Simulation.__new__(Simulation)  # only what _next_call reads
    tuesday_night = datetime(2026, 3, 3, 20, 0, tzinfo=CHICAGO)
    sim.hours, sim.opening, sim.agent_delay = planner.firm_hours(firm), None, timedelta(minutes=2)
    sim.now, sim.agents_free, sim.queue = tuesday_night, [tuesday_night], _Unread()
    delivered = tuesday_night + timedelta(minutes=1)  # an email's receipt, say

    assert sim._next_call(before=delivered) is None
    with pytest.raises(AssertionError, match="the queue was read"):
        sim._next_call(before=None)  # nothing else to wait for: the queue says
    morning = datetime(2026, 3, 4, 8, 32, tzinfo=CHICAGO)  # the agents' opening, and their delay
    with pytest.raises(AssertionError, match="the queue was read"):
        sim._next_call(before=morning)  # a call may start then and win the step


@pytest.mark.django_db
def test_a_waiting_call_s_window_is_computed_once(monkeypatch):
    # Leads arriving late on a Friday: their calls wait all weekend while texts and emails
    # go out and are delivered, step after step of the simulator's loop.
    asked: list[tuple[datetime, object]] = []

    def counted(**kwargs: Any) -> Any:
        if sys._getframe(1).f_code.co_name == "_window":  # the queue's, not a call's own
            asked.append((kwargs["earliest"], kwargs["lead"]))
        return next_allowed_time(**kwargs)

    monkeypatch.setattr(simulation, "next_allowed_time", counted)
    run(
        lead("ann", arrives="+10h"),
        lead("bea", arrives="+605m", phone="+1 312 555 0143"),
        start="2026-03-06T09:55:00",
        until="+4d",
    )

    assert asked
    assert len(asked) == len(set(asked))
