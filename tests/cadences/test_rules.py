"""The compliance rule table (PRODUCT.md §3) and a firm's overrides of it."""

from datetime import date, time

import pytest

from steadfast.compliance.rules import (
    FEDERAL_WINDOW,
    RULES_VERSION,
    STATE_RULES,
    WEEKDAYS,
    DayWindow,
    RuleSet,
    rules_for,
)
from steadfast.errors import Refused

RULES = rules_for()
MON, SAT, SUN = date(2026, 3, 9), date(2026, 3, 14), date(2026, 3, 15)


def window(state: str, day: date, kind: str = "call", rules: RuleSet = RULES) -> DayWindow:
    found = rules.window_on(kind=kind, state=state, day=day)
    assert found is not None
    return found


def hours(state: str, day: date, kind: str = "call") -> tuple[time, time] | None:
    found = window(state, day, kind)
    return None if found.start is None or found.end is None else (found.start, found.end)


def test_it_versions_the_table_by_date():
    assert date.fromisoformat(RULES_VERSION) == date(2026, 11, 27)
    assert rules_for().version == RULES_VERSION
    assert rules_for({}).version == RULES_VERSION
    assert rules_for({"IL": {"window": ["09:00", "20:00"]}}).version == RULES_VERSION + "+firm"


def test_it_uses_the_federal_window_where_no_state_rule_applies():
    assert (time(8), time(21)) == FEDERAL_WINDOW
    for state in ("", "NY", "IL", "CA"):
        assert hours(state, MON) == (time(8), time(21))
        assert hours(state, SUN, "sms") == (time(8), time(21))


@pytest.mark.parametrize("state", ["FL", "OK", "MD"])
def test_it_ends_fl_ok_md_at_8pm_and_caps_them_at_three_a_day(state):
    for day in (MON, SAT, SUN):
        assert hours(state, day) == (time(8), time(20))
        assert hours(state, day, "sms") == (time(8), time(20))
    assert RULES.cap(kind="sms", state=state) == (3, f"{state}: at most 3 calls and texts per 24 h")
    assert RULES.cap(kind="voicemail_drop", state=state) == RULES.cap(kind="call", state=state)


def test_it_opens_texas_at_9_on_weekdays_and_noon_on_sunday():
    assert hours("TX", MON) == (time(9), time(21))
    assert hours("TX", SAT, "sms") == (time(9), time(21))
    assert hours("TX", SUN) == (time(12), time(21))
    assert window("TX", SUN, "sms").opens == "TX Sunday window"


def test_it_keeps_connecticut_to_9_to_8_and_washington_to_8_to_8():
    assert hours("CT", SUN, "sms") == (time(9), time(20))
    assert hours("WA", MON) == (time(8), time(20))


@pytest.mark.parametrize("state", ["AL", "LA", "MS"])
def test_it_bans_sundays_in_al_la_ms(state):
    sunday = window(state, SUN, "sms")
    assert (sunday.start, sunday.banned) == (None, f"{state}: no calls or texts on Sundays")
    assert hours(state, MON) == (time(8), time(20))


@pytest.mark.parametrize(
    ("state", "holiday", "name"),
    [
        ("UT", date(2026, 7, 24), "Pioneer Day"),
        ("PA", date(2026, 11, 27), "Day After Thanksgiving"),
        ("PA", date(2026, 4, 3), "Good Friday"),
        ("PA", date(2027, 6, 14), "Flag Day"),
        ("PA", date(2027, 11, 2), "Election Day"),
        ("LA", date(2026, 2, 17), "Mardi Gras"),
        ("LA", date(2027, 1, 8), "Battle of New Orleans"),
        ("LA", date(2026, 11, 27), "Day After Thanksgiving"),
        ("UT", date(2026, 11, 26), "Thanksgiving Day"),
    ],
)
def test_it_bans_state_legal_holidays_in_ut_pa_la(state, holiday, name):
    closed = window(state, holiday)
    assert closed.start is None
    assert closed.banned == f"{state}: no calls or texts on holidays ({name})"
    # …while a state without a holiday rule calls as usual on the same day.
    assert hours("NY", holiday) == (time(8), time(21))


def test_it_cites_a_source_for_every_rule_and_only_narrows_the_federal_window():
    assert {"FL", "OK", "MD", "TX", "CT", "WA", "AL", "LA", "MS", "UT", "PA"} <= set(STATE_RULES)
    for rule in STATE_RULES.values():
        assert rule.source
        assert rule.applies_to == {"call", "sms"}
        for day in WEEKDAYS:
            span = rule.windows[day]
            if span is not None:
                assert FEDERAL_WINDOW[0] <= span[0] < span[1] <= FEDERAL_WINDOW[1]


def test_it_never_restricts_email():
    assert RULES.window_on(kind="email", state="AL", day=SUN) is None
    assert RULES.cap(kind="email", state="FL") is None


