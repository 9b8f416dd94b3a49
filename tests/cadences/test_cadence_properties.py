"""Properties of the default cadence for any arrival time and state, through the real engine.

Each example runs a scenario through `simulate` (planner, ledger, worker step, compliance
checks) and checks the contract of PRODUCT.md §1 on what happened.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from steadfast.cadences.definition import parse_duration
from steadfast.compliance.rules import rules_for
from steadfast.engine.timing import (
    FirmHours,
    LeadPlace,
    is_business_day,
    legal_window_open,
    next_allowed_time,
)
from tests.cadences.scenarios import FIRM, arrival, at, lead, one, run, touches

CHICAGO = ZoneInfo("America/Chicago")
STATES = ["IL", "WI", "FL", "TX", "CA", "NY", "AL", "CT", "WA", "OK"]
HOURS = FirmHours(
    timezone="America/Chicago",
    business_hours={
        **{
            d: (
                datetime.strptime("08:30", "%H:%M").time(),
                datetime.strptime("18:00", "%H:%M").time(),
            )
            for d in ("mon", "tue", "wed", "thu", "fri")
        },
        "sat": None,
        "sun": None,
    },
    holiday_calendars=("US",),
)
RULES = rules_for(None)
AGENT_DELAY = parse_duration(FIRM["agent_delay"])  # how long a simulated agent takes to dial


def _business_days_between(first: datetime, second: datetime) -> int:
    day, end, days = first.astimezone(CHICAGO).date(), second.astimezone(CHICAGO).date(), 0
    while day < end:
        day += timedelta(days=1)
        days += is_business_day(HOURS, day)
    return days


def _calling_days_between(first: datetime, second: datetime, place: LeadPlace) -> int:
    """Like `_business_days_between`, counting only the days on which a person may call the
    lead at some moment: agent hours on a business day, inside the lead's legal window (a
    state's day ban, such as Alabama's on its state holidays, takes the whole day out)."""
    day, end, days = first.astimezone(CHICAGO).date(), second.astimezone(CHICAGO).date(), 0
    while day < end:
        day += timedelta(days=1)
        slot = next_allowed_time(
            kind="call",
            earliest=datetime.combine(day, time(0), CHICAGO),
            lead=place,
            firm=HOURS,
            rules=RULES,
        )
        days += slot is not None and slot.at.astimezone(CHICAGO).date() == day
    return days


def _minutes_of_day(moment: datetime) -> int:
    return moment.hour * 60 + moment.minute


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    arrives=st.datetimes(min_value=datetime(2026, 1, 2), max_value=datetime(2027, 12, 1)),
    state=st.sampled_from(STATES),
)
# First call Friday 08:32; the next business day, Monday 2026-04-27, is Confederate Memorial Day,
# on which Alabama allows no calls: the second call is on Tuesday.
@example(arrives=datetime(2026, 4, 24, 5, 20), state="AL")
# First call at 13:00 (11:00 in California); the legal window opens 3 h before that time of
# day (09:00 in El Paso's zone, 08:00 in California): a second call due then is made after it,
# under 3 h from the first call's time of day.
@example(arrives=datetime(2026, 4, 23, 12, 58), state="TX")
@example(arrives=datetime(2027, 4, 22, 12, 57), state="CA")
# Arrival two minutes before the agents leave: too late to dial that day; 08:32 the next morning.
@example(arrives=datetime(2026, 3, 16, 17, 58), state="IL")
def test_the_default_cadence_keeps_its_contract_for_any_arrival(arrives: datetime, state: str):
    start = arrives.replace(second=0, microsecond=0)
    result = run(
        lead(state=state, arrives="+0m"),
        start=start.isoformat(),
        until="+30d",
        states=STATES,
        holidays=["US"],
    )
    item = one(result)
    place = LeadPlace(zones=tuple(_zones(item)), state=state)
    came = arrival(item)
    calls = [t for t in touches(item, "call") if t["step"]]
    texts = [t for t in touches(item, "sms") if t["step"]]
    by_step = {t["step"]: t for t in touches(item) if t["step"]}

    for call in calls:  # a person's call: legal window and agent hours, on a business day
        when = at(call)
        assert legal_window_open(kind="call", at=when, lead=place, rules=RULES)[0], call
        local = when.astimezone(CHICAGO)
        assert is_business_day(HOURS, local.date()), call
        assert "08:30" <= local.strftime("%H:%M") < "18:00", call
    for text in texts:
        assert legal_window_open(kind="sms", at=at(text), lead=place, rules=RULES)[0], text

    allowed = next_allowed_time(kind="call", earliest=came, lead=place, firm=HOURS, rules=RULES)
    dialable = next_allowed_time(
        kind="call", earliest=came + AGENT_DELAY, lead=place, firm=HOURS, rules=RULES
    )
    assert allowed is not None and dialable is not None
    # Dialled within 5 minutes of becoming allowed; when it is allowed for less time than the
    # simulated agents take to pick a call up (arrival at 17:59, the agents leave at 18:00),
    # within 5 minutes of the next moment it is allowed.
    start = allowed.at if dialable.at - allowed.at <= AGENT_DELAY else dialable.at
    assert at(by_step[1]) - start <= timedelta(minutes=5)
    assert timedelta(0) < at(by_step[2]) - at(by_step[1]) <= timedelta(minutes=15)
    assert at(by_step[3]) - came <= timedelta(minutes=60)
    # The next business day on which the lead may be called (§1: a call needs the legal window).
    assert _calling_days_between(at(by_step[1]), at(by_step[4]), place) == 1
    first, second = at(by_step[1], "lead_local"), at(by_step[4], "lead_local")
    assert abs(_minutes_of_day(first) - _minutes_of_day(second)) >= 180
    assert 3 <= _business_days_between(at(by_step[1]), at(by_step[5])) <= 4
    assert item["status"] == "nurture"
    ended = next(at(h) for h in item["status_history"] if h["status"] == "nurture")
    assert 5 <= _business_days_between(came, ended) <= 7
    assert len(calls) <= 3 and len(texts) <= 2 and len(touches(item, "email")) <= 2


def _zones(item: dict) -> list[str]:
    from steadfast.leads.models import Lead

    return Lead.objects.get(pk=item["id"]).timezone_candidates


@pytest.mark.django_db
def test_a_second_call_in_the_evening_leaves_the_agents_time_to_make_it():
    # First call Friday 11:58; the other part of the day on Monday would be 17:58, two minutes
    # before the agents leave at 18:00: the call was made only on Tuesday morning.
    item = one(
        run(
            lead(state="IL", arrives="+0m"),
            start="2026-01-02T11:56:00",
            until="+10d",
            states=STATES,
            holidays=["US"],
        )
    )
    second = {t["step"]: t for t in touches(item, "call") if t["step"]}[4]
    local = at(second).astimezone(CHICAGO)
    assert local.strftime("%a") == "Mon"
    assert "15:00" <= local.strftime("%H:%M") <= "17:32"


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "second_day"), [("AL", "2026-04-28"), ("IL", "2026-04-27")])
def test_the_second_call_waits_for_a_day_the_lead_may_be_called(state: str, second_day: str):
    # First call Friday 2026-04-24 08:32. Monday is a business day for the firm, but in Alabama
    # it is Confederate Memorial Day, on which no calls are allowed: an Alabama lead's second
    # call is on Tuesday, still in another part of the day; an Illinois lead's is on Monday.
    item = one(
        run(
            lead(state=state, arrives="+0m"),
            start="2026-04-24T05:20:00",
            until="+10d",
            states=STATES,
            holidays=["US"],
        )
    )
    calls = {t["step"]: t for t in touches(item, "call") if t["step"]}
    first, second = at(calls[1]), at(calls[4])
    assert first.isoformat() == "2026-04-24T08:32:00-05:00"
    assert second.date().isoformat() == second_day
    assert abs(_minutes_of_day(second) - _minutes_of_day(first)) >= 180
    assert ("Confederate Memorial Day" in calls[4]["rule"]) == (state == "AL")


@pytest.mark.django_db
def test_a_second_call_before_the_first_ones_time_of_day_is_made_3_hours_from_it():
    # First call Thursday 13:00. Texas' window opens at 09:00 in El Paso's zone too, which is
    # 10:00 in Chicago: exactly 3 h before 13:00. A call due then is dialled a little later,
    # under 3 h from 13:00; it is due in the afternoon instead.
    item = one(
        run(
            lead(state="TX", arrives="+0m"),
            start="2026-04-23T12:58:00",
            until="+10d",
            states=STATES,
            holidays=["US"],
        )
    )
    calls = {t["step"]: t for t in touches(item, "call") if t["step"]}
    first, second = at(calls[1], "lead_local"), at(calls[4], "lead_local")
    assert first.strftime("%a %H:%M") == "Thu 13:00"
    assert second.strftime("%a") == "Fri"
    assert abs(_minutes_of_day(second) - _minutes_of_day(first)) >= 180
