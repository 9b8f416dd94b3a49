"""Writes about leads and sources: capture with validation, status changes, API keys."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction

from steadfast.audit.models import AuditEvent
from steadfast.audit.services import audit_record, audit_values
from steadfast.compliance.models import Channel, ConsentRecord
from steadfast.db import prepared, rows
from steadfast.db.bulk import insert_one, insert_returning, insert_values, update_one
from steadfast.db.rows import models_read
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User
from steadfast.leads import origin, validation
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
    # The words of a newsletter checkbox the person ticked, when it had its own (the web form).
    newsletter_text: str = ""


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
        name: hashlib.sha256(_FINGERPRINT_JSON.encode(value).encode()).hexdigest()[:16]
        for name, value in values.items()
    }


# What json.dumps(value, sort_keys=True) writes, without making an encoder for every value.
_FINGERPRINT_JSON = json.JSONEncoder(sort_keys=True)


def _repeat(lead: Lead, data: LeadInput, checked: Checked | LeadRejected | None = None) -> Intake:
    """The lead already stored for this external_id, if the input is the same; else 409.
    `checked`: what lead_check found for the input, if known (it holds the fingerprint)."""
    if lead.intake_fingerprint:  # leads stored before fingerprints were kept: not compared
        now = checked.fingerprint if isinstance(checked, Checked) else intake_fingerprint(data)
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


def sources_with_prefix(prefix: str) -> list[LeadSource]:
    """The sources whose key starts so, each with its firm: one direct statement (every API
    request makes it; the ORM took longer to compile the query than the database to run it)."""
    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's (the proxy looks it up each time)
    sources, firms = rows.reader(wrapper, LeadSource, "s"), rows.reader(wrapper, Firm, "f")
    found = prepared.execute(
        f"SELECT {sources.columns}, {firms.columns} FROM leads_leadsource s "  # noqa: S608 - columns of the models
        "JOIN firms_firm f ON f.id = s.firm_id WHERE s.api_key_prefix = %s",
        [prefix],
    ).rows
    read = []
    for row in found:
        source = sources.model(row, 0, wrapper)
        LeadSource.firm.field.set_cached_value(source, firms.model(row, sources.width, wrapper))
        read.append(source)
    return read


def source_for_key(key: str) -> LeadSource | None:
    """The active source this key belongs to, or None (unknown, malformed or revoked)."""
    match = _KEY_FORMAT.fullmatch(key)
    if match is None:
        return None
    digest = _hash_key(key)
    for source in sources_with_prefix(match[1]):
        if hmac.compare_digest(source.api_key_hash, digest):
            if source.api_key_revoked_at is not None or not source.active:
                return None
            return source
    return None


# --- Capture --------------------------------------------------------------------------------


# What the engine does with leads once they are stored, in the same transaction (plan their
# cadences): `engine.events.lead_arrive` passes it. Intake never calls the engine itself.
Arrived = Callable[[list[Lead], datetime], None]


def lead_capture(
    *,
    source: LeadSource,
    data: LeadInput,
    now: datetime,
    arrived: Arrived,
    actor: User | None = None,
    stored: Callable[[Lead], object] | None = None,
) -> Intake:
    """Validate and store a lead, idempotent on (source, external_id).

    A lead whose only contact data is malformed is stored as invalid with the evidence (the
    firm paid for it and needs the proof to return it); input with no contact data at all is
    rejected. Either everything is saved or nothing is. `stored`: what the caller keeps with
    a new lead (the API: the delivery as it arrived), written in the same transaction.
    """
    if data.external_id is not None:
        # A direct statement (every lead with a reference of its source makes it), on the
        # lead_external_id_unique_per_source index: at most one row.
        found = models_read(
            Lead,
            "SELECT {columns} FROM leads_lead x WHERE x.source_id = %s AND x.external_id = %s",
            [source.pk, data.external_id],
        )
        if found:
            return _repeat(found[0], data)
    checked = lead_check(firm=source.firm, data=data, now=now)
    return _capture_checked(
        source=source, checked=checked, now=now, arrived=arrived, actor=actor, stored=stored
    )


def _capture_checked(
    *,
    source: LeadSource,
    checked: Checked,
    now: datetime,
    arrived: Arrived,
    actor: User | None = None,
    stored: Callable[[Lead], object] | None = None,
) -> Intake:
    """The rest of `lead_capture`, for an input `lead_check` passed: stored alone."""
    data = checked.data
    try:
        with transaction.atomic():
            (lead,) = _store(source=source, items=[checked], now=now, actor=actor, arrived=arrived)
            if stored is not None:
                stored(lead)
    except IntegrityError:
        # Two requests with the same external_id raced; the other one won.
        if data.external_id is None:
            raise
        existing = Lead.objects.filter(source=source, external_id=data.external_id).first()
        if existing is None:
            raise
        return _repeat(existing, data, checked)
    return Intake(lead, created=True)


# --- Capture of concurrent requests, together -------------------------------------------


@dataclass
class _Waiting:
    """A request's checked input, waiting to be stored with the others of its batch."""

    source: LeadSource
    checked: Checked
    now: datetime
    arrived: Arrived
    stored: Callable[[Lead], object] | None
    answer: Intake | Exception | None = None


