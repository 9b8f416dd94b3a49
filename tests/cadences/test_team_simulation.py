"""A team of three works a burst of thirty leads through the shared queue (the real engine on
a virtual clock): no lead is dialled by two agents, and every first call still starts within
five minutes of being allowed."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
import yaml

from steadfast.cadences.scenario import load_scenario
from steadfast.cadences.simulation import Simulation
from steadfast.dispatch.models import Touch, TouchChannel
from steadfast.leads.models import Lead


@pytest.mark.django_db
def test_three_agents_share_a_burst_of_thirty_leads_without_dialling_anyone_twice():
    scenario = load_scenario(
        yaml.safe_dump(
            {
                "start": "2026-03-03T09:55:00",
                "until": "+3h",
                "firm": {"agents": 3, "agent_delay": "30s", "states": ["IL"]},
                "leads": [
                    {
                        "ref": f"lead-{n}",
                        "arrives": f"+{5 * 60 + 60 * n}s",
                        "first_name": f"Lead{n}",
                        "phone": f"+1 312 555 {1000 + n}",
                        "state": "IL",
                        "consent": ["call"],
                    }
                    for n in range(30)
                ],
            }
        )
    )
    simulation = Simulation(scenario)
    simulation.run()

    firm = simulation.firm
    first_calls = {
        t.lead_id: t for t in Touch.objects.filter(firm=firm, channel=TouchChannel.CALL, step=1)
    }
    assert len(first_calls) == 30
    # Each call was held by one agent and dialled once: no lead rang for two agents.
    dials = Counter((lead, when) for lead, _agent, when in simulation.dials)
    assert max(dials.values()) == 1
    assert len({agent for _lead, agent, _when in simulation.dials}) == 3  # the team shared it
    for lead in Lead.objects.filter(firm=firm):
        call = first_calls[lead.pk]
        assert call.performed_by_id is not None
        assert call.done_at is not None and call.done_at - lead.arrived_at <= timedelta(minutes=5)
