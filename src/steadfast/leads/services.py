"""Writes about leads and sources: capture with validation, status changes, API keys."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q

from steadfast.audit.services import audit_record
from steadfast.compliance.models import Channel, ConsentRecord
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User
from steadfast.leads import validation
from steadfast.leads.language import language_of
from steadfast.leads.models import (
    InvalidReason,
    Lead,
    LeadSource,
    SourceKind,
    Status,
    StatusChange,
    ValidityCheck,
)


class LeadRejected(Refused):
    """The input cannot become a lead at all. `code` is machine-readable, `detail` for a person."""

    def __init__(self, code: str, detail: str, field: str | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.field = field


@dataclass
class LeadInput:
    first_name: str
    last_name: str = ""
    phone: str = ""
    email: str = ""
    state: str = ""
    zip: str = ""
    practice_area: str = ""
    message: str = ""
    external_id: str | None = None
    submitted_at: datetime | None = None
    consent: dict[str, bool] = field(default_factory=dict)
    consent_text: str = ""
    consent_page_url: str = ""
    consent_ip: str | None = None
    consent_user_agent: str = ""
    # How the consent was given (api, web_form, csv …); default: the source's kind.
    consent_source: str = ""


class LeadConflict(LeadRejected):
    """The source already sent a lead with this external_id, with different input."""

    def __init__(self, lead: Lead, fields: list[str]) -> None:
        super().__init__(
            "external_id_conflict",
            f"external_id {lead.external_id!r} was already used for lead {lead.pk} with a "
            f"different {', '.join(fields)}; send the same input again, or a new external_id",
            "external_id",
        )
        self.lead = lead
        self.fields = fields


# The input that makes a lead (LeadInput), as compared for a repeated external_id; the browser
# and the derived consent source may differ between two sends of the same lead.
FINGERPRINT_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "state",
    "zip",
    "practice_area",
    "message",
    "submitted_at",
    "consent",
    "consent_text",
    "consent_page_url",
    "consent_ip",
)


def intake_fingerprint(data: LeadInput) -> dict[str, str]:
    """A digest of each field as sent (whitespace and case of the email aside; times as the
    instant they name), so a repeat can be told apart from a different lead."""
    values: dict[str, Any] = {name: getattr(data, name) for name in FINGERPRINT_FIELDS}
    values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
    values["email"] = values["email"].lower()
    if values["submitted_at"] is not None:
        values["submitted_at"] = values["submitted_at"].astimezone(UTC).isoformat()
    values["consent"] = {k: bool(v) for k, v in sorted((values["consent"] or {}).items()) if v}
    return {
        name: hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]
        for name, value in values.items()
    }


def _repeat(lead: Lead, data: LeadInput) -> Intake:
    """The lead already stored for this external_id, if the input is the same; else 409."""
    if lead.intake_fingerprint:  # leads stored before fingerprints were kept: not compared
        now = intake_fingerprint(data)
        differing = [f for f in FINGERPRINT_FIELDS if lead.intake_fingerprint.get(f) != now[f]]
        if differing:
            raise LeadConflict(lead, differing)
    return Intake(lead, created=False)


@dataclass
class Intake:
    lead: Lead
    created: bool


# --- API keys -------------------------------------------------------------------------------

API_KEY_PREFIX = "sf_"


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def source_create(
    *,
    firm: Firm,
    name: str,
    kind: str = SourceKind.API,
    cost_per_lead: Decimal = Decimal(0),
    return_window_days: int = 0,
    now: datetime,
) -> tuple[LeadSource, str]:
    """Create a source and return it with its API key, which is never stored in clear."""
    name = name.strip()
    if not name:
        raise Refused("a source needs a name")
    if cost_per_lead < 0:
        raise Refused("the cost per lead cannot be negative")
    if LeadSource.objects.filter(firm=firm, name__iexact=name).exists():
        raise Refused(f"{firm.name} already has a source named {name!r}")
    source = LeadSource(
        firm=firm,
        name=name,
        kind=kind,
        cost_per_lead=cost_per_lead,
        return_window_days=return_window_days,
        form_token=secrets.token_urlsafe(16),
    )
    key = _assign_key(source)
    source.save()
    audit_record(
        firm=firm, at=now, action="source.created", obj=source, changes={"name": name, "kind": kind}
    )
    return source, key


def source_rotate_key(*, source: LeadSource, now: datetime) -> str:
    key = _assign_key(source)
    source.api_key_revoked_at = None
    source.save(update_fields=["api_key_prefix", "api_key_hash", "api_key_revoked_at"])
    audit_record(firm=source.firm, at=now, action="source.key_rotated", obj=source)
    return key


def source_revoke_key(*, source: LeadSource, now: datetime) -> None:
    source.api_key_revoked_at = now
    source.save(update_fields=["api_key_revoked_at"])
    audit_record(firm=source.firm, at=now, action="source.key_revoked", obj=source)


def _assign_key(source: LeadSource) -> str:
    prefix = secrets.token_hex(4)
    key = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    source.api_key_prefix = prefix
    source.api_key_hash = _hash_key(key)
    return key


# What _assign_key makes: "sf_", 8 hex digits, "_", 43 URL-safe characters. Anything else is
# refused before it reaches the database (a NUL byte in a query is an error on PostgreSQL).
_KEY_FORMAT = re.compile(rf"{API_KEY_PREFIX}([0-9a-f]{{8}})_[A-Za-z0-9_-]{{43}}", re.ASCII)


def source_for_key(key: str) -> LeadSource | None:
    """The active source this key belongs to, or None (unknown, malformed or revoked)."""
    match = _KEY_FORMAT.fullmatch(key)
    if match is None:
        return None
    digest = _hash_key(key)
    for source in LeadSource.objects.select_related("firm").filter(api_key_prefix=match[1]):
        if hmac.compare_digest(source.api_key_hash, digest):
            if source.api_key_revoked_at is not None or not source.active:
                return None
            return source
    return None


# --- Capture --------------------------------------------------------------------------------


def lead_capture(
    *, source: LeadSource, data: LeadInput, now: datetime, actor: User | None = None
) -> Intake:
    """Validate and store a lead, idempotent on (source, external_id).

    A lead whose only contact data is malformed is stored as invalid with the evidence (the
    firm paid for it and needs the proof to return it); input with no contact data at all is
    rejected. Either everything is saved or nothing is.
    """
    firm = source.firm
    if data.external_id is not None:
        existing = Lead.objects.filter(source=source, external_id=data.external_id).first()
        if existing:
            return _repeat(existing, data)
    if not data.first_name.strip():
        raise LeadRejected("missing_field", "first_name must not be empty", "first_name")
    if not data.phone.strip() and not data.email.strip():
        raise LeadRejected("no_contact_data", "a lead needs a phone number or an email address")
    _check_submitted_at(data.submitted_at, now=now)

    phone = validation.check_phone(data.phone)
    email = validation.check_email(data.email, check_dns=settings.STEADFAST_EMAIL_CHECK_DNS)
    location = validation.locate(
        stated_state=data.state,
        stated_zip=data.zip,
        phone_zones=phone.zones,
        firm_timezone=firm.timezone,
    )
    jurisdiction = _check_jurisdiction(firm=firm, data=data, location=location)

    status, reason = Status.NEW, ""
    usable = [r for r in (phone.finding, email.finding) if r.result == "valid"]
    if not usable:
        reason = (
            InvalidReason.BAD_PHONE
            if phone.finding.result == "invalid"
            else InvalidReason.BAD_EMAIL
        )
        status = Status.INVALID
    elif jurisdiction.result == "invalid":
        status, reason = Status.INVALID, InvalidReason.OUT_OF_JURISDICTION

    try:
        with transaction.atomic():
            _lock_person(firm=firm, phone=phone.e164, email=email.normalized)
            original = _find_original(firm=firm, phone=phone.e164, email=email.normalized, now=now)
            duplicate = _duplicate_finding(original, phone=phone.e164, email=email.normalized)
            if original is not None and status == Status.NEW:
                status, reason = Status.INVALID, InvalidReason.DUPLICATE
            lead = Lead.objects.create(
                firm=firm,
                source=source,
                external_id=data.external_id,
                intake_fingerprint=intake_fingerprint(data) if data.external_id else {},
                first_name=data.first_name.strip(),
                last_name=data.last_name.strip(),
                phone_raw=data.phone.strip(),
                phone=phone.e164,
                phone_region=phone.region,
                email_raw=data.email.strip(),
                email=email.normalized,
                stated_state=validation.normalize_state(data.state) or "",
                stated_zip=data.zip.strip(),
                practice_area=data.practice_area.strip(),
                message=data.message.strip(),
                language=language_of(data.message),
                status=Status.NEW,
                duplicate_of=original,
                timezone=location.zones[0],
                timezone_source=location.source,
                timezone_candidates=list(location.zones),
                jurisdiction_state=location.state,
                submitted_at=data.submitted_at,
                arrived_at=now,
            )
            findings = [phone.finding, email.finding, jurisdiction, duplicate]
            ValidityCheck.objects.bulk_create(
                ValidityCheck(
                    firm=firm,
                    lead=lead,
                    kind=f.kind,
                    result=f.result,
                    code=f.code,
                    detail=f.detail[:300],
                    evidence=f.evidence,
                    checked_at=now,
                )
                for f in findings
            )
            StatusChange.objects.create(
                firm=firm,
                lead=lead,
                to_status=Status.NEW,
                at=now,
                actor=actor,
                note=f"received from {source.name}",
            )
            if status != Status.NEW:
                lead_set_status(
                    lead=lead,
                    status=status,
                    reason=reason,
                    now=now,
                    actor=actor,
                    note="found at intake",
                )
            _record_consent(lead=lead, data=data, source=source, now=now)
            from steadfast.cadences.services import lead_arrived, lead_inquired_again

            if lead.status == Status.NEW:
                lead_arrived(lead=lead, now=now)
            if lead.status in (Status.NEW, Status.CONTACTING) or (
                lead.status == Status.INVALID and lead.status_reason == InvalidReason.DUPLICATE
            ):
                # The same person asking again takes an earlier lead out of nurture.
                lead_inquired_again(lead=lead, now=now)
            audit_record(
                firm=firm,
                at=now,
                action="lead.created",
                obj=lead,
                actor=actor,
                actor_label=actor.email if actor else f"source:{source.name}",
                changes={"status": lead.status, "status_reason": lead.status_reason},
            )
    except IntegrityError:
        # Two requests with the same external_id raced; the other one won.
        if data.external_id is None:
            raise
        existing = Lead.objects.filter(source=source, external_id=data.external_id).first()
        if existing is None:
            raise
        return _repeat(existing, data)
    return Intake(lead, created=True)


# A source's clock may run a little ahead of ours; a lead from before 2000 is a data error.
SUBMITTED_AT_SKEW = timedelta(days=1)
SUBMITTED_AT_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def _check_submitted_at(submitted_at: datetime | None, *, now: datetime) -> None:
    if submitted_at is None:
        return
    if submitted_at.tzinfo is None:
        raise LeadRejected("invalid_field", "submitted_at needs a UTC offset", "submitted_at")
    if not SUBMITTED_AT_EARLIEST <= submitted_at <= now + SUBMITTED_AT_SKEW:
        raise LeadRejected(
            "invalid_field",
            f"submitted_at {submitted_at.isoformat()} is not a time the lead can have been "
            f"sent: it must lie between {SUBMITTED_AT_EARLIEST:%Y-%m-%d} and a day from now",
            "submitted_at",
        )


def _check_jurisdiction(
    *, firm: Firm, data: LeadInput, location: validation.Location
) -> validation.Finding:
    evidence: dict[str, Any] = {
        "stated_state": data.state,
        "stated_zip": data.zip,
        "firm_states": list(firm.states),
        "notes": list(location.notes),
    }
    if data.state.strip() and not validation.normalize_state(data.state):
        evidence["unrecognised_state"] = data.state
    if not location.state or location.source not in ("zip", "state"):
        return validation.Finding(
            "jurisdiction",
            "unknown",
            "not_stated",
            "No state or ZIP code given; the area code does not decide jurisdiction",
            evidence,
        )
    evidence["state"] = location.state
    if not firm.states or location.state in firm.states:
        return validation.Finding(
            "jurisdiction", "valid", "served", f"{location.state} is served by the firm", evidence
        )
    return validation.Finding(
        "jurisdiction",
        "invalid",
        "out_of_jurisdiction",
        f"{location.state} is not among the firm's states ({', '.join(firm.states)})",
        evidence,
    )


def _lock_person(*, firm: Firm, phone: str, email: str) -> None:
    """Serialise the captures of one person of one firm until the transaction ends, so that
    of two requests about the same phone or email arriving together, the second sees the first
    (and is stored as its duplicate) instead of both finding no original.

    PostgreSQL: a transaction-level advisory lock per (firm, phone) and per (firm, email), taken
    in a fixed order so two requests never wait on each other crosswise; other firms and other
    people go on in parallel. SQLite: every write transaction is BEGIN IMMEDIATE (settings.py),
    which already lets one writer at a time through. Elsewhere: the firm's row is locked.
    """
    keys = sorted(
        {_lock_key(firm.pk, kind, value) for kind, value in (("p", phone), ("e", email)) if value}
    )
    if not keys:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for key in keys:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    elif connection.vendor != "sqlite":
        Firm.objects.select_for_update().filter(pk=firm.pk).exists()


def _lock_key(firm_id: int, kind: str, value: str) -> int:
    """A signed 64-bit advisory-lock key for one contact detail of one firm."""
    digest = hashlib.blake2b(f"lead:{firm_id}:{kind}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _find_original(*, firm: Firm, phone: str, email: str, now: datetime) -> Lead | None:
    match = Q()
    if phone:
        match |= Q(phone=phone)
    if email:
        match |= Q(email=email)
    if not match:
        return None
    since = now - timedelta(days=settings.STEADFAST_DUPLICATE_WINDOW_DAYS)
    earlier = (
        Lead.objects.filter(match, firm=firm, arrived_at__gte=since, arrived_at__lte=now)
        .order_by("arrived_at", "id")
        .first()
    )
    if earlier is None:
        return None
    return earlier.duplicate_of or earlier


def _in_firm_zone(lead: Lead) -> datetime:
    """When the lead arrived, in its firm's zone (the zone the whole app speaks in)."""
    return lead.arrived_at.astimezone(zoneinfo.ZoneInfo(lead.firm.timezone))