_waiting: list[_Waiting] = []
_waiting_guard = threading.Lock()
_storing = threading.Lock()  # one batch at a time in this process


def lead_capture_together(
    *,
    source: LeadSource,
    data: LeadInput,
    now: datetime,
    arrived: Arrived,
    stored: Callable[[Lead], object] | None = None,
) -> Intake:
    """`lead_capture` for one of many concurrent requests (the API under a burst).

    The input is checked in the request's own thread; then the requests of this process
    that arrive while a batch is being stored wait for it and are stored together in the
    next one, by whichever of them gets there first: one transaction and a few statements
    for the batch (`lead_capture_many`, as an import stores its rows) instead of a
    transaction each, every one queued on the database's single writer. Each request gets
    the answer `lead_capture` would have given it at that point (a duplicate of a lead
    earlier in the batch is one; the same external_id twice is stored once). The leads of a
    batch arrive at the time of its latest request: those that waited for the batch before
    it are stamped up to that long after they came in. If storing the batch fails, each of
    its inputs is stored alone, so one request's failure is no other's."""
    try:
        checked = lead_check(firm=source.firm, data=data, now=now)
    except LeadRejected:
        # The same external_id again is answered from the lead stored for it (as
        # lead_capture answers it), whatever the input; else the refusal stands.
        if data.external_id is not None:
            existing = Lead.objects.filter(source=source, external_id=data.external_id).first()
            if existing:
                return _repeat(existing, data)
        raise
    mine = _Waiting(source=source, checked=checked, now=now, arrived=arrived, stored=stored)
    if connection.in_atomic_block:  # inside the caller's own transaction: stored there
        _store_alone(mine)
    else:
        with _waiting_guard:
            _waiting.append(mine)
        with _storing:
            if mine.answer is None:  # not taken by the batch before: store all that waited
                with _waiting_guard:
                    batch = _waiting[:]
                    _waiting.clear()
                try:
                    _store_together(batch)
                finally:  # stopped short (the process is stopping): none left waiting
                    for waiting in batch:
                        if waiting.answer is None:
                            waiting.answer = RuntimeError(
                                "the batch this lead was in stopped before storing it"
                            )
    if isinstance(mine.answer, Exception):
        raise mine.answer
    if mine.answer is None:
        raise RuntimeError("the batch this lead was in stopped before storing it")
    return mine.answer


