"""The compliance rule table: when calls and texts may reach a lead (PRODUCT.md §3).

The rules are data, versioned by RULES_VERSION, each value with its source in a comment. A firm
may override them (Firm.compliance_overrides) through `rules_for`; the planner records
`RuleSet.version` with every touch it plans, so a touch's time can be explained later.

Values come from the compliance research notes (state calling-hours table, §2.1). Where the
sources disagree the conservative value is encoded; rows marked UNVERIFIED come from commercial
calling-hours charts only and need counsel's confirmation against the statute.

Overrides, e.g. {"IL": {"window": ["09:00", "20:00"]}, "*": {"max_per_24h": 2}}:
  - a state key edits that state's row (a firm's counsel may narrow it, or relax it, but never
    beyond the federal window): "window" sets the hours of every day the rule allows, "windows"
    sets single days ({"sun": null} bans Sundays), plus "no_state_holidays", "max_per_24h",
    "extra_holidays" and "applies_to";
  - "*" is the firm's own policy for every lead, on top of the law: it can only narrow.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from types import MappingProxyType
from typing import Any

import holidays

from steadfast.errors import Refused

RULES_VERSION = "2026-11-27"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = dict(
    zip(
        WEEKDAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)
# Which channel of the rule table a kind of touch is: a voicemail drop is a call.
KIND_CHANNEL = {"call": "call", "voicemail_drop": "call", "sms": "sms", "email": "email"}
CHANNELS = frozenset({"call", "sms"})
# The states, DC and the territories, as the holidays library knows them.
JURISDICTIONS = frozenset(holidays.US.subdivisions)

Window = tuple[time, time]

# 47 CFR 64.1200(c)(1): no telephone solicitation "before the hour of 8 a.m. or after 9 p.m.
# (local time at the called party's location)"; the FTC Telemarketing Sales Rule, 16 CFR
# 310.4(c), sets the same hours. Enforced for every call and text, inquiry or not: the (f)(15)
# carve-out for invited calls is not relied on (quiet-hours suits over texts are common).
FEDERAL_WINDOW: Window = (time(8, 0), time(21, 0))
FEDERAL_SOURCE = "47 CFR 64.1200(c)(1); 16 CFR 310.4(c)"


def parse_hhmm(text: Any) -> time:
    """'08:30' → time(8, 30)."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(text).strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{text!r} is not a time like 08:30")
    return time(int(match.group(1)), int(match.group(2)))


# --- holidays -------------------------------------------------------------------------------


@functools.cache
def _calendar(
    country: str, subdiv: str | None, year: int, categories: tuple[str, ...] = ("public",)
) -> Mapping[date, str]:
    """One year of a holidays-library calendar, observed days included (cached, read-only)."""
    found = holidays.country_holidays(country, subdiv=subdiv, years=year, categories=categories)
    return MappingProxyType(dict(found))


def calendar_holiday(country: str, subdiv: str | None, day: date) -> str | None:
    """The name of the holiday on `day` in a holidays-library calendar, or None."""
    return _calendar(country, subdiv, day.year).get(day)


def _good_friday(year: int) -> date:
    unofficial = _calendar("US", None, year, ("unofficial",))
    return next(d for d, name in unofficial.items() if name == "Good Friday")


def _election_day(year: int) -> date:
    # 2 U.S.C. 7: the Tuesday next after the first Monday in November.
    first_possible = date(year, 11, 2)
    return first_possible + timedelta(days=(1 - first_possible.weekday()) % 7)


def _day_after_thanksgiving(year: int) -> date:
    federal = _calendar("US", None, year)
    return next(d for d, name in federal.items() if name == "Thanksgiving Day") + timedelta(1)


# Moving holidays a state's law lists but the holidays library's calendar for it lacks.
_MOVING_HOLIDAYS = {
    "good_friday": ("Good Friday", _good_friday),
    "election_day": ("Election Day", _election_day),
    "day_after_thanksgiving": ("Day After Thanksgiving", _day_after_thanksgiving),
}
_FIXED_DAY = re.compile(r"(\d{2})-(\d{2})(?:\s+(.+))?")
_ONE_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:\s+(.+))?")