def test_it_applies_a_firms_state_override():
    rules = rules_for({"il": {"window": ["09:00", "20:00"]}})
    illinois = window("IL", MON, "call", rules)
    assert (illinois.start, illinois.end, illinois.opens) == (time(9), time(20), "IL window")
    assert "firm override" in rules.states["IL"].source
    assert rules_for().states.get("IL") is None  # the table itself is untouched


def test_it_keeps_a_states_day_bans_when_a_firm_sets_its_hours():
    rules = rules_for({"AL": {"window": ["09:00", "17:00"]}})
    assert window("AL", SUN, "call", rules).start is None
    assert window("AL", MON, "call", rules).start == time(9)


def test_it_applies_a_firm_wide_rule_on_top_of_every_state():
    rules = rules_for({"*": {"max_per_24h": 2, "window": ["10:00", "19:00"]}})
    assert rules.cap(kind="call", state="FL") == (
        2,
        "firm policy: at most 2 calls and texts per 24 h",
    )
    assert rules.cap(kind="sms", state="") == (2, "firm policy: at most 2 calls and texts per 24 h")
    texas_sunday = window("TX", SUN, "sms", rules)
    assert (texas_sunday.start, texas_sunday.end) == (time(12), time(19))
    assert window("NY", MON, "sms", rules).opens == "firm policy window"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"FL": {"window": ["08:00", "21:00"]}},
            r"^compliance_overrides\.FL: 08:00-21:00 on Mondays is wider than the 08:00-20:00 "
            r"of FL law \(Fla\. Stat\. 501\.616.*\); an override can only narrow it$",
        ),
        (
            {"FL": {"max_per_24h": None}},
            r"^compliance_overrides\.FL\.max_per_24h: no cap is looser than the 3 calls",
        ),
        ({"FL": {"max_per_24h": 5}}, r"^compliance_overrides\.FL\.max_per_24h: a cap of 5"),
        ({"FL": {"applies_to": ["call"]}}, r"^compliance_overrides\.FL\.applies_to: "),
        ({"NV": {"windows": {"sat": ["09:00", "21:00"]}}}, r"wider than the 09:00-20:00 of NV"),
        ({"FL": {"window": ["07:30", "21:00"]}}, r"compliance_overrides\.FL\.window: .*federal"),
    ],
)
def test_it_refuses_an_override_that_loosens_a_states_law(overrides, message):
    with pytest.raises(Refused, match=message):
        rules_for(overrides)


def test_it_lets_a_firm_be_stricter_than_a_states_law():
    stricter = rules_for({"FL": {"max_per_24h": 2, "window": ["09:00", "19:00"]}})
    assert stricter.cap(kind="call", state="FL") == (2, "FL: at most 2 calls and texts per 24 h")
    assert window("FL", MON, "call", stricter).end == time(19)
    assert window("FL", SUN, "call", rules_for({"FL": {"windows": {"sun": None}}})).start is None


def test_it_adds_a_proclaimed_holiday_for_a_state():
    rules = rules_for({"LA": {"extra_holidays": ["2026-12-28 Governor's proclamation"]}})
    proclaimed = window("LA", date(2026, 12, 28), "sms", rules)
    assert proclaimed.banned == "LA: no calls or texts on holidays (Governor's proclamation)"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (["IL"], r"^compliance_overrides: expected an object"),
        ({"ZZ": {}}, r"^compliance_overrides\.ZZ: not a two-letter US state"),
        ({"IL": "9-5"}, r"^compliance_overrides\.IL: expected an object"),
        ({"IL": {"hours": ["09:00", "20:00"]}}, r"^compliance_overrides\.IL\.hours: unknown"),
        ({"IL": {"window": ["9am", "20:00"]}}, r"^compliance_overrides\.IL\.window: '9am'"),
        ({"IL": {"window": ["20:00", "09:00"]}}, r"^compliance_overrides\.IL\.window: 20:00 is "),
        ({"IL": {"window": ["09:00"]}}, r"^compliance_overrides\.IL\.window: expected"),
        ({"TX": {"windows": {"sunday": None}}}, r"^compliance_overrides\.TX\.windows\.sunday"),
        ({"*": {"max_per_24h": 0}}, r"^compliance_overrides\.\*\.max_per_24h"),
        ({"*": {"max_per_24h": True}}, r"^compliance_overrides\.\*\.max_per_24h"),
        ({"UT": {"no_state_holidays": "no"}}, r"^compliance_overrides\.UT\.no_state_holidays"),
        ({"LA": {"extra_holidays": ["02-30 x"]}}, r"^compliance_overrides\.LA\.extra_holidays"),
        ({"IL": {"applies_to": ["email"]}}, r"^compliance_overrides\.IL\.applies_to"),
    ],
)
def test_it_rejects_a_bad_override_naming_the_key(overrides, message):
    with pytest.raises(Refused, match=message):
        rules_for(overrides)


def test_it_rejects_an_unknown_kind_of_touch():
    with pytest.raises(ValueError, match="unknown kind of touch 'fax'"):
        window("FL", MON, "fax")
