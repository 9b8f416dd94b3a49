"""When the next touch may happen, and why (PRODUCT.md §1, §3): the pure timing function.

The properties check each result against an oracle written here from the rules' plain data
(the federal 08:00-21:00, each state's windows, the holidays library), not from the engine's
own window code.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadfast.compliance.rules import STATE_RULES, WEEKDAYS, rules_for
from steadfast.engine.timing import (
    END_OF_DAY,
    ROOM_TO_CALL,
    FirmHours,
    LeadPlace,
    add_business_days,
    agent_hours_open,
    is_business_day,
    legal_window_open,
    next_allowed_time,
)

RULES = rules_for()
CHICAGO, NEW_YORK, LOS_ANGELES = "America/Chicago", "America/New_York", "America/Los_Angeles"
WEEKDAY_HOURS = (time(8, 30), time(18))


def firm_hours(
    tz: str = CHICAGO,
    *,
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri"),
    hours: tuple[time, time] = WEEKDAY_HOURS,
    calendars: tuple[str, ...] = ("US",),
    closures: frozenset[date] = frozenset(),
) -> FirmHours:
    return FirmHours(
        timezone=tz,
        business_hours={d: hours if d in days else None for d in WEEKDAYS},
        holiday_calendars=calendars,
        closures=closures,
    )


EVERY_DAY_EARLY_TO_LATE = firm_hours(days=WEEKDAYS, hours=(time(6), END_OF_DAY))


def local(zone: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def when(kind: str, earliest: datetime, zones: tuple[str, ...], state: str = "", **kw):
    firm = kw.pop("firm", EVERY_DAY_EARLY_TO_LATE)
    slot = next_allowed_time(
        kind=kind,
        earliest=earliest,
        lead=LeadPlace(zones=zones, state=state),
        firm=firm,
        rules=kw.pop("rules", RULES),
        **kw,
    )
    assert slot is None or slot.at.tzinfo is UTC
    return slot


# --- the oracle -----------------------------------------------------------------------------

# State holidays the law lists beyond the holidays library's calendars, written out by hand
# for the years the properties draw from (PA: Good Friday, Flag Day, Election Day; LA: Battle
# of New Orleans and the day after Thanksgiving).
EXTRA_STATE_HOLIDAYS = {
    "PA": {
        date(2026, 4, 3), date(2027, 3, 26), date(2028, 4, 14),
        date(2026, 6, 14), date(2027, 6, 14), date(2028, 6, 14),
        date(2026, 11, 3), date(2027, 11, 2), date(2028, 11, 7),
    },
    "LA": {
        date(2026, 1, 8), date(2027, 1, 8), date(2028, 1, 8),
        date(2026, 11, 27), date(2027, 11, 26), date(2028, 11, 24),
    },
}  # fmt: skip


@functools.cache
def library_holidays(country: str, subdiv: str | None) -> holidays.HolidayBase:
    return holidays.country_holidays(country, subdiv=subdiv, years=range(2025, 2030))


def firm_calendar_holiday(firm: FirmHours, day: date) -> bool:
    for calendar in firm.holiday_calendars:
        country, _, subdiv = calendar.partition("-")
        if day in library_holidays(country, subdiv or None):
            return True
    return False


def state_holiday(state: str, day: date) -> bool:
    return day in library_holidays("US", state) or day in EXTRA_STATE_HOLIDAYS.get(state, ())


def legal_at(t: datetime, kind: str, lead: LeadPlace) -> bool:
    rule = STATE_RULES.get(lead.state)
    for zone in lead.zones:
        here = t.astimezone(ZoneInfo(zone))
        if not time(8) <= here.time() < time(21):  # 47 CFR 64.1200(c)(1)
            return False
        if rule is None:
            continue
        window = rule.windows[WEEKDAYS[here.weekday()]]
        if window is None or not window[0] <= here.time() < window[1]:
            return False
        if rule.no_state_holidays and state_holiday(lead.state, here.date()):
            return False
    return True


def agent_hours_at(t: datetime, firm: FirmHours) -> bool:
    here = t.astimezone(ZoneInfo(firm.timezone))
    hours = firm.business_hours[WEEKDAYS[here.weekday()]]
    if hours is None or here.date() in firm.closures or firm_calendar_holiday(firm, here.date()):
        return False
    return hours[0] <= here.time() and (hours[1] == END_OF_DAY or here.time() < hours[1])


def far_enough_from(t: datetime, avoid: time, zones: tuple[str, ...], kind: str) -> bool:
    """At least 3 h after the clock shows `avoid`, and at least 3 h before it shows it again
    (a call, made a little after it is due: 3 h + ROOM_TO_CALL)."""
    before = 3 * 3600 + (ROOM_TO_CALL.total_seconds() if kind == "call" else 0)
    for zone in zones:
        here = t.astimezone(ZoneInfo(zone))
        seconds = (here.hour - avoid.hour) * 3600 + (here.minute - avoid.minute) * 60
        seconds += here.second - avoid.second
        since = seconds % 86400
        if since < 3 * 3600 or 86400 - since < before:
            return False
    return True


def allowed(t, *, kind, lead, firm, recent=(), avoid_near=None) -> bool:
    if kind == "email":
        return True
    if not legal_at(t, kind, lead):
        return False
    if kind == "call" and not agent_hours_at(t, firm):
        return False
    rule = STATE_RULES.get(lead.state)
    if rule and rule.max_per_24h:  # at most max - 1 earlier calls/texts in the 24 h before t
        in_last_day = sum(1 for r in recent if t - timedelta(hours=24) < r <= t)
        if in_last_day > rule.max_per_24h - 1:
            return False
    return avoid_near is None or far_enough_from(t, avoid_near, lead.zones, kind)


# --- properties -----------------------------------------------------------------------------

US_ZONES = [
    "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Detroit",
    "America/Boise", "America/Indiana/Indianapolis", "America/Kentucky/Louisville",
    "America/Adak",
]  # fmt: skip
MULTI_ZONE_STATES = [
    ("America/New_York", "America/Chicago"),  # FL, TN, KY, IN, MI
    ("America/Chicago", "America/Denver"),  # TX, KS, NE, ND, SD
    ("America/Denver", "America/Los_Angeles"),  # ID, OR
    ("America/Anchorage", "America/Adak"),  # AK
    ("America/Denver", "America/Phoenix"),  # AZ with the Navajo Nation
]
STATES = ["", "FL", "TX", "CT", "AL", "LA", "MS", "UT", "PA", "OK", "MD", "WA", "RI", "KY",
          "IL", "NY", "CA"]  # fmt: skip
KINDS = ["call", "call", "sms", "sms", "voicemail_drop", "email"]

zone_sets = st.one_of(
    st.sampled_from(MULTI_ZONE_STATES),
    st.lists(st.sampled_from(US_ZONES), min_size=1, max_size=3, unique=True).map(tuple),
)
# Days where the rules bite: DST changes, federal and state holidays, the days around them.
SPECIAL_DAYS = sorted(
    {date(2026, 3, 8), date(2026, 11, 1), date(2027, 3, 14), date(2027, 11, 7)}
    | {d for d in library_holidays("US", "PA") if date(2026, 1, 1) <= d <= date(2027, 12, 31)}
    | {d for s in ("UT", "LA", "IL", "TX") for d in library_holidays("US", s) if d.year == 2026}
    | {d for days in EXTRA_STATE_HOLIDAYS.values() for d in days if d.year <= 2027}
)
instants = st.one_of(
    st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2027, 12, 31, 23, 59),
        timezones=st.just(UTC),
    ),
    # Near a special day, often on a whole quarter hour (exactly at an opening, say).
    st.builds(
        lambda day, quarters, seconds: (
            datetime.combine(day, time(0), UTC) + timedelta(minutes=15 * quarters, seconds=seconds)
        ),
        st.sampled_from(SPECIAL_DAYS),
        st.integers(-2 * 96, 2 * 96),
        st.sampled_from([0, 0, 0, 1, 59]),
    ),
)


@st.composite
def firms(draw, around: date) -> FirmHours:
    hours: dict[str, tuple[time, time] | None] = {}
    for day in WEEKDAYS:
        if (draw(st.booleans()) and day in ("sat", "sun")) or draw(st.integers(0, 9)) == 0:
            hours[day] = None
            continue
        opens = draw(st.integers(5 * 4, 12 * 4))  # quarter hours: 05:00-12:00
        closes = draw(st.integers(opens + 4, 24 * 4))
        hours[day] = (
            time(opens // 4, opens % 4 * 15),
            END_OF_DAY if closes == 96 else time(closes // 4, closes % 4 * 15),
        )
    if all(h is None for h in hours.values()):
        hours["mon"] = WEEKDAY_HOURS
    offsets = draw(st.lists(st.integers(0, 14), max_size=3))
    return FirmHours(
        timezone=draw(st.sampled_from(US_ZONES)),
        business_hours=hours,
        holiday_calendars=draw(st.sampled_from([(), ("US",), ("US-IL",), ("US", "US-TX")])),
        closures=frozenset(around + timedelta(days=o) for o in offsets),
    )


@settings(
    max_examples=250,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), earliest=instants, zones=zone_sets, state=st.sampled_from(STATES),
       kind=st.sampled_from(KINDS))  # fmt: skip
def test_it_finds_the_earliest_allowed_moment(data, earliest, zones, state, kind):
    firm = data.draw(firms(earliest.date()))
    recent = [
        earliest - timedelta(minutes=m)
        for m in data.draw(st.lists(st.integers(0, 36 * 60), max_size=4))
    ]
    avoid_near = data.draw(st.none() | st.times(min_value=time(7), max_value=time(21)))
    avoid_near = avoid_near and avoid_near.replace(second=0, microsecond=0)
    lead = LeadPlace(zones=zones, state=state)
    context = {"kind": kind, "lead": lead, "firm": firm, "recent": recent, "avoid_near": avoid_near}

    slot = next_allowed_time(earliest=earliest, rules=RULES, **context)

    if slot is None:
        # Nothing in 21 days: a scan every 10 minutes finds nothing either.
        steps = range(0, 21 * 24 * 6)
        assert not any(allowed(earliest + timedelta(minutes=10 * i), **context) for i in steps)
        return
    at = slot.at
    assert at >= earliest
    assert at <= earliest + timedelta(days=21)
    assert allowed(at, **context), slot
    if kind in ("call", "sms", "voicemail_drop"):
        for zone in zones:
            here = at.astimezone(ZoneInfo(zone))
            assert time(8) <= here.time() < time(21)
            if state in ("AL", "LA", "MS"):
                assert here.weekday() != 6, "no calls or texts on Sundays"
            if state in ("UT", "PA", "LA"):
                assert here.date() not in library_holidays("US", state)
    if kind == "call":
        here = at.astimezone(ZoneInfo(firm.timezone))
        assert not firm_calendar_holiday(firm, here.date())
        assert here.date() not in firm.closures
    if avoid_near is not None and kind != "email":
        assert far_enough_from(at, avoid_near, zones, kind)
    # Minimal: a second earlier is not allowed, unless the result is `earliest` itself...
    if at > earliest:
        assert not allowed(max(earliest, at - timedelta(seconds=1)), **context), slot
        assert slot.reason.startswith("next allowed: ")
        # ...and nothing on a 20-minute grid between earliest and the result is allowed.
        probe = earliest
        while probe < at:
            assert not allowed(probe, **context), (probe, slot)
            probe += timedelta(minutes=20)
    else:
        assert slot.reason.startswith("arrival")


@settings(max_examples=60, deadline=None, database=None)
@given(earliest=instants, zones=zone_sets, state=st.sampled_from(STATES))
def test_it_agrees_with_the_manual_send_check(earliest, zones, state):
    lead = LeadPlace(zones=zones, state=state)
    slot = when("sms", earliest, zones, state)
    assert slot is not None
    assert legal_window_open(kind="sms", at=slot.at, lead=lead, rules=RULES)[0]
    is_open, why = legal_window_open(kind="sms", at=earliest, lead=lead, rules=RULES)
    assert is_open == (slot.at == earliest) == legal_at(earliest, "sms", lead), why


# --- daylight saving time -------------------------------------------------------------------


@pytest.mark.parametrize("zone", [CHICAGO, NEW_YORK])
@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1)])
def test_it_opens_at_exactly_8am_lead_local_on_dst_days(zone, day):
    tz = ZoneInfo(zone)
    opens = datetime.combine(day, time(8), tz).astimezone(UTC)
    # From 01:30 (before spring-forward; in fall-back's repeated hour), and from the evening
    # before: the window opens at 08:00 of the day's new offset.
    for earliest in (datetime.combine(day, time(1, 30), tz),
                     datetime.combine(day - timedelta(days=1), time(21, 30), tz)):  # fmt: skip
        slot = when("sms", earliest, (zone,))
        assert slot.at == opens
        assert slot.at.astimezone(tz).strftime("%H:%M") == "08:00"
        assert "legal window opens 08:00 lead-local" in slot.reason
    day_before = when("sms", datetime.combine(day - timedelta(days=1), time(5), tz), (zone,))
    # In UTC the opening moves by the hour the clocks moved.
    assert opens - day_before.at == timedelta(hours=23 if day.month == 3 else 25)


def test_it_closes_at_9pm_lead_local_on_the_fall_back_day():
    slot = when("sms", local(NEW_YORK, 2026, 11, 1, 20, 59), (NEW_YORK,))
    assert slot.reason == "arrival; legal window"
    closed, why = legal_window_open(
        kind="sms", at=local(NEW_YORK, 2026, 11, 1, 21, 0), lead=LeadPlace((NEW_YORK,), ""),
        rules=RULES,
    )  # fmt: skip
    assert (closed, why) == (False, "legal window closed 21:00 lead-local; it is 21:00")
    nxt = when("sms", local(NEW_YORK, 2026, 11, 1, 21, 0), (NEW_YORK,))
    assert nxt.at == datetime(2026, 11, 2, 13, 0, tzinfo=UTC)  # 08:00 EST


def test_it_calls_at_agent_opening_on_the_spring_forward_sunday():
    firm = firm_hours(CHICAGO, days=("sun",), hours=(time(9), time(17)))
    slot = when("call", local(CHICAGO, 2026, 3, 8, 0, 30), (NEW_YORK,), firm=firm)
    assert slot.at == datetime(2026, 3, 8, 14, 0, tzinfo=UTC)  # 09:00 CDT, 10:00 EDT
    assert slot.reason == (
        "next allowed: legal window opens 08:00 lead-local; agent hours open 09:00 firm-local"
    )


# --- holidays and business days -------------------------------------------------------------


def test_it_skips_thanksgiving_for_a_call_but_not_for_a_text():
    firm = firm_hours(CHICAGO, calendars=("US",))
    thanksgiving_10am = local(CHICAGO, 2026, 11, 26, 10, 0)
    call = when("call", thanksgiving_10am, (CHICAGO,), "IL", firm=firm)
    assert call.at == local(CHICAGO, 2026, 11, 27, 8, 30).astimezone(UTC)
    assert call.reason == (
        "next allowed: firm closed: Thanksgiving Day; "
        "agent hours open 08:30 firm-local on Fri 2026-11-27"
    )
    sms = when("sms", thanksgiving_10am, (CHICAGO,), "IL", firm=firm)
    assert (sms.at, sms.reason) == (thanksgiving_10am, "arrival; legal window")


def test_it_skips_the_observed_july_4th_and_the_weekend():
    firm = firm_hours(NEW_YORK, calendars=("US",))
    slot = when("call", local(NEW_YORK, 2026, 7, 2, 19, 0), (NEW_YORK,), firm=firm)
    assert slot.at == local(NEW_YORK, 2026, 7, 6, 8, 30)
    assert "Independence Day (observed)" in slot.reason
    assert not is_business_day(firm, date(2026, 7, 3))


def test_it_counts_business_days_across_the_christmas_weekend():
    firm = firm_hours(CHICAGO, calendars=("US-IL",))
    assert add_business_days(firm, date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_business_days(firm, date(2026, 12, 24), 3) == date(2026, 12, 30)
    closed = firm_hours(CHICAGO, calendars=("US-IL",), closures=frozenset({date(2026, 12, 28)}))
    assert add_business_days(closed, date(2026, 12, 24), 1) == date(2026, 12, 29)
    seven_days = firm_hours(CHICAGO, days=WEEKDAYS, calendars=("US",))
    assert add_business_days(seven_days, date(2026, 12, 24), 1) == date(2026, 12, 26)
    with pytest.raises(ValueError, match="n must be at least 1"):
        add_business_days(firm, date(2026, 12, 24), 0)


def test_it_knows_a_business_day():
    firm = firm_hours(CHICAGO, calendars=("US-IL",), closures=frozenset({date(2026, 3, 4)}))
    assert is_business_day(firm, date(2026, 3, 3))
    assert not is_business_day(firm, date(2026, 3, 2))  # Casimir Pulaski Day, Illinois
    assert not is_business_day(firm, date(2026, 3, 4))  # the firm's closure
    assert not is_business_day(firm, date(2026, 3, 7))  # Saturday: no hours


# --- each state rule ------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["FL", "OK", "MD", "WA"])
def test_it_waits_for_the_morning_after_8pm_in_8_to_8_states(state):
    slot = when("sms", local(NEW_YORK, 2026, 3, 10, 20, 0), (NEW_YORK,), state)
    assert slot.at == local(NEW_YORK, 2026, 3, 11, 8, 0)
    assert slot.reason.startswith(f"next allowed: {state} window closed 20:00 lead-local")
    ok = when("sms", local(NEW_YORK, 2026, 3, 10, 19, 59), (NEW_YORK,), state)
    assert ok.reason == "arrival; legal window"


@pytest.mark.parametrize("state", ["FL", "OK", "MD"])
def test_it_holds_the_three_a_day_cap(state):
    earliest = local(NEW_YORK, 2026, 3, 10, 12, 0)
    recent = [earliest - timedelta(hours=h) for h in (1, 5, 22)]
    slot = when("sms", earliest, (NEW_YORK,), state, recent=recent)
    assert slot.at == recent[-1] + timedelta(hours=24)  # 14:00, when the oldest drops out
    assert slot.reason == f"next allowed: {state}: at most 3 calls and texts per 24 h"
    two = when("sms", earliest, (NEW_YORK,), state, recent=recent[:2])
    assert two.at == earliest
    no_cap = when("sms", earliest, (NEW_YORK,), "NY", recent=recent)
    assert no_cap.at == earliest


def test_it_opens_texas_at_noon_on_sunday_and_9_on_saturday():
    sunday = when("sms", local(CHICAGO, 2026, 3, 15, 10, 0), (CHICAGO,), "TX")
    assert sunday.at == local(CHICAGO, 2026, 3, 15, 12, 0)
    assert sunday.reason == "next allowed: TX Sunday window opens 12:00 lead-local"
    saturday = when("call", local(CHICAGO, 2026, 3, 14, 8, 30), (CHICAGO,), "TX")
    assert saturday.at == local(CHICAGO, 2026, 3, 14, 9, 0)
    assert saturday.reason == "next allowed: TX window opens 09:00 lead-local"


def test_it_keeps_connecticut_between_9_and_8():
    assert when("sms", local(NEW_YORK, 2026, 3, 10, 8, 30), (NEW_YORK,), "CT").at == local(
        NEW_YORK, 2026, 3, 10, 9, 0
    )
    assert when("sms", local(NEW_YORK, 2026, 3, 10, 20, 15), (NEW_YORK,), "CT").at == local(
        NEW_YORK, 2026, 3, 11, 9, 0
    )


@pytest.mark.parametrize("state", ["AL", "LA", "MS"])
def test_it_moves_a_sunday_touch_to_monday_in_al_la_ms(state):
    slot = when("call", local(CHICAGO, 2026, 3, 15, 11, 0), (CHICAGO,), state)
    assert slot.at == local(CHICAGO, 2026, 3, 16, 8, 0)
    assert slot.reason == (
        f"next allowed: {state}: no calls or texts on Sundays; "
        "legal window opens 08:00 lead-local on Mon 2026-03-16"
    )


@pytest.mark.parametrize(
    ("state", "zone", "holiday", "name"),
    [
        ("UT", "America/Denver", date(2026, 7, 24), "Pioneer Day"),
        ("PA", NEW_YORK, date(2026, 11, 27), "Day After Thanksgiving"),
        ("PA", NEW_YORK, date(2026, 4, 3), "Good Friday"),
        ("LA", CHICAGO, date(2026, 2, 17), "Mardi Gras"),
    ],
)
def test_it_skips_state_holidays_in_ut_pa_la(state, zone, holiday, name):
    earliest = datetime.combine(holiday, time(10), ZoneInfo(zone))
    slot = when("sms", earliest, (zone,), state)
    assert slot.at == datetime.combine(holiday + timedelta(days=1), time(8), ZoneInfo(zone))
    assert f"{state}: no calls or texts on holidays ({name})" in slot.reason
    assert when("sms", earliest, (zone,), "NY").at == earliest


def test_it_uses_the_intersection_of_a_florida_leads_two_zones():
    lead = (NEW_YORK, CHICAGO)
    morning = when("sms", local(CHICAGO, 2026, 3, 10, 7, 30), lead, "FL")
    assert morning.at == local(CHICAGO, 2026, 3, 10, 8, 0)  # 09:00 in Miami
    assert morning.reason == "next allowed: legal window opens 08:00 lead-local (America/Chicago)"
    evening = when("sms", local(CHICAGO, 2026, 3, 10, 19, 0), lead, "FL")  # 20:00 in Miami
    assert evening.at == local(CHICAGO, 2026, 3, 11, 8, 0)
    is_open, why = legal_window_open(
        kind="sms", at=local(CHICAGO, 2026, 3, 10, 19, 0), lead=LeadPlace(lead, "FL"), rules=RULES
    )
    assert (is_open, why) == (
        False, "FL window closed 20:00 lead-local; it is 20:00 in America/New_York"
    )  # fmt: skip


# --- kinds, spacing, limits -----------------------------------------------------------------


def test_it_lets_automated_touches_go_outside_agent_hours():
    office = firm_hours(CHICAGO)  # weekdays 08:30-18:00
    saturday_noon = local(CHICAGO, 2026, 3, 14, 12, 0)
    for kind in ("sms", "voicemail_drop"):
        assert when(kind, saturday_noon, (CHICAGO,), firm=office).at == saturday_noon
    call = when("call", saturday_noon, (CHICAGO,), firm=office)
    assert call.at == local(CHICAGO, 2026, 3, 16, 8, 30)
    email = when("email", local(CHICAGO, 2026, 3, 15, 3, 0), (CHICAGO,), "AL", firm=office)
    assert email.reason == "arrival; email may go at any hour"


def test_it_places_the_second_call_in_another_part_of_the_day():
    office = firm_hours(CHICAGO)
    next_morning = local(CHICAGO, 2026, 3, 3, 8, 30)
    slot = when("call", next_morning, (CHICAGO,), "IL", firm=office, avoid_near=time(10, 0))
    assert slot.at == local(CHICAGO, 2026, 3, 3, 13, 0)
    assert "at least 3 h from the earlier touch's 10:00 lead-local" in slot.reason
    afternoon = when("call", next_morning, (CHICAGO,), firm=office, avoid_near=time(16, 0))
    assert afternoon.at == next_morning


def test_a_second_call_before_the_first_ones_time_leaves_the_agent_room_to_dial():
    # California opens 08:00, exactly 3 h before a first call at 11:00: a call due at 08:00 is
    # made a little later, under 3 h from 11:00. It goes in the afternoon; a text, sent when it
    # is due, may go at 08:00; a call still goes in the morning when 3 h 30 min fit before.
    office = firm_hours(CHICAGO)
    friday = local(LOS_ANGELES, 2027, 4, 23, 0, 0)
    call = when("call", friday, (LOS_ANGELES,), "CA", firm=office, avoid_near=time(11, 0))
    assert call.at == local(LOS_ANGELES, 2027, 4, 23, 14, 0)
    assert "at least 3 h from the earlier touch's 11:00 lead-local" in call.reason
    text = when("sms", friday, (LOS_ANGELES,), "CA", firm=office, avoid_near=time(11, 0))
    assert text.at == local(LOS_ANGELES, 2027, 4, 23, 8, 0)
    later = when("call", friday, (LOS_ANGELES,), "CA", firm=office, avoid_near=time(11, 30))
    assert later.at == local(LOS_ANGELES, 2027, 4, 23, 8, 0)


def test_it_gives_up_after_the_horizon():
    sundays_only = firm_hours(CHICAGO, days=("sun",))
    assert when("call", local(CHICAGO, 2026, 3, 10, 9), (CHICAGO,), "AL", firm=sundays_only) is None
    assert when("sms", local(CHICAGO, 2026, 3, 10, 22), (CHICAGO,), horizon_days=0) is None


def test_it_rejects_what_it_cannot_time():
    with pytest.raises(ValueError, match="aware"):
        when("sms", datetime(2026, 3, 10, 12), (CHICAGO,))
    with pytest.raises(ValueError, match="recent touches must be aware"):
        when("sms", local(CHICAGO, 2026, 3, 10, 12), (CHICAGO,), recent=[datetime(2026, 3, 10)])
    with pytest.raises(ValueError, match="unknown kind of touch 'fax'"):
        when("fax", local(CHICAGO, 2026, 3, 10, 12), (CHICAGO,))
    with pytest.raises(ValueError, match="'Mars/Olympus' is not a known time zone"):
        LeadPlace(zones=("Mars/Olympus",), state="")
    with pytest.raises(ValueError, match="at least one candidate time zone"):
        LeadPlace(zones=(), state="FL")
    with pytest.raises(ValueError, match="holiday calendar 'US-ZZ'"):
        firm_hours(calendars=("US-ZZ",))


def test_it_reads_a_firms_hours(firm):
    firm.business_hours = {**firm.business_hours, "sat": ["10:00", "24:00"]}
    firm.holiday_calendars = ["US-IL"]
    hours = FirmHours.from_firm(firm, closures={date(2026, 12, 31)})
    assert hours.timezone == "America/Chicago"
    assert hours.business_hours["mon"] == (time(8, 30), time(18))
    assert hours.business_hours["sat"] == (time(10), END_OF_DAY)
    assert hours.business_hours["sun"] is None
    assert hours.holiday_calendars == ("US-IL",)
    assert not is_business_day(hours, date(2026, 12, 31))
    late = when("call", local(CHICAGO, 2026, 3, 14, 23, 30), (CHICAGO,), firm=hours)
    assert late.at == local(CHICAGO, 2026, 3, 16, 8, 30)  # the legal window closed at 21:00


def test_the_agents_next_opening_is_a_floor_under_every_call_slot():
    """Friday 19:00 in Chicago: the agents open Monday 08:30 (Monday 2026-03-09, after the
    switch to daylight time); a day the firm is closed pushes it to the next."""
    firm = firm_hours()
    friday_evening = local(CHICAGO, 2026, 3, 6, 19)
    opening = agent_hours_open(firm, friday_evening)
    assert opening == local(CHICAGO, 2026, 3, 9, 8, 30)
    assert agent_hours_open(firm, local(CHICAGO, 2026, 3, 9, 10)) == local(CHICAGO, 2026, 3, 9, 10)
    closed_monday = firm_hours(closures=frozenset({date(2026, 3, 9)}))
    assert agent_hours_open(closed_monday, friday_evening) == local(CHICAGO, 2026, 3, 10, 8, 30)
    # No lead's call slot is earlier, wherever the lead is.
    for zones in ((NEW_YORK,), (LOS_ANGELES,), (CHICAGO,), ("America/Denver", "America/Phoenix")):
        slot = when("call", friday_evening, zones, firm=firm)
        assert slot is not None and slot.at >= opening