def _extra_holiday_on(spec: str, day: date) -> str | None:
    """Whether `day` is the extra holiday `spec`: "MM-DD Name" every year, "YYYY-MM-DD Name"
    once (a governor's proclamation, a declared emergency), or a moving holiday's key."""
    if spec in _MOVING_HOLIDAYS:
        name, on = _MOVING_HOLIDAYS[spec]
        return name if on(day.year) == day else None
    if match := _ONE_DAY.fullmatch(spec):
        when = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return (match.group(4) or spec) if when == day else None
    if match := _FIXED_DAY.fullmatch(spec):
        month, dom = int(match.group(1)), int(match.group(2))
        return (match.group(3) or spec) if (day.month, day.day) == (month, dom) else None
    raise Refused(
        f"{spec!r} is not a holiday like '06-14 Flag Day', '2026-12-26 Proclamation'"
        f" or one of {', '.join(sorted(_MOVING_HOLIDAYS))}"
    )


def _check_extra_holiday(spec: Any) -> str:
    example = "like '06-14 Flag Day', '2026-12-26 Proclamation'"
    if not isinstance(spec, str):
        raise Refused(f"{spec!r} is not a holiday {example}")
    spec = spec.strip()
    if spec in _MOVING_HOLIDAYS:
        return spec
    one_day, fixed_day = _ONE_DAY.fullmatch(spec), _FIXED_DAY.fullmatch(spec)
    if one_day:
        year, month, dom = (int(g) for g in one_day.groups()[:3])
    elif fixed_day:
        year, month, dom = 2028, int(fixed_day.group(1)), int(fixed_day.group(2))  # leap year
    else:
        raise Refused(
            f"{spec!r} is not a holiday {example} or one of {', '.join(sorted(_MOVING_HOLIDAYS))}"
        )
    try:
        date(year, month, dom)
    except ValueError:
        raise Refused(f"{spec!r} is not a real calendar day") from None
    return spec


def state_holiday(state: str, day: date, extra: Iterable[str] = ()) -> str | None:
    """The name of the state legal holiday on `day` (holidays library, subdiv=state, observed
    days included) or of one of the `extra` holidays, or None."""
    for spec in extra:
        if name := _extra_holiday_on(spec, day):
            return name
    if state in JURISDICTIONS:
        return calendar_holiday("US", state, day)
    return None


# --- the rule of one state ------------------------------------------------------------------


@dataclass(frozen=True)
class StateRule:
    """A state's narrowing of the federal window, its banned days and its frequency cap."""

    state: str  # two letters, or "*" for a firm's own rule over every lead
    windows: Mapping[str, Window | None]  # "mon".."sun" → lead-local (start, end); None = banned
    no_state_holidays: bool = False  # no calls/texts on the state's legal holidays
    max_per_24h: int | None = None  # calls + texts to one person in any rolling 24 hours
    applies_to: frozenset[str] = CHANNELS  # email is never time-restricted
    source: str = ""
    # Banned days beyond the library's calendar: "MM-DD Name", "YYYY-MM-DD Name" or a moving
    # holiday key (good_friday, election_day, day_after_thanksgiving).
    extra_holidays: tuple[str, ...] = ()
    verified: bool = True  # False: chart values only, the statute was not seen

    def __post_init__(self) -> None:
        if set(self.windows) != set(WEEKDAYS):
            raise Refused(f"{self.state}: windows need an entry for each of mon..sun")
        for day, window in self.windows.items():
            if window is None:
                continue
            start, end = window
            if not start < end:
                raise Refused(f"{self.state} {day}: {start:%H:%M} is not before {end:%H:%M}")
            if start < FEDERAL_WINDOW[0] or end > FEDERAL_WINDOW[1]:
                raise Refused(
                    f"{self.state} {day}: {start:%H:%M}-{end:%H:%M} reaches outside the federal "
                    f"window 08:00-21:00 ({FEDERAL_SOURCE}); a state rule can only narrow it"
                )
        if not self.applies_to or not self.applies_to <= CHANNELS:
            raise Refused(f"{self.state}: applies_to must be some of call, sms")
        if self.max_per_24h is not None and self.max_per_24h < 1:
            raise Refused(f"{self.state}: max_per_24h must be at least 1")
        for spec in self.extra_holidays:
            _check_extra_holiday(spec)
        object.__setattr__(self, "windows", MappingProxyType(dict(self.windows)))

    def window(self, day: date) -> Window | None:
        return self.windows[WEEKDAYS[day.weekday()]]

    def label(self, who: str, day: date) -> str:
        """How reasons name this rule's window on `day`: "TX window", or "TX Sunday window"
        when that day's hours differ from the rule's usual ones."""
        allowed = [w for w in self.windows.values() if w is not None]
        usual = max(allowed, key=allowed.count) if allowed else None
        if self.window(day) == usual:
            return f"{who} window"
        return f"{who} {DAY_NAMES[WEEKDAYS[day.weekday()]]} window"


