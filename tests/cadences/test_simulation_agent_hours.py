"""The simulator asks when the agents' hours next open at every step; from an instant up to the
opening found for it nothing is open, so it computes the opening once for all of them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from steadfast.cadences import simulation
from steadfast.cadences.simulation import Simulation
from steadfast.engine import planner
from steadfast.engine.timing import FirmHours, agent_hours_open
from steadfast.firms.models import Firm

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
