"""Validation at intake (F2): phone, email, jurisdiction and time zone. Pure functions, no database.

Each check returns what it found *and the evidence*, because a vendor return needs to show
why a lead was bad, not just that it was.
"""

from __future__ import annotations

import base64
import bisect
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import email_validator
import phonenumbers
import us
import zipcodes
from phonenumbers import number_type
from phonenumbers import timezone as phone_timezone

from steadfast import phone_place
from steadfast.tz import known_zones

DEFAULT_REGION = "US"


@dataclass(frozen=True)
class Finding:
    kind: str
    result: str  # valid | invalid | missing | unknown
    code: str
    detail: str
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PhoneResult:
    finding: Finding
    e164: str = ""
    region: str = ""
    zones: tuple[str, ...] = ()


def check_phone(raw: str) -> PhoneResult:
    raw = (raw or "").strip()
    if not raw:
        return PhoneResult(Finding("phone", "missing", "no_phone", "No phone number given"))
    evidence: dict[str, Any] = {"raw": raw}
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        evidence["parser"] = str(exc)
        return PhoneResult(
            Finding("phone", "invalid", "unparseable", f"{raw!r} is not a phone number", evidence)
        )
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    evidence["parsed"] = e164
    if not phonenumbers.is_possible_number(number):
        return PhoneResult(
            Finding(
                "phone",
                "invalid",
                "impossible_length",
                f"{raw!r} has the wrong number of digits",
                evidence,
            )
        )
    if not phonenumbers.is_valid_number(number):
        return PhoneResult(
            Finding(
                "phone",
                "invalid",
                "not_assigned",
                f"{raw!r} is not a number in use in any numbering plan",
                evidence,
            )
        )
    region = phonenumbers.region_code_for_number(number) or ""
    zones = tuple(z for z in phone_timezone.time_zones_for_number(number) if z in known_zones())
    ntype = number_type(number)
    evidence.update(
        {
            "e164": e164,
            "region": region,
            "time_zones": list(zones),
            "line_type": _NUMBER_TYPES.get(ntype, "unknown"),
            "location": phone_place.describe(number),
        }
    )
    if ntype in (phonenumbers.PhoneNumberType.PREMIUM_RATE, phonenumbers.PhoneNumberType.PAGER):
        return PhoneResult(
            Finding(
                "phone",
                "invalid",
                "not_reachable",
                f"{e164} is a {evidence['line_type']} number",
                evidence,
            ),
            e164=e164,
            region=region,
            zones=zones,
        )
    return PhoneResult(
        Finding("phone", "valid", "valid", f"{e164} is a valid number", evidence),
        e164=e164,
        region=region,
        zones=zones,
    )


_NUMBER_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE: "landline",
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    # libphonenumber cannot tell US landlines from mobiles; the carrier tells later.
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline_or_mobile",
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free",
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "premium_rate",
    phonenumbers.PhoneNumberType.VOIP: "voip",
    phonenumbers.PhoneNumberType.PAGER: "pager",
}


@dataclass(frozen=True)
class EmailResult:
    finding: Finding
    normalized: str = ""


def check_email(raw: str, *, check_dns: bool = False) -> EmailResult:
    raw = (raw or "").strip()
    if not raw:
        return EmailResult(Finding("email", "missing", "no_email", "No email address given"))
    evidence: dict[str, Any] = {"raw": raw}
    try:
        info = email_validator.validate_email(raw, check_deliverability=check_dns)
    except email_validator.EmailUndeliverableError as exc:
        evidence["error"] = str(exc)
        return EmailResult(
            Finding(
                "email", "invalid", "undeliverable", f"{raw!r} cannot receive mail: {exc}", evidence
            )
        )
    except email_validator.EmailNotValidError as exc:
        evidence["error"] = str(exc)
        return EmailResult(
            Finding(
                "email",
                "invalid",
                "bad_syntax",
                f"{raw!r} is not an email address: {exc}",
                evidence,
            )
        )
    normalized = info.normalized.lower()
    evidence["normalized"] = normalized
    evidence["dns_checked"] = check_dns
    return EmailResult(
        Finding("email", "valid", "valid", f"{normalized} is well formed", evidence),
        normalized=normalized,
    )


@dataclass(frozen=True)
class AreaCode:
    """Where a US phone number's area code is: its state ("" when unknown) and zones."""

    state: str
    zones: tuple[str, ...]


def area_code_of(e164: str) -> AreaCode:
    """The state and zones of a North American number's area code ('+13055550142' → FL,
    America/New_York). Used for the legal window, never for jurisdiction."""
    if not e164.startswith("+1") or len(e164) < 5:
        return AreaCode("", ())
    return _area_code(e164[:5])


@functools.lru_cache(maxsize=1024)
def _area_code(prefix: str) -> AreaCode:
    # Any valid number of the area code tells where it is: the geocoder answers per prefix.
    try:
        number = phonenumbers.parse(f"{prefix}5550100", None)
    except phonenumbers.NumberParseException:
        return AreaCode("", ())
    if phonenumbers.region_code_for_number(number) != "US":
        return AreaCode("", ())
    where = phone_place.describe(number)  # "Florida", "Chicago, IL"
    state = normalize_state(where.rsplit(",", 1)[-1]) if where else None
    zones = tuple(z for z in phone_timezone.time_zones_for_number(number) if z in known_zones())
    if not state or len(zones) > 4:  # a non-geographic code (toll-free) tells nothing
        return AreaCode("", ())
    return AreaCode(state, zones)