def _span(text: str) -> Window:
    start, end = text.split("-")
    return parse_hhmm(start), parse_hhmm(end)


def _rule(
    state: str, hours: str, *, source: str, closed: tuple[str, ...] = (), **days: str
) -> StateRule:
    """A row of the table: the same hours every day, except the `days` given and the days
    `closed`."""
    windows: dict[str, Window | None] = {d: _span(hours) for d in WEEKDAYS}
    windows.update({d: _span(h) for d, h in days.items()})
    windows.update(dict.fromkeys(closed))
    return StateRule(state=state, windows=windows, source=source)


_STATE_RULES: list[StateRule] = [
    # Fla. Stat. 501.616(6)(a)-(b) as amended by SB 1120 (2021): 8 a.m.-8 p.m. and at most 3
    # "commercial telephone solicitation phone calls" per 24 hours on the same subject, whatever
    # number is used; 501.604's exemptions do not reach 501.616(6). Texts: the FTSA (501.059)
    # counts texts and voicemails as telephonic sales calls.
    replace(
        _rule(
            "FL",
            "08:00-20:00",
            source="Fla. Stat. 501.616(6)(a)-(b) (SB 1120, 2021); texts: Fla. Stat. 501.059",
        ),
        max_per_24h=3,
    ),
    # Oklahoma Telephone Solicitation Act, 15 O.S. 775C (eff. 2022-11-01): 8 a.m.-8 p.m., at
    # most 3 commercial telephonic sales calls (call, text or voicemail, 775C.2) per 24 hours.
    replace(
        _rule("OK", "08:00-20:00", source="15 O.S. 775C (Oklahoma Telephone Solicitation Act)"),
        max_per_24h=3,
    ),
    # Maryland Stop the Spam Calls Act of 2023 (SB 90), eff. 2024-01-01 (one source says 2023;
    # it was signed 2023-05-03): 8 a.m.-8 p.m., at most 3 calls or texts per 24 hours.
    replace(
        _rule(
            "MD",
            "08:00-20:00",
            source="Md. Stop the Spam Calls Act of 2023 (SB 90), eff. 2024-01-01",
        ),
        max_per_24h=3,
    ),
    # RCW 80.36.390 (HB 1497, eff. 2022-06-09): 8 a.m.-8 p.m. It excludes calls "in response to
    # a request or inquiry by the called party"; not relied on by default (counsel may relax).
    _rule("WA", "08:00-20:00", source="RCW 80.36.390 (HB 1497, 2022)"),
    # Tex. Bus. & Com. Code ch. 301: 9 a.m.-9 p.m. Mon-Sat, noon-9 p.m. Sunday; texts covered
    # since SB 140 (eff. 2025-09-01). CONFLICT: one source says 9-9 Central with no Sunday rule;
    # the narrower reading is encoded.
    _rule(
        "TX",
        "09:00-21:00",
        sun="12:00-21:00",
        source="Tex. Bus. & Com. Code ch. 301; texts: SB 140, eff. 2025-09-01",
    ),
    # Conn. SB 1058, Public Act 23-98 (eff. 2023-10-01): 9 a.m.-8 p.m., texts included. Older
    # charts still show 9-9 (outdated).
    _rule("CT", "09:00-20:00", source="Conn. Public Act 23-98 (SB 1058), eff. 2023-10-01"),
    # Ala. Admin. Code r. 770-X-5-.17(1)(b): 8 a.m.-8 p.m., none on Sundays or state holidays
    # (a holiday on Saturday moves to Friday, on Sunday to Monday: Ala. Code 1-3-8, which is
    # what the holidays library observes). DISPUTED: one source says the APSC rule binds only
    # telephone utilities; charts apply it to every caller, and so does Steadfast.
    replace(
        _rule(
            "AL",
            "08:00-20:00",
            closed=("sun",),
            source="Ala. Admin. Code r. 770-X-5-.17(1)(b) (applicability disputed)",
        ),
        no_state_holidays=True,
    ),
    # Louisiana PSC General Order R-29617 §V(A)(2), La. R.S. 45:811: 8 a.m.-8 p.m. Mon-Sat, none
    # on Sundays, LPSC-listed legal holidays or declared states of emergency, consent or not.
    # The library's LA calendar has Mardi Gras, Good Friday and Election Day; the LPSC list also
    # names the Battle of New Orleans (Jan 8) and the day after Thanksgiving. Governor's
    # proclamations and emergencies are one-off: a firm adds them with "extra_holidays".
    replace(
        _rule(
            "LA",
            "08:00-20:00",
            closed=("sun",),
            source="LPSC General Order R-29617 §V(A)(2); La. R.S. 45:811",
        ),
        no_state_holidays=True,
        extra_holidays=("01-08 Battle of New Orleans", "day_after_thanksgiving"),
    ),
    # Miss. Code 77-3-723(1): "No telephone solicitations may be made on a Sunday". Hours: the
    # statute (77-3-603) says 8 a.m.-9 p.m., charts say 8-8; 8-8 is encoded. The holiday ban
    # was lifted in 2023 (HB 1225; the PSC repealed its rules).
    _rule(
        "MS",
        "08:00-20:00",
        closed=("sun",),
        source="Miss. Code 77-3-723(1) (Sunday); 77-3-603 (hours; charts say 8 p.m.)",
    ),
    # Utah Code 13-25a-103: 8 a.m.-9 p.m., none on Sundays or legal holidays, for calls made
    # without prior express consent; enforced regardless of consent by default.
    replace(
        _rule("UT", "08:00-21:00", closed=("sun",), source="Utah Code 13-25a-103"),
        no_state_holidays=True,
    ),
    # Pennsylvania Telemarketer Registration Act as amended by Act 73 of 2019 (eff. 2019-12-03):
    # 8 a.m.-9 p.m., none on legal holidays, which include Good Friday, Flag Day and Election
    # Day (not in the library's PA calendar). A Sunday window (1:30-9 p.m.) is cited by charts
    # but was not confirmed: UNVERIFIED, not encoded.
    replace(
        _rule(
            "PA",
            "08:00-21:00",
            source="Pa. Telemarketer Registration Act, as amended by Act 73 of 2019",
        ),
        no_state_holidays=True,
        extra_holidays=("good_friday", "06-14 Flag Day", "election_day"),
    ),
    # R.I. Gen. Laws 5-61-3.6: charts say 9 a.m.-6 p.m. Mon-Fri, 10 a.m.-5 p.m. Sat, none on
    # Sundays or holidays. CONFLICT: the RI Attorney General's page says 8 a.m.-9 p.m. daily;
    # the restrictive chart values are encoded until counsel confirms.
    replace(
        _rule(
            "RI",
            "09:00-18:00",
            sat="10:00-17:00",
            closed=("sun",),
            source="R.I. Gen. Laws 5-61-3.6 (chart values; RI AG says 8-9 daily)",
        ),
        no_state_holidays=True,
        verified=False,
    ),
    # Chart-only rows (Drop Cowboy, Nov 2025; ClickPoint, July 2025): UNVERIFIED statutes.
    replace(
        _rule("KY", "10:00-21:00", source="calling-hours charts; KRS 367.46955 not seen"),
        verified=False,
    ),
    replace(
        _rule("MA", "08:00-20:00", source="calling-hours charts; statute not seen"), verified=False
    ),
    replace(
        _rule("MI", "09:00-21:00", source="calling-hours charts; statute not seen"), verified=False
    ),
    replace(
        _rule("MN", "09:00-21:00", source="calling-hours charts; statute not seen"), verified=False
    ),
    replace(
        _rule("NV", "09:00-20:00", source="calling-hours charts; statute not seen"), verified=False
    ),
    replace(
        _rule("NM", "09:00-21:00", source="calling-hours charts; statute not seen"), verified=False
    ),
    # Not encoded:
    # - IL: charts disagree (8-9, or 9-9 for prerecorded/autodialed calls only); a firm narrows
    #   it with an override, e.g. {"IL": {"window": ["09:00", "21:00"]}}.
    # - VA (Va. Code 59.1-510 et seq.) and AZ: the federal window.
    # - ME: 1 autodialed solicitation per 8 hours (chart only); the table caps per 24 hours.
    # - NE: prerecorded messages 1-9 p.m. on Sundays and holidays (Neb. Admin. Code Tit. 291
    #   ch. 11 §3, chart only).
]
STATE_RULES: Mapping[str, StateRule] = MappingProxyType({r.state: r for r in _STATE_RULES})


