"""A team of three works a burst of thirty leads through the shared queue (the real engine on
a virtual clock): no lead is dialled by two agents, and every first call still starts within
five minutes of being allowed."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

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


@pytest.mark.django_db
def test_at_the_morning_opening_a_lead_who_wrote_back_is_called_before_one_who_waited_longer():
    """Friday evening, the one agent is on Cal's call past closing, so Ann's first call
    (due 17:50) waits for Monday. Bea writes back that night: her callback (an alert) is due
    later than Ann's call, yet both can start at Monday's opening, and hers goes first."""
    lead = {"state": "IL", "consent": ["call"], "behavior": {"voicemail": False}}
    scenario = load_scenario(
        yaml.safe_dump(
            {
                "start": "2026-03-06T17:40:00",
                "until": "+3d",
                "firm": {
                    "agents": 1,
                    "agent_delay": "3m",
                    "states": ["IL"],
                    "business_hours": {"weekdays": "08:30-18:00", "sat": None, "sun": None},
                },
                "leads": [
                    {
                        **lead,
                        "ref": "cal",
                        "arrives": "+5m",
                        "first_name": "Cal",
                        "phone": "+1 312 555 0103",
                        "behavior": {"answers": [1]},
                    },
                    {
                        **lead,
                        "ref": "ann",
                        "arrives": "+10m",
                        "first_name": "Ann",
                        "phone": "+1 312 555 0101",
                    },
                    {
                        **lead,
                        "ref": "bea",
                        "arrives": "+270m",
                        "first_name": "Bea",
                        "phone": "+1 312 555 0102",
                        "consent": ["call", "sms"],
                        "behavior": {
                            "voicemail": False,
                            "replies": [
                                {"after": "+20m", "channel": "sms", "text": "yes please call me"}
                            ],
                        },
                    },
                ],
            }
        )
    )
    simulation = Simulation(scenario)
    simulation.run()

    made = list(
        Touch.objects.filter(
            firm=simulation.firm, channel=TouchChannel.CALL, performed_by__isnull=False
        )
        .order_by("done_at")
        .values_list("lead__first_name", "reason", "due_at", "done_at")
    )
    assert [name for name, *_ in made[:3]] == ["Cal", "Bea", "Ann"]
    _cal, (_bea, bea_why, bea_due, bea_done), (_ann, _why, ann_due, ann_done) = made[:3]
    assert "call back" in bea_why
    assert ann_due < bea_due  # Ann's call had waited longer
    monday_opening = datetime(2026, 3, 9, 13, 30, tzinfo=UTC)  # 08:30 in Chicago (CDT)
    assert bea_done == monday_opening + timedelta(minutes=3)
    assert ann_done > bea_done