def _store_together(batch: list[_Waiting]) -> None:
    """Store a batch of waiting inputs in one transaction and answer each of them."""
    if len(batch) == 1:  # alone: as lead_capture stores it
        _store_alone(batch[0])
        return
    now = max(w.now for w in batch)
    groups: dict[tuple[int, int], list[_Waiting]] = {}
    for waiting in batch:  # lead_capture_many stores the leads of one source
        groups.setdefault((waiting.source.pk, id(waiting.arrived)), []).append(waiting)
    answers: list[tuple[_Waiting, Intake | LeadRejected]] = []
    try:
        with transaction.atomic():
            for group in groups.values():
                got = lead_capture_many(
                    source=group[0].source,
                    items=[w.checked.data for w in group],
                    now=now,
                    arrived=group[0].arrived,
                    checked=[w.checked for w in group],
                )
                for waiting, answer in zip(group, got, strict=True):
                    if isinstance(answer, Intake) and answer.created and waiting.stored:
                        waiting.stored(answer.lead)
                    answers.append((waiting, answer))
    except Exception:
        # Nothing of the batch was stored: each input alone, failing (if it does) alone.
        for waiting in batch:
            _store_alone(waiting)
        return
    for waiting, answer in answers:
        waiting.answer = answer


def _store_alone(waiting: _Waiting) -> None:
    """One input stored on its own, as lead_capture stores it (a batch looks up the stored
    external_ids of all its inputs at once)."""
    data = waiting.checked.data
    try:
        if data.external_id is not None:
            existing = Lead.objects.filter(
                source=waiting.source, external_id=data.external_id
            ).first()
            if existing:
                waiting.answer = _repeat(existing, data, waiting.checked)
                return
        waiting.answer = _capture_checked(
            source=waiting.source,
            checked=waiting.checked,
            now=waiting.now,
            arrived=waiting.arrived,
            stored=waiting.stored,
        )
    except Exception as exc:
        waiting.answer = exc  # raised again in the request's own thread


def lead_capture_many(
    *,
    source: LeadSource,
    items: list[LeadInput],
    now: datetime,
    arrived: Arrived,
    actor: User | None = None,
    checked: Sequence[Checked | LeadRejected | None] | None = None,
) -> list[Intake | LeadRejected]:
    """`lead_capture` for each input in order, stored together in one transaction with a few
    statements for the whole batch (an import). Each answer is what `lead_capture` would have
    answered for that input at that point: its lead (new, or stored before for its
    external_id, in the database or earlier in the batch), or why it was refused. A lead is
    a duplicate of an earlier one in the same batch as it would be of one stored before.

    `checked`: what `lead_check(firm=source.firm, data=item, now=now)` gave for each item,
    when it was worked out beforehand (an import checks its rows in another process; None
    where it was not); it is used where `lead_check` would be called."""
    answers: list[Intake | LeadRejected | None] = [None] * len(items)
    wanted = {d.external_id for d in items if d.external_id is not None}
    stored = (
        {
            lead.external_id: lead
            for lead in Lead.objects.filter(source=source, external_id__in=wanted)
        }
        if wanted
        else {}
    )
    fresh: list[tuple[int, Checked]] = []
    first_with: dict[str, int] = {}  # an external_id's first input in this batch
    for i, data in enumerate(items):
        before = checked[i] if checked is not None else None
        try:
            if data.external_id is not None and data.external_id in stored:
                answers[i] = _repeat(stored[data.external_id], data, before)
                continue
            if data.external_id is not None and data.external_id in first_with:
                continue  # answered below, once the first one is stored
            if isinstance(before, LeadRejected):
                raise before
            found = before or lead_check(firm=source.firm, data=data, now=now)
        except LeadRejected as exc:
            answers[i] = exc
            continue
        if data.external_id is not None:
            first_with[data.external_id] = i
        fresh.append((i, found))
    with transaction.atomic():
        leads = _store(
            source=source, items=[c for _, c in fresh], now=now, actor=actor, arrived=arrived
        )
    for (i, _), lead in zip(fresh, leads, strict=True):
        answers[i] = Intake(lead, created=True)
    for i, data in enumerate(items):
        if answers[i] is None:  # a repeat of an external_id first seen in this batch
            first = answers[first_with[data.external_id or ""]]
            assert isinstance(first, Intake)
            try:
                answers[i] = _repeat(first.lead, data, checked[i] if checked is not None else None)
            except LeadRejected as exc:
                answers[i] = exc
    return [a for a in answers if a is not None]


