"""When may the next touch reach a lead, and why (PRODUCT.md §1, §3).

A pure function of plain values: no database and no clock, so the planner, the simulator and
the tests drive the same code. The caller passes `earliest` (its own `now`, or a step's anchor).

Time zones: every instant is an aware datetime and is compared in UTC. Windows are wall-clock
times of one zone's day, turned into instants with zoneinfo for that very date, so an 08:00
opening is 08:00 lead-local on a spring-forward or fall-back day too. (Two datetimes that share
a tzinfo compare by wall clock, ignoring the fold — hence the conversion to UTC first.)

The search: each rule (the legal window in each of the lead's candidate zones, agent hours,
the rolling cap, the part-of-day spacing) answers "the earliest instant at or after t where I
hold". Jumping t forward to each answer in turn until no rule moves it finds the earliest
instant where all of them hold, because no rule ever jumps past an instant it allows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from steadfast.compliance.contact_window import ContactWindow
from steadfast.compliance.rules import (
    WEEKDAYS,
    RuleSet,
    calendar_holiday,
    channel_of,
    parse_hhmm,
)

# Business hours may close at "24:00" (Firm.business_hours allows it): end of day.
END_OF_DAY = time.max
CAP_WINDOW = timedelta(hours=24)
# PRODUCT.md §1 step 4: the second call in a different part of the day, >= 3 h apart.
PART_OF_DAY = timedelta(hours=3)
# A person makes a call a little after it is due (an agent ends another call, opens the lead):
# a call is planned with this much room to make it. Due at least this long before the agents
# leave; and when it comes before the time of day it keeps away from, due this much earlier
# than 3 h before it, so the call as made is still 3 h away.
ROOM_TO_CALL = timedelta(minutes=30)
_DAY = timedelta(days=1)
_CALENDAR = re.compile(r"([A-Z]{2})(?:-([A-Z0-9]{1,3}))?")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not a known time zone") from None


@dataclass(frozen=True)
class FirmHours:
    """A firm's agent hours: business hours in its zone, minus holidays and closures."""

    timezone: str
    business_hours: Mapping[str, tuple[time, time] | None]  # "mon".."sun"; END_OF_DAY = 24:00
    holiday_calendars: tuple[str, ...]  # "US" = federal; "US-IL" = federal + Illinois
    closures: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        _zone(self.timezone)
        if set(self.business_hours) != set(WEEKDAYS):
            raise ValueError("business hours need an entry for each of mon..sun")
        for day, hours in self.business_hours.items():
            if hours is not None and not hours[0] < hours[1]:
                raise ValueError(f"business hours {day}: opening is not before closing")
        for calendar in self.holiday_calendars:
            _parse_calendar(calendar)
        object.__setattr__(self, "business_hours", MappingProxyType(dict(self.business_hours)))
        object.__setattr__(self, "closures", frozenset(self.closures))

    @classmethod
    def from_firm(cls, firm: Any, closures: Iterable[date] = frozenset()) -> FirmHours:
        """From a Firm (attribute access only), e.g. business_hours {"mon": ["08:30", "18:00"],
        "sat": null, ...} and holiday_calendars ["US-IL"]."""
        hours: dict[str, tuple[time, time] | None] = {}
        for day in WEEKDAYS:
            span = (firm.business_hours or {}).get(day)
            if span is None:
                hours[day] = None
                continue
            try:
                opening, closing = span
                hours[day] = (
                    parse_hhmm(opening),
                    END_OF_DAY if str(closing).strip() == "24:00" else parse_hhmm(closing),
                )
            except (TypeError, ValueError) as exc:
                raise ValueError(f"business hours {day}: {exc}") from None
        return cls(
            timezone=firm.timezone,
            business_hours=hours,
            holiday_calendars=tuple(firm.holiday_calendars or ()),
            closures=frozenset(closures),
        )


