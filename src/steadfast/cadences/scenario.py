"""The scenario file of `steadfast simulate` (PRODUCT.md §5.4): parsing and validation.

Errors name the field the way a person wrote it ("leads[1].behavior.phone: …") so the
command can print one line and exit with status 2.
"""

from __future__ import annotations

import functools
import random
import re
import zoneinfo
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from steadfast.cadences.definition import CadenceDefinition, parse_duration
from steadfast.cadences.services_admin import default_template_channels, template_problems
from steadfast.compliance.bar import bar_rules_for
from steadfast.errors import Refused
from steadfast.leads.validation import area_code_of
from steadfast.tz import known_zones

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_AFTER = re.compile(r"^\s*(call|sms|email|voicemail_drop)#(\d+)\s*(?:\+\s*(\d+[smhd]))?\s*$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
YEARS = (1970, 2100)


class ScenarioError(Exception):
    """A problem in the scenario file, as one line naming the field."""


def _hours(value: Any) -> list[str] | None:
    if value is None:
        return None
    match = _HOURS.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not opening hours like 08:30-18:00 (or null)")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if not (0 <= h1 <= 24 and 0 <= h2 <= 24 and m1 < 60 and m2 < 60) or (h1, m1) >= (h2, m2):
        raise ValueError(f"{value!r}: opening must come before closing, within one day")
    return [f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"]


class FirmSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = "Simulated Law Firm"
    timezone: str = "America/Chicago"
    business_hours: dict[str, str | None] = Field(
        default_factory=lambda: {"weekdays": "08:30-18:00", "sat": None, "sun": None}
    )
    states: list[str] = Field(default_factory=list)
    holidays: list[str] = Field(default_factory=lambda: ["US"])
    agents: Annotated[int, Field(ge=0, le=100)] = 1
    agent_delay: str = "2m"
    address: str = "100 Main St, Chicago, IL 60601"
    # The firm's overrides of the bar-rule table (compliance.bar), e.g.
    # {"TX.waiting_period": {"days": 31}}; the firm's bar licences are its `states`.
    bar_rules: dict[str, Any] = Field(default_factory=dict)

    @field_validator("bar_rules")
    @classmethod
    def _bar_rules(cls, value: dict[str, Any]) -> dict[str, Any]:

        try:
            bar_rules_for(value or None)
        except Refused as exc:  # names the bad key; pydantic reports a ValueError
            raise ValueError(exc.message) from None
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        if value not in known_zones():
            raise ValueError(f"{value!r} is not a time zone like America/Chicago")
        return value

    @field_validator("agent_delay")
    @classmethod
    def _delay(cls, value: str) -> str:
        parse_duration(value)
        return value

    @field_validator("holidays")
    @classmethod
    def _holidays(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not re.fullmatch(r"US(-[A-Z]{2})?", entry):
                raise ValueError(f"{entry!r}: use US (federal) or US-XX (federal + a state)")
        return value

    @field_validator("business_hours")
    @classmethod
    def _business_hours(cls, value: dict[str, str | None]) -> dict[str, str | None]:
        for key, span in value.items():
            if key not in (*DAYS, "weekdays", "weekend", "all"):
                raise ValueError(f"{key!r} is not a day: use mon..sun, weekdays, weekend or all")
            _hours(span)
        return value

    def weekly_hours(self) -> dict[str, list[str] | None]:
        result: dict[str, list[str] | None] = dict.fromkeys(DAYS)
        groups = {"all": DAYS, "weekdays": DAYS[:5], "weekend": DAYS[5:]}
        for key in ("all", "weekdays", "weekend", *DAYS):  # specific days win
            if key in self.business_hours:
                for day in groups.get(key, (key,)):
                    result[day] = _hours(self.business_hours[key])
        return result


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")

    after: str
    channel: Literal["sms", "email"]
    text: Annotated[str, Field(min_length=1, max_length=2000)]

    @field_validator("after")
    @classmethod
    def _after(cls, value: str) -> str:
        match = _AFTER.match(value)
        if match:
            if match.group(3):
                parse_duration(match.group(3))
            return value
        if value.strip().startswith("+"):
            parse_duration(value.strip()[1:])
            return value
        raise ValueError(f"{value!r}: use '<channel>#<n> +<duration>' (e.g. 'sms#1 +20m') or '+2d'")

    def anchor(self) -> tuple[str, int, timedelta] | timedelta:
        match = _AFTER.match(self.after)
        if match:
            return (
                match.group(1),
                int(match.group(2)),
                parse_duration(match.group(3)) if match.group(3) else timedelta(0),
            )
        return parse_duration(self.after.strip()[1:])


_WINDOW = re.compile(r"^\s*(?:([a-z,\s-]+?)\s+)?(\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2})\s*$")


def parse_window(key: str) -> tuple[frozenset[int], int, int]:
    """'mon-fri 17:00-20:00' → (weekdays 0..6, start minute, end minute) of a lead-local window;
    days may be a day, a range (mon-fri) or a list (sat,sun); none means every day."""
    match = _WINDOW.match(key.lower())
    if not match:
        raise ValueError(f"{key!r} is not a window like 'mon-fri 17:00-20:00' (or 'default')")
    days: set[int] = set()
    for part in (match.group(1) or "mon-sun").replace(" ", "").split(","):
        ends = part.split("-")
        if len(ends) > 2 or any(e not in DAYS for e in ends):
            raise ValueError(f"{key!r}: {part!r} is not a day or range like mon-fri")
        first, last = DAYS.index(ends[0]), DAYS.index(ends[-1])
        stop = last + 1 + (7 if last < first else 0)
        days.update(i % 7 for i in range(first, stop))
    span = _hours(match.group(2))
    assert span is not None
    (h1, m1), (h2, m2) = (map(int, t.split(":")) for t in span)
    return frozenset(days), h1 * 60 + m1, h2 * 60 + m2


class Behavior(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: list[Annotated[int, Field(ge=1, le=50)]] = Field(default_factory=list)
    # Lead-local windows → the chance a call then is answered; the first match wins, then
    # "default" (0 without it). Replaces `answers`.
    answer_probability: dict[str, Annotated[float, Field(ge=0, le=1)]] | None = None
    voicemail: bool = True
    phone: Literal["ok", "disconnected", "wrong_person", "landline"] = "ok"
    email: Literal["ok", "bounces"] = "ok"
    replies: list[Reply] = Field(default_factory=list)

    @field_validator("answer_probability")
    @classmethod
    def _windows(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        for key in value or {}:
            if key != "default":
                parse_window(key)
        return value

    @model_validator(mode="after")
    def _one_way(self) -> Behavior:
        if self.answers and self.answer_probability is not None:
            raise ValueError("use answers or answer_probability, not both")
        return self

    def answer_chance(self, local: datetime) -> float:
        """The chance a call at lead-local `local` is answered (answer_probability)."""
        table = self.answer_probability or {}
        minute = local.hour * 60 + local.minute
        for key, chance in table.items():
            if key == "default":
                continue
            days, start, end = parse_window(key)
            if local.weekday() in days and start <= minute < end:
                return chance
        return table.get("default", 0.0)


class Between(BaseModel):
    model_config = ConfigDict(extra="forbid")

    between: Annotated[list[str], Field(min_length=2, max_length=2)]


class LeadSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ref: Annotated[str, Field(min_length=1, max_length=60)]
    # A population: this entry stands for `count` leads ref-1 … ref-N, with generated phones
    # and emails in the firm's states; `arrives: {between: [from, to]}` spreads them.
    count: Annotated[int, Field(ge=1, le=20000)] | None = None
    arrives: str | Between = "+0m"
    first_name: Annotated[str, Field(min_length=1, max_length=100)]
    last_name: str = ""
    phone: str = ""
    email: str = ""
    state: str = ""
    zip: str = ""
    practice_area: str = ""
    message: str = ""
    source: str = "Simulation"
    consent: list[Literal["call", "sms", "email", "newsletter"]] = Field(default_factory=list)
    # Who started the contact (leads.origin): the firm's own form, a vendor whose consent
    # wording names the firm (the default), a vendor whose wording does not, or staff.
    origin: Literal["firm", "vendor_named", "vendor", "staff"] = "vendor_named"
    # The consent wording the vendor stored; by default one that fits `origin`.
    consent_text: Annotated[str, Field(max_length=5000)] | None = None
    behavior: Behavior = Field(default_factory=Behavior)

    @model_validator(mode="after")
    def _contact(self) -> LeadSpec:
        if self.count is not None:
            if self.phone or self.email:
                raise ValueError("a lead entry with count gets generated phones and emails")
            return self
        if not self.phone and not self.email:
            raise ValueError("a lead needs a phone or an email")
        if isinstance(self.arrives, Between):
            raise ValueError("arrives: between spreads a population: give the entry a count")
        return self


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: str
    until: str = "+14d"
    seed: int | None = None  # makes a population's arrivals and answers repeatable
    firm: FirmSpec = Field(default_factory=FirmSpec)
    cadence: Literal["default"] | CadenceDefinition = "default"
    leads: list[LeadSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _refs(self) -> Scenario:
        refs = [
            ref
            for lead in self.leads
            for ref in (
                [f"{lead.ref}-{i}" for i in range(1, lead.count + 1)] if lead.count else [lead.ref]
            )
        ]
        # Counted once (refs.count for each ref took seconds for 10,000 leads).
        duplicates = sorted(r for r, n in Counter(refs).items() if n > 1)
        if duplicates:
            raise ValueError(f"lead refs must be unique: {', '.join(duplicates)}")
        return self

    def start_at(self) -> datetime:
        return parse_instant(self.start, zone=self.firm.timezone, base=None, field="start")

    def until_at(self) -> datetime:
        return parse_instant(
            self.until, zone=self.firm.timezone, base=self.start_at(), field="until"
        )


def parse_instant(text: str, *, zone: str, base: datetime | None, field: str) -> datetime:
    """'+5m' (offset from base) or an ISO time (firm-local unless it carries an offset)."""
    text = str(text).strip()
    if text.startswith("+"):
        if base is None:
            raise ScenarioError(f"{field}: must be an absolute time, not an offset")
        try:
            value = base + parse_duration(text[1:])
        except (ValueError, OverflowError) as exc:
            raise ScenarioError(f"{field}: {exc}") from None
    else:
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise ScenarioError(
                f"{field}: {text!r} is not an ISO time like 2026-03-02T09:55:00 "
                "or an offset like +5m"
            ) from None
        if value.tzinfo is None:
            value = value.replace(tzinfo=zoneinfo.ZoneInfo(zone))
    if not YEARS[0] <= value.year <= YEARS[1]:
        # The engine computes business days and windows beyond any instant it is given.
        raise ScenarioError(
            f"{field}: {text!r} is out of range (between {YEARS[0]} and {YEARS[1]})"
        )
    return value


def _location(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.startswith(("function-", "literal[")):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out or "scenario"


# libyaml's parser where PyYAML was built with it: the pure-Python one took most of a second to
# read a scenario of a thousand leads (about a tenth of it with libyaml). The constructor and the
# resolver are the same Python ones, so the values read are the same.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _read_yaml(text: str) -> Any:
    if _FAST_LOADER is not None:
        try:
            return yaml.load(text, Loader=_FAST_LOADER)  # noqa: S506 - libyaml's SafeLoader
        except yaml.YAMLError:
            pass  # read again below: libyaml places some mistakes on another line
    return yaml.safe_load(text)


def load_scenario(text: str) -> Scenario:
    try:
        data = _read_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise ScenarioError(f"the file is not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise ScenarioError("the file must be a YAML mapping with start, firm, leads …")
    for key in ("start", "until"):
        if isinstance(data.get(key), datetime | date):
            data[key] = data[key].isoformat()
    cadence = data.get("cadence", "default")
    if isinstance(cadence, dict):
        # Checked on its own: as one side of `"default" | steps`, its errors would be lost.
        try:
            CadenceDefinition.model_validate(cadence)
        except ValidationError as exc:
            err = exc.errors()[0]
            message = err["msg"].removeprefix("Value error, ").replace("`", "")
            # The schema's own messages name their step already ("step 2: …").
            loc: tuple[Any, ...] = ("cadence",)
            if not re.match(r"step \d+:", message):
                loc = ("cadence", *err["loc"])
            raise ScenarioError(f"{_location(loc)}: {message}") from None
    elif cadence != "default":
        raise ScenarioError(
            f"cadence: {cadence!r} is not a cadence: write default, or the cadence with its steps"
        )
    for lead in data.get("leads") or []:
        if isinstance(lead, dict) and isinstance(lead.get("arrives"), datetime | date):
            lead["arrives"] = lead["arrives"].isoformat()
        if isinstance(lead, dict) and isinstance(lead.get("arrives"), dict):
            between = lead["arrives"].get("between")
            if isinstance(between, list):
                lead["arrives"]["between"] = [
                    b.isoformat() if isinstance(b, datetime | date) else b for b in between
                ]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        message = err["msg"].removeprefix("Value error, ")
        raise ScenarioError(f"{_location(err['loc'])}: {message}") from None
    start = scenario.start_at()
    until = scenario.until_at()
    if until <= start:
        raise ScenarioError("until: must be after start")
    for i, lead in enumerate(scenario.leads):
        field = f"leads[{i}].arrives"
        if isinstance(lead.arrives, Between):
            first, last = (
                parse_instant(b, zone=scenario.firm.timezone, base=start, field=field)
                for b in lead.arrives.between
            )
            if last < first:
                raise ScenarioError(f"{field}.between: the second time is before the first")
        else:
            parse_instant(lead.arrives, zone=scenario.firm.timezone, base=start, field=field)
        if lead.count and not lead.state and not scenario.firm.states:
            raise ScenarioError(
                f"leads[{i}].state: a population needs a state, or states on the firm"
            )
    if isinstance(scenario.cadence, CadenceDefinition):
        problems = template_problems(scenario.cadence, known=default_template_channels())
        if problems:
            raise ScenarioError(f"cadence: {problems[0].message}")
    return scenario


@functools.cache
def area_codes(state: str) -> tuple[str, ...]:
    """The area codes of a state, for the phones of a generated population."""
    found = []
    for code in range(201, 990):
        if area_code_of(f"+1{code}5550100").state == state:
            found.append(str(code))
    return tuple(found)


def population(scenario: Scenario, rng: random.Random) -> list[LeadSpec]:
    """The scenario's leads with every `count` entry expanded to its leads ref-1 … ref-N:
    arrivals drawn evenly at random between the entry's two times, phones with area codes of
    the entry's state (or, in turn, of the firm's states) and emails made from the ref."""
    start = scenario.start_at()
    zone = scenario.firm.timezone
    out: list[LeadSpec] = []
    serial = 0
    for index, lead in enumerate(scenario.leads):
        if lead.count is None:
            out.append(lead)
            continue
        where = f"leads[{index}]"
        states = [lead.state.upper()] if lead.state else [s.upper() for s in scenario.firm.states]
        for state in states:
            if not area_codes(state):
                raise ScenarioError(f"{where}.state: no area codes known for {state!r}")
        if isinstance(lead.arrives, Between):
            first, last = (
                parse_instant(b, zone=zone, base=start, field=f"{where}.arrives")
                for b in lead.arrives.between
            )
        else:
            first = last = parse_instant(lead.arrives, zone=zone, base=start, field=where)
        span = (last - first).total_seconds()
        for i in range(1, lead.count + 1):
            serial += 1
            state = states[(i - 1) % len(states)]
            codes = area_codes(state)
            at = first + timedelta(seconds=round(rng.uniform(0, span))) if span else first
            out.append(
                lead.model_copy(
                    update={
                        "ref": f"{lead.ref}-{i}",
                        "count": None,
                        "arrives": at.isoformat(),
                        "phone": f"+1{codes[serial % len(codes)]}555{serial % 10_000:04d}",
                        "email": re.sub(r"[^a-z0-9.-]+", "-", f"{lead.ref}-{i}".lower())
                        + "@example.com",
                        "state": state,
                    }
                )
            )
    return out