@dataclass
class Checked:
    """An input that passed every check that needs no database, with what they found."""

    data: LeadInput
    phone: validation.PhoneResult
    email: validation.EmailResult
    location: validation.Location
    jurisdiction: validation.Finding
    status: str
    reason: str
    language: str
    fingerprint: dict[str, str]  # intake_fingerprint(data), for a lead with an external_id


def lead_check(*, firm: Firm, data: LeadInput, now: datetime) -> Checked:
    """Every check of an input that needs no database (pure: the same input, firm and time
    give the same answer); LeadRejected when it cannot become a lead at all."""
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
    return Checked(
        data=data,
        phone=phone,
        email=email,
        location=location,
        jurisdiction=jurisdiction,
        status=status,
        reason=reason,
        language=language_of(data.message),
        fingerprint=intake_fingerprint(data) if data.external_id else {},
    )


def _store(
    *,
    source: LeadSource,
    items: list[Checked],
    now: datetime,
    actor: User | None,
    arrived: Arrived,
) -> list[Lead]:
    """Store checked inputs as leads, in order, inside the caller's transaction: duplicates
    found (in the database and among earlier items), validity evidence, status history,
    consent and the audit trail; then `arrived` (the engine) plans them."""
    if not items:
        return []
    firm = source.firm
    phones = {c.phone.e164 for c in items if c.phone.e164}
    emails = {c.email.normalized for c in items if c.email.normalized}
    _lock_people(firm=firm, phones=phones, emails=emails)
    earliest = _earliest_with(firm=firm, phones=phones, emails=emails, now=now)

    leads: list[Lead] = []
    for checked in items:
        data, phone, email = checked.data, checked.phone.e164, checked.email.normalized
        original = _original_among(earliest, phone=phone, email=email)
        status, reason = checked.status, checked.reason
        initiated_by, initiation_evidence = _who_started(source=source, data=data, actor=actor)
        newsletter = bool(data.consent.get("newsletter"))
        if original is not None and status == Status.NEW:
            status, reason = Status.INVALID, InvalidReason.DUPLICATE
        lead = Lead(
            firm=firm,
            source=source,
            external_id=data.external_id,
            intake_fingerprint=checked.fingerprint,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            phone_raw=data.phone.strip(),
            phone=phone,
            phone_region=checked.phone.region,
            email_raw=data.email.strip(),
            email=email,
            stated_state=validation.normalize_state(data.state) or "",
            stated_zip=data.zip.strip(),
            practice_area=data.practice_area.strip(),
            message=data.message.strip(),
            language=checked.language,
            status=status,
            status_reason=reason,
            duplicate_of=original,
            timezone=checked.location.zones[0],
            timezone_source=checked.location.source,
            timezone_candidates=list(checked.location.zones),
            jurisdiction_state=checked.location.state,
            initiated_by=initiated_by,
            initiation_evidence=initiation_evidence,
            newsletter_opt_in_at=(data.submitted_at or now) if newsletter else None,
            newsletter_opt_in_evidence=_newsletter_evidence(data, source) if newsletter else {},
            submitted_at=data.submitted_at,
            arrived_at=now,
        )
        lead.fold_search_text()  # what save() does; a bulk insert does not call it
        leads.append(lead)
        # Later items find this one as the earliest with its phone and email (the database's
        # matches arrived no later and have smaller ids, so they stay first).
        for key in (("p", phone), ("e", email)):
            if key[1] and key not in earliest:
                earliest[key] = lead
    # A duplicate of an earlier item needs that item's id: the originals go first.
    first = [lead for lead in leads if lead.duplicate_of is None or lead.duplicate_of.pk]
    then = [lead for lead in leads if lead.duplicate_of is not None and not lead.duplicate_of.pk]
    insert_returning(first)
    for lead in then:
        # Set again now that the original has its id: the id is written, and the original
        # stays at hand (setting duplicate_of_id alone would make it a query per lead).
        lead.duplicate_of = lead.duplicate_of
    insert_returning(then)

    # The rows nothing refers to are written as column values (db.bulk.insert_values): no
    # model instances to build for the dozen rows of each lead.
    checks: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    audit: list[dict[str, Any]] = []
    consent: list[dict[str, Any]] = []
    label = actor.email if actor else f"source:{source.name}"
    actor_id = actor.pk if actor is not None else None
    received = f"received from {source.name}"
    for checked, lead in zip(items, leads, strict=True):
        duplicate = _duplicate_finding(
            lead.duplicate_of, firm=firm, phone=lead.phone, email=lead.email
        )
        for f in (checked.phone.finding, checked.email.finding, checked.jurisdiction, duplicate):
            checks.append(
                {
                    "firm_id": firm.pk,
                    "lead_id": lead.pk,
                    "kind": f.kind,
                    "result": f.result,
                    "code": f.code,
                    "detail": f.detail[:300],
                    "evidence": f.evidence,
                    "checked_at": now,
                }
            )
        history.append(
            {
                "firm_id": firm.pk,
                "lead_id": lead.pk,
                "to_status": Status.NEW,
                "at": now,
                "actor_id": actor_id,
                "note": received,
            }
        )
        if lead.status != Status.NEW:
            history.append(
                {
                    "firm_id": firm.pk,
                    "lead_id": lead.pk,
                    "from_status": Status.NEW,
                    "to_status": lead.status,
                    "reason": lead.status_reason,
                    "note": "found at intake",
                    "actor_id": actor_id,
                    "at": now,
                }
            )
            audit.append(
                audit_values(
                    firm=firm,
                    at=now,
                    action="lead.status",
                    obj=lead,
                    actor=actor,
                    changes={
                        "status": [Status.NEW, lead.status],
                        "reason": lead.status_reason,
                    },
                )
            )
        consent.extend(_consent_records(lead=lead, data=checked.data, source=source, now=now))
        audit.append(
            audit_values(
                firm=firm,
                at=now,
                action="lead.created",
                obj=lead,
                actor=actor,
                actor_label=label,
                changes={"status": lead.status, "status_reason": lead.status_reason},
            )
        )
    insert_values(ValidityCheck, checks)
    insert_values(StatusChange, history)
    insert_values(ConsentRecord, consent)
    insert_values(AuditEvent, audit)
    arrived(leads, now)
    return leads