# --- the rule set the engine uses -----------------------------------------------------------


@dataclass(frozen=True)
class DayWindow:
    """The legal window on one lead-local day; start None means no calls/texts that day."""

    start: time | None
    end: time | None
    opens: str = "legal window"  # which rule sets the opening, for reasons
    closes: str = "legal window"  # which rule sets the closing
    banned: str = ""  # why there is no window that day


@dataclass(frozen=True)
class RuleSet:
    version: str
    federal: Window = FEDERAL_WINDOW
    states: Mapping[str, StateRule] = field(default_factory=lambda: STATE_RULES)
    firm_wide: StateRule | None = None  # the firm's "*" policy, over every lead

    def _layers(self, state: str, kind: str, firm_policy: bool) -> list[tuple[str, StateRule]]:
        channel = channel_of(kind)
        layers = [(state, self.states.get(state))]
        if firm_policy:
            layers.append(("firm policy", self.firm_wide))
        return [(who, r) for who, r in layers if r is not None and channel in r.applies_to]

    def has_rule(self, *, kind: str, state: str) -> bool:
        """Whether `state` has a row of its own for this kind of touch (beyond the federal)."""
        return bool(state) and bool(self._layers(state, kind, firm_policy=False))

    def window_on(
        self, *, kind: str, state: str, day: date, firm_policy: bool = True
    ) -> DayWindow | None:
        """The legal window for a `kind` of touch to a lead of `state` on a lead-local `day`;
        None when that kind is never time-restricted (email). `firm_policy=False` leaves out
        the firm's own "*" rule (for a state that applies beside the lead's own, which the
        firm policy already covers)."""
        if channel_of(kind) == "email":
            return None
        start, end = self.federal
        opens = closes = "legal window"
        for who, rule in self._layers(state, kind, firm_policy):
            window = rule.window(day)
            weekday = WEEKDAYS[day.weekday()]
            if window is None:
                return DayWindow(
                    None, None, banned=f"{who}: no calls or texts on {DAY_NAMES[weekday]}s"
                )
            extra = rule.extra_holidays
            holiday = state_holiday(state if rule.no_state_holidays else "", day, extra)
            if holiday:
                return DayWindow(
                    None, None, banned=f"{who}: no calls or texts on holidays ({holiday})"
                )
            label = rule.label(who, day)
            if window[0] > start:
                start, opens = window[0], label
            if window[1] < end:
                end, closes = window[1], label
        if start >= end:
            return DayWindow(None, None, banned=f"no allowed hours on {day:%A %Y-%m-%d}")
        return DayWindow(start, end, opens=opens, closes=closes)

    def cap(self, *, kind: str, state: str, also: tuple[str, ...] = ()) -> tuple[int, str] | None:
        """The tightest rolling-24-hour cap on calls + texts to a lead of `state` (and of the
        states in `also`, which apply beside it: a phone's area-code state), and whose."""
        layers = self._layers(state, kind, True)
        for other in also:
            layers += self._layers(other, kind, False)
        caps = [(r.max_per_24h, who) for who, r in layers if r.max_per_24h is not None]
        if not caps:
            return None
        most, who = min(caps)
        return most, f"{who}: at most {most} calls and texts per 24 h"