@dataclass(frozen=True)
class LeadPlace:
    """Where a lead is, for the legal window.

    `state` is the stated state: it alone decides jurisdiction. `area_state` is the state of
    the phone's area code, and `area_zones` that area code's zones: states such as Florida
    presume an in-state area code belongs to a resident (Fla. Stat. 501.616 as amended by
    SB 1120; shared/reference/compliance.md §2.3), so a call or text must also satisfy that
    state's own rule, in that state's local time — the intersection of both windows.
    """

    zones: tuple[str, ...]  # every zone the lead may be in (>= 1)
    state: str  # jurisdiction state, "" when unknown
    area_state: str = ""  # the phone area code's state, "" when unknown or the same
    area_zones: tuple[str, ...] = ()  # the area code's zones
    window: ContactWindow | None = None  # hours the person asked us to keep off

    def __post_init__(self) -> None:
        object.__setattr__(self, "zones", tuple(self.zones))
        object.__setattr__(self, "state", (self.state or "").strip().upper())
        area_state = (self.area_state or "").strip().upper()
        object.__setattr__(self, "area_state", "" if area_state == self.state else area_state)
        object.__setattr__(self, "area_zones", tuple(self.area_zones) or self.zones)
        if not self.zones:
            raise ValueError("a lead needs at least one candidate time zone")
        for zone in (*self.zones, *self.area_zones):
            _zone(zone)

    def presumed(self, *, kind: str, rules: RuleSet) -> str:
        """The area code's state when its own rule applies to this kind of touch, else ""."""
        if self.area_state and rules.has_rule(kind=kind, state=self.area_state):
            return self.area_state
        return ""


@dataclass(frozen=True)
class Slot:
    at: datetime  # aware, UTC
    reason: str  # why this time, e.g. "arrival; agent hours; legal window"


# --- agent hours ----------------------------------------------------------------------------


@functools.cache
def _parse_calendar(calendar: str) -> tuple[str, str | None]:
    match = _CALENDAR.fullmatch(str(calendar).strip().upper())
    if not match:
        raise ValueError(f"holiday calendar {calendar!r}: expected a country like US, or US-IL")
    country, subdiv = match.group(1), match.group(2)
    try:
        holidays.country_holidays(country, subdiv=subdiv)
    except NotImplementedError:
        raise ValueError(f"holiday calendar {calendar!r}: unknown country or state") from None
    return country, subdiv


def firm_holiday(firm: FirmHours, day: date) -> str | None:
    """Why the firm is closed on `day` beyond its weekly hours (holiday or closure), or None."""
    if day in firm.closures:
        return f"closure {day:%Y-%m-%d}"
    for calendar in firm.holiday_calendars:
        country, subdiv = _parse_calendar(calendar)
        if name := calendar_holiday(country, subdiv, day):
            return name
    return None


def is_business_day(firm: FirmHours, day: date) -> bool:
    """A day with business hours that is not one of the firm's holidays or closures."""
    return firm.business_hours[WEEKDAYS[day.weekday()]] is not None and not firm_holiday(firm, day)