def _who_started(
    *, source: LeadSource, data: LeadInput, actor: User | None
) -> tuple[str, dict[str, Any]]:
    """Who started the contact, and the evidence (leads.origin): the firm's embedded form is
    the firm's own form whatever the source's kind."""
    kind = SourceKind.WEB_FORM if data.consent_source == SourceKind.WEB_FORM else source.kind
    return origin.classify(
        source_kind=kind,
        source_name=source.name,
        consent_text=data.consent_text or "",
        firm_name=source.firm.name,
        firm_website=source.firm.website,
        page_url=data.consent_page_url,
        external_id=data.external_id,
        actor=actor.email if actor is not None else "",
    )


def _newsletter_evidence(data: LeadInput, source: LeadSource) -> dict[str, Any]:
    return {
        "source": source.name,
        "consent_text": (data.newsletter_text or data.consent_text)[:2000],
        "page_url": data.consent_page_url[:500],
        "via": data.consent_source or source.kind,
    }


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


def _lock_people(*, firm: Firm, phones: set[str], emails: set[str]) -> None:
    """Serialise the captures of the same people of one firm until the transaction ends, so
    that of two requests about the same phone or email arriving together, the second sees the
    first (and is stored as its duplicate) instead of both finding no original.

    PostgreSQL: a transaction-level advisory lock per (firm, phone) and per (firm, email), taken
    in a fixed order so two requests never wait on each other crosswise; other firms and other
    people go on in parallel. SQLite: every write transaction is BEGIN IMMEDIATE (settings.py),
    which already lets one writer at a time through. Elsewhere: the firm's row is locked.
    """
    keys = sorted(
        {_lock_key(firm.pk, "p", value) for value in phones}
        | {_lock_key(firm.pk, "e", value) for value in emails}
    )
    if not keys:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # One statement; the locks are taken in the order of the sorted array.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k ORDER BY k",
                [keys],
            )
    elif connection.vendor != "sqlite":
        Firm.objects.select_for_update().filter(pk=firm.pk).exists()


