"""The JSON shapes of the public API (PRODUCT.md §5.2)."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StrictBool, StringConstraints, field_validator

# Text a client sends: no NUL bytes or other control characters except tab and newlines.
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\n\r"} | {"\x7f"}


def _clean(value: str | None) -> str | None:
    if value is None:
        return value
    if any(ch in _CONTROL for ch in value):
        raise ValueError("must not contain control characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text (it holds a lone surrogate)") from None
    return value


Short = Annotated[str, StringConstraints(max_length=100)]


class ConsentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    call: StrictBool = False
    sms: StrictBool = False
    email: StrictBool = False
    # Asked for the firm's newsletter (a separate opt-in; Texas requires it: docs/bar-rules.md).
    newsletter: StrictBool = False


class LeadIn(Schema):
    model_config = ConfigDict(extra="forbid")

    external_id: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = None
    first_name: Annotated[str, StringConstraints(max_length=100)]
    last_name: Short = ""
    phone: Annotated[str, StringConstraints(max_length=64)] = ""
    email: Annotated[str, StringConstraints(max_length=320)] = ""
    state: Annotated[str, StringConstraints(max_length=40)] = ""
    zip: Annotated[str, StringConstraints(max_length=10)] = ""
    practice_area: Annotated[str, StringConstraints(max_length=60)] = ""
    message: Annotated[str, StringConstraints(max_length=10_000)] = ""
    consent: ConsentIn = Field(default_factory=ConsentIn)
    consent_text: Annotated[str, StringConstraints(max_length=5_000)] = ""
    consent_page_url: Annotated[str, StringConstraints(max_length=500)] = ""
    consent_ip: str | None = Field(default=None, max_length=45)
    submitted_at: datetime | None = None

    @field_validator(
        "external_id",
        "first_name",
        "last_name",
        "phone",
        "email",
        "state",
        "zip",
        "practice_area",
        "message",
        "consent_text",
        "consent_page_url",
        "consent_ip",
    )
    @classmethod
    def _no_control_characters(cls, value: str | None) -> str | None:
        return _clean(value)

    @field_validator("consent_ip")
    @classmethod
    def _ip(cls, value: str | None) -> str | None:
        if not value:
            return None
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            raise ValueError("is not an IP address") from None
        # A zone index ("fe80::1%eth0") names an interface of the sender's machine, not an
        # address anyone can look up, and PostgreSQL's inet type refuses it.
        if getattr(address, "scope_id", None):
            raise ValueError("must not carry a zone index (the part after '%')")
        return str(address)

    @field_validator("submitted_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return value
        if value.tzinfo is None:
            raise ValueError("needs a UTC offset, e.g. 2026-03-02T10:00:00-06:00")
        # Stored in UTC; an instant that has no UTC date (0001-01-01T00:00+05:00) is refused
        # here rather than by the database.
        try:
            return value.astimezone(UTC)
        except OverflowError:
            raise ValueError("is outside the range of dates that can be stored") from None


class Finding(Schema):
    result: Literal["valid", "invalid", "missing", "unknown"]
    code: str
    detail: str
    evidence: dict[str, Any]


class NextTouch(Schema):
    channel: str
    due_at: datetime
    reason: str


class LeadOut(Schema):
    id: int
    status: str
    status_reason: str | None
    validity: dict[str, Finding]
    next_touch: NextTouch | None
    duplicate_of: int | None


class LeadDetail(LeadOut):
    external_id: str | None
    source: str
    first_name: str
    last_name: str
    phone: str | None
    email: str | None
    state: str | None
    zip: str | None
    practice_area: str | None
    message: str
    timezone: str
    timezone_source: str
    timezone_candidates: list[str]
    consent: dict[str, bool]
    # Who started the contact, as Steadfast read it at intake (firm, vendor_named, vendor,
    # staff): a vendor whose consent wording names the firm sends requests, not solicitations.
    initiated_by: str
    arrived_at: datetime
    submitted_at: datetime | None


class TimelineItem(Schema):
    at: datetime
    kind: str
    summary: str
    data: dict[str, Any]


class Timeline(Schema):
    lead_id: int
    items: list[TimelineItem]


class OutcomeIn(Schema):
    """A call outcome from an outside dialer."""

    model_config = ConfigDict(extra="forbid")

    outcome: Literal[
        "connected",
        "no_answer",
        "voicemail",
        "busy",
        "disconnected",
        "wrong_person",
        "do_not_contact",
    ]
    touch_id: int | None = Field(
        default=None, description="the call task; default: the lead's next open call"
    )
    note: Annotated[str, StringConstraints(max_length=300)] = ""

    @field_validator("note")
    @classmethod
    def _note_clean(cls, value: str) -> str:
        return _clean(value) or ""


class Error(Schema):
    error: str
    detail: Any
