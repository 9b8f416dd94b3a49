"""Validation at intake (F2): phone, email, jurisdiction and time zone. Pure functions, no database.

Each check returns what it found *and the evidence*, because a vendor return needs to show
why a lead was bad, not just that it was.
"""

from __future__ import annotations

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
from phonenumbers import geocoder, number_type
from phonenumbers import timezone as phone_timezone

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
            "location": geocoder.description_for_number(number, "en"),
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
    where = geocoder.description_for_number(number, "en")  # "Florida", "Chicago, IL"
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


def zip_info(raw: str) -> dict[str, Any] | None:
    """Where a ZIP (or ZIP+4) code lies: {"state": "IL", "timezone": "America/Chicago"}, or
    None for a code that does not exist. Callers only read it."""
    raw = (raw or "").strip()
    if not _ZIP.fullmatch(raw):
        return None
    return _zip_places().get(raw[:5])  # the ZIP database answers a ZIP+4 by its ZIP


ZIP_PLACES_FILE = Path(__file__).with_name("zip_places.json")


@functools.lru_cache(maxsize=1)
def _zip_places() -> dict[str, dict[str, str]]:
    """zip_places_from_zips(), as kept in zip_places.json (the codes of each state and zone):
    the ZIP database takes tens of megabytes once loaded and a first lookup takes a second;
    this table a few megabytes and milliseconds (a test keeps the two the same)."""
    table = json.loads(ZIP_PLACES_FILE.read_text(encoding="utf-8"))
    places: dict[str, dict[str, str]] = {}
    for where, codes in table.items():
        state, zone = where.split(" ", 1)
        place = {"state": state, "timezone": zone}
        places.update(dict.fromkeys(codes.split(), place))
    return places


def zip_places_from_zips() -> dict[str, dict[str, str]]:
    """Each ZIP code's state and zone, from the ZIP database."""
    return {
        entry["zip_code"]: {"state": entry["state"], "timezone": entry["timezone"]}
        for entry in zipcodes.list_all()
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
