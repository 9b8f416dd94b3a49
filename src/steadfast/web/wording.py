"""How the app says things aloud: when a lead reached out, what their matter is."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from steadfast.channels.templates import practice_phrase


def _part_of_day(hour: int) -> str:
    if hour < 5:
        return "night"
    if hour < 12:
        return "morning"
    if hour < 17:
        return "afternoon"
    return "evening"


def arrived_in_words(*, arrived: datetime, now: datetime, zone: str) -> str:
    """'just now', 'a few minutes ago', 'this morning', 'yesterday evening', 'on Monday
    afternoon', 'on March 2': as a person says it, in the lead's own time zone."""
    ago = now - arrived
    if ago < timedelta(minutes=2):
        return "just now"
    if ago < timedelta(minutes=15):
        return "a few minutes ago"
    if ago < timedelta(minutes=45):
        return "about half an hour ago"
    if ago < timedelta(minutes=90):
        return "about an hour ago"
    tz = zoneinfo.ZoneInfo(zone)
    then, today = arrived.astimezone(tz), now.astimezone(tz).date()
    part = _part_of_day(then.hour)
    days = (today - then.date()).days
    if days == 0:
        return "last night" if part == "night" else f"this {part}"
    if days == 1:
        return "late last night" if part == "night" else f"yesterday {part}"
    if days < 7:
        return f"on {then:%A}" + ("" if part == "night" else f" {part}")
    return f"on {then:%B} {then.day}"


def matter_in_words(practice_area: str) -> str:
    """'a personal injury matter', 'a car accident matter' ('' when none was given)."""
    if not practice_area:
        return ""
    return f"a {practice_phrase(practice_area)} matter"