def _duplicate_finding(original: Lead | None, *, phone: str, email: str) -> validation.Finding:
    if original is None:
        return validation.Finding(
            "duplicate", "valid", "unique", "No lead with this phone or email in the window"
        )
    matched = [
        f
        for f, v, o in (("phone", phone, original.phone), ("email", email, original.email))
        if v and v == o
    ]
    return validation.Finding(
        "duplicate",
        "invalid",
        "duplicate",
        f"Same {' and '.join(matched) or 'contact data'} as lead #{original.pk}, "
        f"which arrived {_in_firm_zone(original):%Y-%m-%d %H:%M %Z}",
        {
            "original_lead": original.pk,
            "matched_on": matched,
            "original_arrived_at": original.arrived_at.isoformat(),
        },
    )


def _record_consent(*, lead: Lead, data: LeadInput, source: LeadSource, now: datetime) -> None:
    records = [
        ConsentRecord(
            firm=lead.firm,
            lead=lead,
            channel=channel,
            action=ConsentRecord.Action.GRANT,
            text_shown=data.consent_text,
            page_url=data.consent_page_url,
            ip_address=data.consent_ip or None,
            user_agent=_printable(data.consent_user_agent)[:300],
            source=data.consent_source or source.kind,
            evidence={"source": source.name, "external_id": data.external_id},
            at=data.submitted_at or now,
        )
        for channel in Channel.values
        if data.consent.get(channel)
    ]
    ConsentRecord.objects.bulk_create(records)


def _printable(text: str) -> str:
    """Header text as it can be stored: control characters (NUL included) dropped."""
    return "".join(ch for ch in text if ch.isprintable())


def lead_set_status(
    *,
    lead: Lead,
    status: str,
    reason: str = "",
    now: datetime,
    actor: User | None = None,
    note: str = "",
) -> bool:
    """Move a lead to a status, recording history and audit. Returns whether anything changed."""
    if lead.status == status and lead.status_reason == reason:
        return False
    previous = lead.status
    lead.status = status
    lead.status_reason = reason if status == Status.INVALID else ""
    lead.save(update_fields=["status", "status_reason", "updated_at"])
    StatusChange.objects.create(
        firm=lead.firm,
        lead=lead,
        from_status=previous,
        to_status=status,
        reason=lead.status_reason,
        note=note[:300],
        actor=actor,
        at=now,
    )
    audit_record(
        firm=lead.firm,
        at=now,
        action="lead.status",
        obj=lead,
        actor=actor,
        changes={"status": [previous, status], "reason": lead.status_reason},
    )
    return True