def add_business_days(firm: FirmHours, day: date, n: int) -> date:
    """The n-th business day after `day` (n >= 1)."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    found = 0
    for offset in range(1, 3 * 366):
        candidate = day + timedelta(days=offset)
        if is_business_day(firm, candidate):
            found += 1
            if found == n:
                return candidate
    raise ValueError("the firm has too few business days (check its hours and closures)")


# --- turning a zone's wall clock into instants ----------------------------------------------


def _instant(day: date, wall: time, tz: ZoneInfo, *, opening: bool) -> datetime:
    """The UTC instant of `wall` on `day` in `tz`. A wall time that does not exist (the
    spring-forward gap) or exists twice (fall-back) resolves to the later instant for an
    opening and the earlier one for a closing: the window never grows."""
    if wall == END_OF_DAY:
        return datetime.combine(day + _DAY, time(0), tz).astimezone(UTC)
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return max(first, second) if opening else min(first, second)


Answer = tuple[datetime, str] | None  # the earliest instant >= t where a rule holds, and why
Rule = Callable[[datetime], Answer]


def _windows_rule(
    tz: ZoneInfo,
    limit: datetime,
    window_on: Callable[[date], tuple[time, time, str, str] | str],
    local: str,
) -> Rule:
    """A rule made of one window per local day; window_on gives (start, end, opens-label,
    closes-label), or the reason the day has none."""

    def next_ok(t: datetime) -> Answer:
        first_day = t.astimezone(tz).date()
        last_day = limit.astimezone(tz).date() + _DAY
        day, waited = first_day, []
        while day <= last_day:
            window = window_on(day)
            if isinstance(window, str):
                if window:
                    waited.append(window)
                day += _DAY
                continue
            start, end, opens, closes = window
            opening = _instant(day, start, tz, opening=True)
            closing = _instant(day, end, tz, opening=False)
            if t < closing:
                if t >= opening:
                    return t, ""
                when = "" if day == first_day else f" on {day:%a %Y-%m-%d}"
                verb = "open" if opens.endswith("hours") else "opens"
                waited.append(f"{opens} {verb} {start:%H:%M} {local}{when}")
                return opening, "; ".join(dict.fromkeys(waited))
            if day == first_day and t >= closing:
                waited.append(f"{closes} closed {_hhmm(end)} {local}")
            day += _DAY
        return None

    return next_ok


def _hhmm(wall: time) -> str:
    return "24:00" if wall == END_OF_DAY else f"{wall:%H:%M}"


def _legal_rule(zone: str, *, kind: str, lead: LeadPlace, rules: RuleSet, limit: datetime) -> Rule:
    suffix = f" ({zone})" if len(lead.zones) > 1 else ""

    def window_on(day: date) -> tuple[time, time, str, str] | str:
        window = rules.window_on(kind=kind, state=lead.state, day=day)
        assert window is not None  # email never reaches here
        if window.start is None or window.end is None:
            return window.banned + suffix
        return window.start, window.end, window.opens, window.closes

    return _windows_rule(_zone(zone), limit, window_on, "lead-local" + suffix)


def _area_rule(zone: str, state: str, *, kind: str, rules: RuleSet, limit: datetime) -> Rule:
    """The area code's state's own rule, in that area code's local time."""
    suffix = f" ({zone}, area code in {state})"

    def window_on(day: date) -> tuple[time, time, str, str] | str:
        window = rules.window_on(kind=kind, state=state, day=day, firm_policy=False)
        assert window is not None  # email never reaches here
        if window.start is None or window.end is None:
            return window.banned + suffix
        return window.start, window.end, window.opens, window.closes

    return _windows_rule(_zone(zone), limit, window_on, "lead-local" + suffix)


def _agent_rule(firm: FirmHours, limit: datetime) -> Rule:
    def window_on(day: date) -> tuple[time, time, str, str] | str:
        hours = firm.business_hours[WEEKDAYS[day.weekday()]]
        if hours is None:
            return ""
        if closed := firm_holiday(firm, day):
            return f"firm closed: {closed}"
        return hours[0], hours[1], "agent hours", "agent hours"

    return _windows_rule(_zone(firm.timezone), limit, window_on, "firm-local")


def agent_hours_open(firm: FirmHours, at: datetime, horizon_days: int = 21) -> datetime | None:
    """The first instant >= at within the firm's agent hours (None when none within the
    horizon). No call's slot from `next_allowed_time` is earlier: a lower bound for them all."""
    start = at.astimezone(UTC)
    answer = _agent_rule(firm, start + timedelta(days=horizon_days))(start)
    return answer[0] if answer is not None else None


def _cap_rule(recent: Sequence[datetime], most: int, why: str) -> Rule:
    """At most `most - 1` earlier calls/texts in the 24 h before the touch. Each earlier touch
    at r blocks [r - 24 h, r + 24 h): touches planned ahead of t count too."""
    times = [r.astimezone(UTC) for r in recent]

    def count(t: datetime) -> int:
        return sum(1 for r in times if r - CAP_WINDOW <= t < r + CAP_WINDOW)

    def next_ok(t: datetime) -> Answer:
        if count(t) < most:
            return t, ""
        for freed in sorted(r + CAP_WINDOW for r in times):
            if freed > t and count(freed) < most:
                return freed, why
        return None  # unreachable: after the last touch + 24 h nothing counts

    return next_ok