def _lock_key(firm_id: int, kind: str, value: str) -> int:
    """A signed 64-bit advisory-lock key for one contact detail of one firm."""
    digest = hashlib.blake2b(f"lead:{firm_id}:{kind}:{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _earliest_with(
    *, firm: Firm, phones: set[str], emails: set[str], now: datetime
) -> dict[tuple[str, str], Lead]:
    """The firm's earliest lead in the duplicate window with each of these phones ("p", …)
    and emails ("e", …), read at once."""
    since = now - timedelta(days=settings.STEADFAST_DUPLICATE_WINDOW_DAYS)
    wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's (the proxy looks it up each time)
    leads, originals = rows.reader(wrapper, Lead, "x"), rows.reader(wrapper, Lead, "d")
    adapt = wrapper.ops.adapt_datetimefield_value
    matches: dict[int, Lead] = {}
    # A statement for each (one with "phone IN … OR email IN …" reads every lead of the firm
    # on SQLite, whose planner takes the firm's index for it): each reads its own index
    # (lead_dup_phone, lead_dup_email). Direct statements: every lead that arrives makes them.
    for column, values in (("phone", phones), ("email", emails)):
        if not values:
            continue
        statement = _earliest_statement(
            wrapper.vendor, column, len(values), columns=f"{leads.columns}, {originals.columns}"
        )
        if wrapper.vendor == "postgresql":
            params = [sorted(values), firm.pk, adapt(since), adapt(now)]
        else:
            params = [firm.pk, *sorted(values), adapt(since), adapt(now)]
        read = prepared.execute(statement, params).rows
        for row in read:
            lead = leads.model(row, 0, wrapper)
            original = originals.model(row, leads.width, wrapper) if lead.duplicate_of_id else None
            Lead.duplicate_of.field.set_cached_value(lead, original)  # as select_related
            matches.setdefault(lead.pk, lead)
    found: dict[tuple[str, str], Lead] = {}
    for lead in sorted(matches.values(), key=lambda lead: (lead.arrived_at, lead.pk)):
        for key in (("p", lead.phone), ("e", lead.email)):
            if key[1] and (key[1] in phones if key[0] == "p" else key[1] in emails):
                found.setdefault(key, lead)
    return found


def _earliest_statement(vendor: str, column: str, count: int, *, columns: str) -> str:
    """The statement that reads the firm's leads in the window with one of `count` phones or
    emails (`column`), each with its original: on PostgreSQL the earliest of each value, with
    its parameters (values, firm, since, until); elsewhere every one, with (firm, *values,
    since, until)."""
    if vendor == "postgresql":
        # One index probe a value: the statement's text is the same for one value or an import
        # batch's 400, so it is prepared once, and its plan (a nested loop over lead_dup_phone
        # or lead_dup_email, which alone hold every condition and the order) does not depend
        # on the table's statistics. With "x.phone IN (…400 values…)" PostgreSQL's generic plan
        # read the arrived_at index and filtered every lead of the window (it estimated 5
        # rows), and with no statistics even a custom plan read the firm's index: each batch
        # of an import read the whole table again (docs/benchmarks.md, "The duplicate lookup
        # of an import on PostgreSQL"). The earliest of each value is all the caller keeps.
        return (
            f"SELECT {columns} FROM unnest(%s::text[]) AS v(value) "  # noqa: S608 - columns of the models
            "CROSS JOIN LATERAL (SELECT * FROM leads_lead y "
            f"WHERE y.firm_id = %s AND y.{column} = v.value "
            "AND y.arrived_at >= %s AND y.arrived_at <= %s "
            "ORDER BY y.arrived_at, y.id LIMIT 1) x "
            "LEFT JOIN leads_lead d ON d.id = x.duplicate_of_id"
        )
    return (
        f"SELECT {columns} FROM leads_lead x "  # noqa: S608 - columns of the models
        "LEFT JOIN leads_lead d ON d.id = x.duplicate_of_id "
        f"WHERE x.firm_id = %s AND x.{column} IN ({', '.join(['%s'] * count)}) "
        "AND x.arrived_at >= %s AND x.arrived_at <= %s"
    )