def channel_of(kind: str) -> str:
    try:
        return KIND_CHANNEL[kind]
    except KeyError:  # a bug in the caller, not a person's input
        raise ValueError(
            f"unknown kind of touch {kind!r}; expected one of {', '.join(KIND_CHANNEL)}"
        ) from None


DEFAULT_RULES = RuleSet(version=RULES_VERSION)

_OVERRIDE_FIELDS = (
    "window",
    "windows",
    "no_state_holidays",
    "max_per_24h",
    "extra_holidays",
    "applies_to",
)


def rules_for(overrides: Mapping[str, Any] | None = None) -> RuleSet:
    """The rule set for a firm: the table, with the firm's overrides (Firm.compliance_overrides)
    applied. Refuses an override it cannot read or that loosens the law, naming the key
    (errors.Refused); the table itself is never changed."""
    if not overrides:
        return DEFAULT_RULES
    if not isinstance(overrides, Mapping):
        raise Refused(
            "compliance_overrides: expected an object keyed by state, like "
            '{"IL": {"window": ["09:00", "20:00"]}}'
        )
    states = dict(STATE_RULES)
    firm_wide = None
    for key, spec in overrides.items():
        code = str(key).strip().upper()
        if code == "*":
            open_rule = StateRule("*", dict.fromkeys(WEEKDAYS, FEDERAL_WINDOW), source="firm")
            firm_wide = _overridden(
                open_rule, f"compliance_overrides.{key}", spec, narrow_only=True
            )
        elif code in JURISDICTIONS:
            path = f"compliance_overrides.{key}"
            law = STATE_RULES.get(code)
            if law is None:
                base = StateRule(
                    code, dict.fromkeys(WEEKDAYS, FEDERAL_WINDOW), source=FEDERAL_SOURCE
                )
                states[code] = _overridden(base, path, spec, narrow_only=False)
            else:
                # A state the table encodes: the firm may be stricter than its law, never
                # looser (its counsel cannot waive a statute for the firm).
                states[code] = _overridden(law, path, spec, narrow_only=False)
                _refuse_loosening(law, states[code], path)
        else:
            raise Refused(f"compliance_overrides.{key}: not a two-letter US state or '*'")
    return RuleSet(
        version=f"{RULES_VERSION}+firm", states=MappingProxyType(states), firm_wide=firm_wide
    )