def _spacing_rule(zone: str, avoid: time, lead: LeadPlace, room: timedelta) -> Rule:
    """Lead-local time of day at least 3 h (on the clock face) from `avoid`; at least 3 h +
    `room` when before it (a touch made up to `room` after its time stays 3 h away)."""
    tz = _zone(zone)
    anchor = timedelta(
        hours=avoid.hour, minutes=avoid.minute, seconds=avoid.second, microseconds=avoid.microsecond
    )
    suffix = f" ({zone})" if len(lead.zones) > 1 else ""
    why = f"at least 3 h from the earlier touch's {avoid:%H:%M} lead-local{suffix}"

    def next_ok(t: datetime) -> Answer:
        local = t.astimezone(tz)
        of_day = timedelta(
            hours=local.hour,
            minutes=local.minute,
            seconds=local.second,
            microseconds=local.microsecond,
        )
        after = (of_day - anchor) % _DAY  # how long since the clock last showed `avoid`
        if PART_OF_DAY <= after <= _DAY - PART_OF_DAY - room:
            return t, ""
        # Inside the band: it ends 3 h (wall clock) after the nearest showing of `avoid`.
        shown = datetime.combine(local.date(), time(0)) + anchor
        if after < PART_OF_DAY and of_day < anchor:
            shown -= _DAY  # `avoid` was shown yesterday, shortly before midnight
        elif after > _DAY - PART_OF_DAY - room and of_day > anchor:
            shown += _DAY  # `avoid` shows tomorrow, shortly after midnight
        band_end = shown + PART_OF_DAY
        resumes = max(
            band_end.replace(tzinfo=tz, fold=0).astimezone(UTC),
            band_end.replace(tzinfo=tz, fold=1).astimezone(UTC),
        )
        # A band end inside a DST jump could resolve to t itself; always make progress.
        return (resumes if resumes > t else t + timedelta(minutes=1)), why

    return next_ok


def _lead_window_rule(zone: str, window: ContactWindow, lead: LeadPlace) -> Rule:
    """The lead's own limit ("only after 5 pm"): outside its blocked spans, lead-local."""
    tz = _zone(zone)
    suffix = f" ({zone})" if len(lead.zones) > 1 else ""

    def next_ok(t: datetime) -> Answer:
        moved, why = t, ""
        for _ in range(16):  # adjacent spans (a weekday block, then the night): a few hops
            local = moved.astimezone(tz)
            span = window.span_at(local.replace(tzinfo=None))
            if span is None:
                return moved, why
            if span.end == END_OF_DAY:
                resume = datetime.combine(local.date() + _DAY, time(0), tz).astimezone(UTC)
            else:
                resume = _instant(local.date(), span.end, tz, opening=True)
            moved = resume if resume > moved else moved + timedelta(minutes=1)
            why = f"the lead asked: {span.describe()} lead-local{suffix}"
        return moved, why

    return next_ok


# --- the timing function --------------------------------------------------------------------