def _original_among(
    earliest: dict[tuple[str, str], Lead], *, phone: str, email: str
) -> Lead | None:
    """The lead a new one with this phone and email duplicates: the earliest with either
    (its own original, if it is a duplicate itself), or None."""
    candidates = [earliest[k] for k in (("p", phone), ("e", email)) if k[1] and k in earliest]
    if not candidates:
        return None
    earlier = min(candidates, key=lambda lead: (lead.arrived_at, lead.pk or 2**63))
    return earlier.duplicate_of or earlier


def _duplicate_finding(
    original: Lead | None, *, firm: Firm, phone: str, email: str
) -> validation.Finding:
    if original is None:
        return validation.Finding(
            "duplicate", "valid", "unique", "No lead with this phone or email in the window"
        )
    matched = [
        f
        for f, v, o in (("phone", phone, original.phone), ("email", email, original.email))
        if v and v == o
    ]
    # In the firm's zone (the zone the whole app speaks in); the original is the firm's too.
    arrived = original.arrived_at.astimezone(zoneinfo.ZoneInfo(firm.timezone))
    return validation.Finding(
        "duplicate",
        "invalid",
        "duplicate",
        f"Same {' and '.join(matched) or 'contact data'} as lead #{original.pk}, "
        f"which arrived {arrived:%Y-%m-%d %H:%M %Z}",
        {
            "original_lead": original.pk,
            "matched_on": matched,
            "original_arrived_at": original.arrived_at.isoformat(),
        },
    )


def _consent_records(
    *, lead: Lead, data: LeadInput, source: LeadSource, now: datetime
) -> list[dict[str, Any]]:
    """The lead's consent grants, as ConsentRecord column values."""
    granted = [channel for channel in Channel.values if data.consent.get(channel)]
    if not granted:
        return []
    shared = {
        "firm_id": lead.firm_id,
        "lead_id": lead.pk,
        "action": ConsentRecord.Action.GRANT,
        "text_shown": data.consent_text,
        "page_url": data.consent_page_url,
        "ip_address": data.consent_ip or None,
        "user_agent": _printable(data.consent_user_agent)[:300],
        "source": data.consent_source or source.kind,
        "evidence": {"source": source.name, "external_id": data.external_id},
        "at": data.submitted_at or now,
    }
    return [{**shared, "channel": channel} for channel in granted]


def _printable(text: str) -> str:
    """Header text as it can be stored: control characters (NUL included) dropped."""
    return "".join(ch for ch in text if ch.isprintable())


def lead_update(*, lead: Lead, fields: Sequence[str]) -> None:
    """`lead.save(update_fields=fields)` as one direct UPDATE (`db.bulk.update_one`), the
    search text brought up to date too as Lead.save does: for the engine's events."""
    if lead.fold_search_text():
        fields = [*fields, "search_text"]
    update_one(lead, fields)


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
    # Written directly (every event that moves a lead makes these), as save() and create()
    # write them.
    lead_update(lead=lead, fields=["status", "status_reason", "updated_at"])
    insert_one(
        StatusChange(
            firm=lead.firm,
            lead=lead,
            from_status=previous,
            to_status=status,
            reason=lead.status_reason,
            note=note[:300],
            actor=actor,
            at=now,
        )
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
