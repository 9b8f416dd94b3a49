"""Click-to-call: the agent's phone rings, then the lead's, showing the lead's local number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from steadfast.channels.models import ProviderSend
from steadfast.engine.calls import call_bridge
from steadfast.engine.events import ContactNotAllowed, lead_opt_out
from steadfast.firms.models import OutboundNumber, User
from steadfast.leads.models import Lead
from tests.channels.conftest import FakeTwilio


@pytest.fixture
def jane(capture: Callable[..., Lead], twilio_env: Any) -> Lead:
    lead = capture(
        first_name="Jane", phone="+1 773 555 0142", state="IL", consent={"call": True, "sms": True}
    )
    OutboundNumber.objects.create(firm=lead.firm, e164="+17735550100", area_code="773")
    return lead


@pytest.fixture
def agent(bob: User) -> User:
    bob.phone = "+13125550111"
    bob.save()
    return bob


def test_it_rings_the_agent_and_bridges_from_the_local_number(
    jane: Lead,
    agent: User,
    fake_twilio: FakeTwilio,
    twilio_post: Callable[..., Any],
    no_override: None,
    now: datetime,
) -> None:
    result = call_bridge(lead=jane, agent=agent, now=now)

    assert result.status == "sent"
    [call] = fake_twilio.posted("/Calls.json")
    assert (call["To"], call["From"]) == ("+13125550111", "+17735550100")
    record = ProviderSend.objects.get(provider_id=result.provider_id)
    twiml = twilio_post(
        f"/hooks/twilio/voice/bridge/{record.pk}", {"CallSid": result.provider_id}
    ).content.decode()
    assert 'callerId="+17735550100"' in twiml
    assert "<Number>+17735550142</Number>" in twiml


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ("no_phone", "add your phone number"),
        ("opted_out", "opted out"),
        ("night", "window"),
        ("outsider", "another firm"),
    ],
)
def test_it_refuses_a_call_it_may_not_place(
    jane: Lead,
    agent: User,
    charlie: User,
    fake_twilio: FakeTwilio,
    no_override: None,
    now: datetime,
    setup: str,
    reason: str,
) -> None:
    caller, when = agent, now
    if setup == "no_phone":
        agent.phone = ""
        agent.save()
    elif setup == "opted_out":
        lead_opt_out(lead=jane, channels={"call"}, now=now, source="sms")
    elif setup == "night":
        when = now + timedelta(hours=13)  # 23:00 in Chicago
    else:
        charlie.phone = "+18135550111"
        charlie.save()
        caller = charlie

    with pytest.raises(ContactNotAllowed, match=reason):
        call_bridge(lead=jane, agent=caller, now=when)

    assert fake_twilio.requests == []