def next_allowed_time(
    *,
    kind: str,
    earliest: datetime,
    lead: LeadPlace,
    firm: FirmHours,
    rules: RuleSet,
    recent: Sequence[datetime] = (),
    avoid_near: time | None = None,
    horizon_days: int = 21,
) -> Slot | None:
    """The earliest instant >= earliest when a touch of `kind` may reach the lead, and why.

    kind: "call" (a person's call: legal window ∩ agent hours), "voicemail_drop" and "sms"
    (automated: legal window only), "email" (any time). The legal window must hold in every
    candidate zone. `recent`: earlier calls/texts to the lead, for the state's rolling cap.
    `avoid_near`: a lead-local time of day the touch must be >= 3 h away from (a call, which
    a person makes a little after it is due: >= 3 h + ROOM_TO_CALL before it, >= 3 h after
    it). None when nothing is allowed within `horizon_days`.
    """
    channel = channel_of(kind)
    if earliest.tzinfo is None or earliest.utcoffset() is None:
        raise ValueError("earliest must be an aware datetime")
    if any(r.tzinfo is None or r.utcoffset() is None for r in recent):
        raise ValueError("recent touches must be aware datetimes")
    start = earliest.astimezone(UTC)
    if channel == "email":
        return Slot(start, "arrival; email may go at any hour")
    limit = start + timedelta(days=horizon_days)
    checks: list[Rule] = [
        _legal_rule(z, kind=kind, lead=lead, rules=rules, limit=limit) for z in lead.zones
    ]
    presumed = lead.presumed(kind=kind, rules=rules)
    if presumed:
        checks.extend(
            _area_rule(z, presumed, kind=kind, rules=rules, limit=limit) for z in lead.area_zones
        )
    if kind == "call":
        checks.append(_agent_rule(firm, limit))
    also = (presumed,) if presumed else ()
    if recent and (cap := rules.cap(kind=kind, state=lead.state, also=also)):
        checks.append(_cap_rule(recent, *cap))
    if avoid_near is not None:
        room = ROOM_TO_CALL if kind == "call" else timedelta(0)
        checks.extend(_spacing_rule(z, avoid_near, lead, room) for z in lead.zones)
    if lead.window is not None and lead.window.applies_to(kind):
        checks.extend(_lead_window_rule(z, lead.window, lead) for z in lead.zones)

    t, waited = start, []
    while True:
        moved = False
        for check in checks:
            answer = check(t)
            if answer is None or answer[0] > limit:
                return None
            if answer[0] > t:
                t, moved = answer[0], True
                waited.append(answer[1])
        if not moved:
            break
    if t == start:
        held = (
            ["arrival", "agent hours", "legal window"]
            if kind == "call"
            else ["arrival", "legal window"]
        )
        return Slot(t, "; ".join(held))
    return Slot(t, "next allowed: " + "; ".join(dict.fromkeys(w for w in waited if w)))


def legal_window_open(
    *, kind: str, at: datetime, lead: LeadPlace, rules: RuleSet
) -> tuple[bool, str]:
    """Whether a touch of `kind` at `at` is inside the lead's legal window in every candidate
    zone (a person's manual send or call), and why not."""
    if channel_of(kind) == "email":
        return True, "email may go at any hour"
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("at must be an aware datetime")
    presumed = lead.presumed(kind=kind, rules=rules)
    places = [(zone, lead.state, True) for zone in lead.zones]
    places += [(zone, presumed, False) for zone in lead.area_zones if presumed]
    for zone, state, own in places:
        tz = _zone(zone)
        local = at.astimezone(tz)
        window = rules.window_on(kind=kind, state=state, day=local.date(), firm_policy=own)
        assert window is not None
        where = f" in {zone}" if len(lead.zones) > 1 else ""
        if not own:
            where = f" in {zone} (the phone's area code is in {state})"
        if window.start is None or window.end is None:
            return False, window.banned + where
        opening = _instant(local.date(), window.start, tz, opening=True)
        closing = _instant(local.date(), window.end, tz, opening=False)
        if at < opening:
            return False, (
                f"{window.opens} opens {window.start:%H:%M} lead-local; it is {local:%H:%M}{where}"
            )
        if at >= closing:
            return False, (
                f"{window.closes} closed {window.end:%H:%M} lead-local; it is {local:%H:%M}{where}"
            )
        if own and lead.window is not None and lead.window.applies_to(kind):
            span = lead.window.span_at(local.replace(tzinfo=None))
            if span is not None:
                return False, (
                    f"the lead asked: {span.describe()} lead-local; it is {local:%H:%M}{where}"
                )
    return True, "inside the legal window" + (
        " in every candidate zone" if len(lead.zones) > 1 else ""
    )