def _overridden(base: StateRule, path: str, spec: Any, *, narrow_only: bool) -> StateRule:
    if not isinstance(spec, Mapping):
        raise Refused(f'{path}: expected an object like {{"window": ["09:00", "20:00"]}}')
    windows = dict(base.windows)
    changes: dict[str, Any] = {}
    for name, value in spec.items():
        where = f"{path}.{name}"
        if name == "window":
            window = _override_window(where, value)
            windows = {d: (window if w is not None else None) for d, w in windows.items()}
        elif name == "windows":
            if not isinstance(value, Mapping):
                raise Refused(f'{where}: expected an object like {{"sun": null}}')
            for day, span in value.items():
                if day not in WEEKDAYS:
                    raise Refused(f"{where}.{day}: not a day; expected one of mon..sun")
                windows[day] = _override_window(f"{where}.{day}", span)
        elif name == "no_state_holidays":
            if not isinstance(value, bool):
                raise Refused(f"{where}: expected true or false, got {value!r}")
            if narrow_only and not value:
                continue  # the firm's own rule adds bans; it cannot lift the law's
            changes[name] = value
        elif name == "max_per_24h":
            if value is not None and (type(value) is not int or value < 1):
                raise Refused(
                    f"{where}: expected a whole number of at least 1, or null; got {value!r}"
                )
            changes[name] = value
        elif name == "extra_holidays":
            if not isinstance(value, list | tuple):
                raise Refused(f"{where}: expected a list like ['2026-12-26 Proclamation']")
            try:
                extra = tuple(_check_extra_holiday(v) for v in value)
            except Refused as exc:
                raise Refused(f"{where}: {exc}") from None
            # Added to the state's own, never in their place.
            changes[name] = (*base.extra_holidays, *extra)
        elif name == "applies_to":
            if not isinstance(value, list | tuple) or not value or not set(value) <= CHANNELS:
                raise Refused(f"{where}: expected a list of call and/or sms, got {value!r}")
            changes[name] = frozenset(value)
        else:
            raise Refused(
                f"{where}: unknown setting; expected one of {', '.join(_OVERRIDE_FIELDS)}"
            )
    changed = ", ".join(str(name) for name in spec)
    return replace(
        base, windows=windows, source=f"{base.source}; firm override: {changed}", **changes
    )


