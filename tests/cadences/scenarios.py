"""Building and running scenarios in tests, through the same code as `steadfast simulate`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import yaml

from steadfast.cadences.scenario import load_scenario
from steadfast.cadences.simulation import simulate

FIRM = {
    "timezone": "America/Chicago",
    "business_hours": {"weekdays": "08:30-18:00", "sat": None, "sun": None},
    "states": ["IL", "WI"],
    "holidays": ["US"],
    "agents": 2,
    "agent_delay": "2m",
}


def lead(ref: str = "jane", **overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ref": ref,
        "arrives": "+5m",
        "first_name": ref.title(),
        "phone": "+1 312 555 0142",
        "email": f"{ref}@example.com",
        "state": "IL",
        "practice_area": "personal_injury",
        "source": "Google Ads",
        "consent": ["call", "sms", "email"],
        "behavior": {"answers": [], "voicemail": True},
    }
    behavior = overrides.pop("behavior", {})
    base.update(overrides)
    base["behavior"] = {**base["behavior"], **behavior}
    return base


def run(
    *leads: dict[str, Any], start: str = "2026-03-02T09:55:00", until: str = "+14d", **firm: Any
) -> dict[str, Any]:
    scenario = {
        "start": start,
        "until": until,
        "firm": {**FIRM, **firm},
        "leads": list(leads) or [lead()],
    }
    return simulate(load_scenario(yaml.safe_dump(scenario)))


def one(result: dict[str, Any], ref: str = "jane") -> dict[str, Any]:
    return next(item for item in result["leads"] if item["ref"] == ref)


def touches(
    item: dict[str, Any], channel: str | None = None, direction: str = "out"
) -> list[dict[str, Any]]:
    return [
        t
        for t in item["touches"]
        if (channel is None or t["channel"] == channel) and t["direction"] == direction
    ]


def at(touch: dict[str, Any], key: str = "at") -> datetime:
    return datetime.fromisoformat(touch[key])


def arrival(item: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(item["status_history"][0]["at"])


def business_days_between(start: datetime, end: datetime) -> int:
    """Weekdays strictly after start's date up to end's date (no holidays in the test weeks)."""
    days, day = 0, start.date()
    while day < end.date():
        day += timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days