@dataclass(frozen=True)
class Location:
    """Where a lead says they are: the state (for jurisdiction) and the zones they may be in."""

    state: str
    zones: tuple[str, ...]
    source: str  # zip | state | area_code | firm
    notes: tuple[str, ...] = ()


def normalize_state(raw: str) -> str | None:
    """'IL', 'il', 'Illinois' → 'IL'; anything else → None."""
    raw = (raw or "").strip()
    if not raw:
        return None
    found = us.states.lookup(raw) if not raw.isdigit() else None
    return found.abbr if found else None


# ZIP or ZIP+4, ASCII digits only: zipcodes' native code panics on some non-ASCII input.
_ZIP = re.compile(r"[0-9]{5}(-[0-9]{4})?", re.ASCII)


def zip_info(raw: str) -> dict[str, str] | None:
    """The state and time zone of a ZIP or ZIP+4 code ({"state": "WI", "timezone":
    "America/Chicago"}), as the zipcodes package gives them; None for an unknown code."""
    raw = (raw or "").strip()
    if not _ZIP.fullmatch(raw):
        return None
    present, starts, pairs = _zip_places()
    number = int(raw[:5])
    if not present[number // 8] >> (number % 8) & 1:
        return None
    state, zone = pairs[bisect.bisect_right(starts, number) - 1]
    return {"state": state, "timezone": zone}


ZIP_PLACES_FILE = Path(__file__).with_name("zip_places.json")


@functools.lru_cache(maxsize=1)
def _zip_places() -> tuple[bytes, list[int], list[tuple[str, str]]]:
    """zip_places_from_zipcodes(), as kept in zip_places.json (encode_zip_places): the
    zipcodes package reads its whole database on the first lookup (most of a second), the
    table a millisecond (a test keeps the two the same)."""
    table = json.loads(ZIP_PLACES_FILE.read_text(encoding="utf-8"))
    pairs = [(state, zone) for state, zone in table["pairs"]]
    return (
        base64.b64decode(table["present"]),
        [start for start, _ in table["runs"]],
        [pairs[i] for _, i in table["runs"]],
    )


def zip_places_from_zipcodes() -> dict[str, tuple[str, str]]:
    """Every ZIP code of the zipcodes package with its state and time zone (inactive ones too:
    zipcodes.matching answers for them)."""
    return {e["zip_code"]: (e["state"], e["timezone"]) for e in zipcodes.list_all()}


def encode_zip_places(places: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The table in a few kilobytes: which of the 100,000 five-digit codes exist (a bitmap, in
    base64), the (state, zone) pairs, and each code from which the codes that follow have
    another pair, with its pair. zip_places.json is this, as JSON, of zip_places_from_zipcodes()."""
    pairs = sorted(set(places.values()))
    index = {pair: i for i, pair in enumerate(pairs)}
    present = bytearray(100_000 // 8)
    runs: list[list[int]] = []
    for code in sorted(places):
        number = int(code)
        present[number // 8] |= 1 << (number % 8)
        if not runs or runs[-1][1] != index[places[code]]:
            runs.append([number, index[places[code]]])
    return {
        "pairs": [list(pair) for pair in pairs],
        "present": base64.b64encode(bytes(present)).decode("ascii"),
        "runs": runs,
    }


STATE_ZONES_FILE = Path(__file__).with_name("state_zones.json")


@functools.lru_cache(maxsize=1)
def _zones_by_state() -> dict[str, tuple[str, ...]]:
    """zones_by_state_from_zips(), as kept in state_zones.json: reading the whole ZIP database
    takes seconds, the table a millisecond (a test keeps the two the same)."""
    table = json.loads(STATE_ZONES_FILE.read_text(encoding="utf-8"))
    return {state: tuple(zones) for state, zones in table.items()}


def zones_by_state_from_zips() -> dict[str, tuple[str, ...]]:
    """Every zone a state's ZIP codes lie in, most common first, from the ZIP database."""
    counts: dict[str, Counter[str]] = {}
    known = known_zones()
    for entry in zipcodes.list_all():
        if entry["timezone"] in known:
            counts.setdefault(entry["state"], Counter())[entry["timezone"]] += 1
    return {state: tuple(z for z, _ in c.most_common()) for state, c in counts.items()}


def zones_for_state(state: str) -> tuple[str, ...]:
    return _zones_by_state().get(state, ())


def locate(
    *, stated_state: str, stated_zip: str, phone_zones: tuple[str, ...], firm_timezone: str
) -> Location:
    """The lead's zone: stated ZIP, else stated state, else the phone's area code, else the firm's.

    Jurisdiction comes only from what the lead stated; an area code never sets it, because
    people keep their numbers when they move (PRODUCT.md §1).
    """
    notes: list[str] = []
    state = normalize_state(stated_state) or ""
    info = zip_info(stated_zip) if stated_zip else None
    if info:
        if state and info["state"] != state:
            notes.append(f"ZIP {stated_zip} lies in {info['state']}, not the stated {state}")
        zone = info["timezone"] if info["timezone"] in known_zones() else ""
        if zone:
            return Location(state or info["state"], (zone,), "zip", tuple(notes))
    if state:
        zones = zones_for_state(state)
        if zones:
            return Location(state, zones, "state", tuple(notes))
    # A few dozen zones (toll-free, non-geographic) tell nothing about where the person is.
    if phone_zones and len(phone_zones) <= 4:
        return Location(state, phone_zones, "area_code", tuple(notes))
    return Location(state, (firm_timezone,), "firm", tuple(notes))