def _refuse_loosening(law: StateRule, rule: StateRule, path: str) -> None:
    """Raise ValueError naming the first way `rule` allows more than the state's `law`."""
    why = f"{law.state} law ({law.source}); an override can only narrow it"
    for day in WEEKDAYS:
        allowed, wanted = law.windows[day], rule.windows[day]
        if wanted is None:
            continue
        if allowed is None:
            raise Refused(f"{path}: calls and texts on {DAY_NAMES[day]}s are banned by {why}")
        if wanted[0] < allowed[0] or wanted[1] > allowed[1]:
            raise Refused(
                f"{path}: {wanted[0]:%H:%M}-{wanted[1]:%H:%M} on {DAY_NAMES[day]}s is wider "
                f"than the {allowed[0]:%H:%M}-{allowed[1]:%H:%M} of {why}"
            )
    if law.max_per_24h is not None and (
        rule.max_per_24h is None or rule.max_per_24h > law.max_per_24h
    ):
        cap = "no cap" if rule.max_per_24h is None else f"a cap of {rule.max_per_24h}"
        raise Refused(
            f"{path}.max_per_24h: {cap} is looser than the {law.max_per_24h} calls and texts "
            f"per 24 hours of {why}"
        )
    if law.no_state_holidays and not rule.no_state_holidays:
        raise Refused(f"{path}.no_state_holidays: the holiday ban is part of {why}")
    if not law.applies_to <= rule.applies_to:
        raise Refused(
            f"{path}.applies_to: {', '.join(sorted(law.applies_to))} are all covered by {why}"
        )
    missing = set(law.extra_holidays) - set(rule.extra_holidays)
    if missing:
        raise Refused(f"{path}.extra_holidays: {', '.join(sorted(missing))} is part of {why}")


def _override_window(where: str, value: Any) -> Window | None:
    if value is None:
        return None
    if not (isinstance(value, list | tuple) and len(value) == 2):
        raise Refused(f'{where}: expected ["HH:MM", "HH:MM"] or null, got {value!r}')
    try:
        start, end = parse_hhmm(value[0]), parse_hhmm(value[1])
    except ValueError as exc:
        raise Refused(f"{where}: {exc}") from None
    if start >= end:
        raise Refused(f"{where}: {value[0]} is not before {value[1]}")
    if start < FEDERAL_WINDOW[0] or end > FEDERAL_WINDOW[1]:
        raise Refused(
            f"{where}: {value[0]}-{value[1]} reaches outside the federal window "
            f"08:00-21:00 ({FEDERAL_SOURCE}); a rule can only narrow it"
        )
    return start, end
