"""Cadences as data: the schema of a cadence and the default one (PRODUCT.md §1).

A cadence is a list of steps. Each step says what to do (call, sms, email, voicemail_drop,
sms_or_email, nurture) and when, relative to an anchor:
  - "arrival": the lead's arrival;
  - "outcome": a previous step's outcome, and only if it was one of `outcomes`;
  - "done": a previous step being done, whatever its outcome (or, when that step does not
    apply to this lead — no phone, say — the arrival).
plus a delay and/or a number of business days, and for a call whether it must fall in a
different part of the day from the step it follows. Leads keep the definition they were
enrolled with, so editing a cadence never changes the plan of a lead already in it.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Action = Literal["call", "sms", "email", "voicemail_drop", "sms_or_email", "nurture"]
_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$", re.ASCII)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# The longest delay a step may have: a follow-up cadence works over days and weeks; a delay of
# months is a typing slip, and a huge one would overflow the date arithmetic of the planner.
MAX_DELAY = timedelta(days=90)


def parse_duration(text: str, *, most: timedelta = MAX_DELAY) -> timedelta:
    """'15m', '2h', '3d', '30s' → timedelta, at most `most` (90 days unless said)."""
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"{text!r} is not a duration like 30s, 15m, 2h or 3d")
    amount, unit = match.group(1), match.group(2)
    # Compared as whole seconds first: timedelta itself overflows on 99999999999d.
    if int(amount) * _SECONDS[unit] > most.total_seconds():
        raise ValueError(f"{text.strip()!r} is too long: at most {_describe(most)}")
    return timedelta(**{_UNITS[unit]: int(amount)})


def _describe(span: timedelta) -> str:
    if span.days and not span.seconds:
        return f"{span.days} days"
    return f"{int(span.total_seconds())} seconds"


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    n: Annotated[int, Field(ge=1, le=50)]
    action: Action
    start: Literal["arrival", "outcome", "done"] = "arrival"
    of: int | None = Field(default=None, description="the step the anchor refers to")
    outcomes: list[str] = Field(default_factory=list)
    delay: str = "0m"
    business_days: Annotated[int, Field(ge=0, le=60)] = 0
    other_part_of_day: bool = False
    template: str | dict[str, str] = ""
    voicemail_template: str = ""
    label: str = ""
    # Only for leads who started the contact this way (leads.origin: firm, vendor_named,
    # vendor, staff); empty: every lead. E.g. a call only for leads who asked the firm.
    initiated_by: list[Literal["firm", "vendor_named", "vendor", "staff"]] = Field(
        default_factory=list
    )

    @field_validator("delay")
    @classmethod
    def _delay(cls, value: str) -> str:
        parse_duration(value)
        return value

    @model_validator(mode="after")
    def _anchor(self) -> Step:
        if self.start != "arrival" and self.of is None:
            raise ValueError(f"step {self.n}: start {self.start!r} needs `of` (a step number)")
        if self.start == "outcome" and not self.outcomes:
            raise ValueError(f"step {self.n}: start 'outcome' needs the `outcomes` it waits for")
        if self.of is not None and self.of >= self.n:
            raise ValueError(f"step {self.n}: `of` must name an earlier step")
        return self

    @property
    def delay_td(self) -> timedelta:
        return parse_duration(self.delay)

    def template_for(self, channel: str) -> str:
        if isinstance(self.template, dict):
            return self.template.get(channel, "")
        return self.template


class Caps(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    call: Annotated[int, Field(ge=0, le=10)] = 3
    sms: Annotated[int, Field(ge=0, le=10)] = 2
    email: Annotated[int, Field(ge=0, le=10)] = 2


class CadenceDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "Custom cadence"
    caps: Caps = Field(default_factory=Caps)
    # When the second and later calls go: "fixed" (the steps' own rule: the next business day,
    # another part of the day) or "learned" (that day's hour where this firm's leads answer
    # most, by the answer model; answer_model.py). The first call always goes at once.
    timing: Literal["fixed", "learned"] = "fixed"
    steps: list[Step]

    @model_validator(mode="after")
    def _steps(self) -> CadenceDefinition:
        numbers = [s.n for s in self.steps]
        if len(set(numbers)) != len(numbers):
            raise ValueError("step numbers must be unique")
        known = set(numbers)
        for step in self.steps:
            if step.of is not None and step.of not in known:
                raise ValueError(f"step {step.n}: `of` names step {step.of}, which does not exist")
        return self

    def step(self, n: int) -> Step:
        return next(s for s in self.steps if s.n == n)


DEFAULT_CADENCE: dict[str, Any] = {
    "name": "Default: speed to lead",
    "caps": {"call": 3, "sms": 2, "email": 2},
    "steps": [
        # 1. First call at arrival, or at the next moment a person may lawfully call.
        {
            "n": 1,
            "action": "call",
            "start": "arrival",
            "template": "first_call_script",
            "voicemail_template": "voicemail",
            "label": "First call",
        },
        # 2. A text within 15 minutes of the first call ending unanswered.
        {
            "n": 2,
            "action": "sms",
            "start": "outcome",
            "of": 1,
            "outcomes": ["no_answer", "voicemail", "busy"],
            "delay": "5m",
            "template": "first_sms",
            "label": "Text after the missed call",
        },
        # 3. A personalised email within 60 minutes of arrival.
        {
            "n": 3,
            "action": "email",
            "start": "arrival",
            "delay": "20m",
            "template": "first_email",
            "label": "Personal email",
        },
        # 4. Second call the next business day, in a different part of the day.
        {
            "n": 4,
            "action": "call",
            "start": "done",
            "of": 1,
            "business_days": 1,
            "other_part_of_day": True,
            "template": "second_call_script",
            "label": "Second call",
        },
        # 5. A last, value-driven text or email 3 business days after the first call.
        {
            "n": 5,
            "action": "sms_or_email",
            "start": "done",
            "of": 1,
            "business_days": 3,
            "template": {"sms": "final_sms", "email": "final_email"},
            "label": "Last useful contact",
        },
        # End: no response after 5 business days → nurture.
        {
            "n": 6,
            "action": "nurture",
            "start": "arrival",
            "business_days": 5,
            "label": "Move to nurture",
        },
    ],
}


def parse_definition(data: Any) -> CadenceDefinition:
    """The definition, validated. One seen before (by its JSON) is not validated again: the
    planner parses its lead's stored definition at every event, and a definition, frozen, is
    safe to share."""
    try:
        key = json.dumps(data, sort_keys=True)
    except (TypeError, ValueError):
        return CadenceDefinition.model_validate(data)
    parsed = _parsed.get(key)
    if parsed is None:
        parsed = CadenceDefinition.model_validate(data)
        if len(_parsed) >= _PARSED_KEPT:
            _parsed.clear()  # firms have a few cadences each: rarely, if ever, reached
        _parsed[key] = parsed
    return parsed


def parse_stored_definition(stored: Any) -> CadenceDefinition:
    """`parse_definition` of a definition as a direct statement reads its JSON column: the
    column's text (SQLite, and Django's PostgreSQL connections) is the key, so a definition
    seen before is neither decoded from JSON nor encoded again as its key (the planner reads
    its lead's stored definition at every event). Anything else is decoded as the ORM does."""
    if not isinstance(stored, str):
        return parse_definition(stored)
    parsed = _parsed_text.get(stored)
    if parsed is None:
        parsed = parse_definition(json.loads(stored))
        if len(_parsed_text) >= _PARSED_KEPT:
            _parsed_text.clear()
        _parsed_text[stored] = parsed
    return parsed


_PARSED_KEPT = 256
_parsed: dict[str, CadenceDefinition] = {}
_parsed_text: dict[str, CadenceDefinition] = {}
