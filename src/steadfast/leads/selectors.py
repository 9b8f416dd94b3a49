"""Reads about leads: tenant-checked fetches and the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.http import Http404

from steadfast.compliance.models import ConsentRecord
from steadfast.compliance.selectors import consent_current  # noqa: F401 - re-exported
from steadfast.db.rows import models_read
from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, LeadSource, ValidityCheck


def lead_get_for_source(*, source: LeadSource, lead_id: int) -> Lead:
    """A lead this source delivered; any other id — another source's, another firm's — is 404."""
    lead = Lead.objects.filter(pk=lead_id, firm_id=source.firm_id, source=source).first()
    if lead is None:
        raise Http404("no such lead")
    return lead


def lead_get_for_firm(*, firm: Firm, lead_id: int) -> Lead:
    lead = Lead.objects.filter(pk=lead_id, firm=firm).first()
    if lead is None:
        raise Http404("no such lead")
    return lead


def lead_validity(*, lead: Lead) -> dict[str, dict[str, Any]]:
    """The latest finding of each kind, with its evidence."""
    latest: dict[str, dict[str, Any]] = {}
    checks = models_read(
        ValidityCheck,
        "SELECT {columns} FROM leads_validitycheck x WHERE x.lead_id = %s"
        " ORDER BY x.checked_at, x.id",
        [lead.pk],
    )
    for check in checks:
        latest[check.kind] = {
            "result": check.result,
            "code": check.code,
            "detail": check.detail,
            "evidence": check.evidence,
            "checked_at": check.checked_at,
        }
    return latest


def lead_next_touch(*, lead: Lead) -> Touch | None:
    found = models_read(
        Touch,
        "SELECT {columns} FROM dispatch_touch x WHERE x.lead_id = %s AND x.state = %s"
        " ORDER BY x.due_at, x.id LIMIT 1",
        [lead.pk, TouchState.PLANNED],
    )
    return found[0] if found else None


def lead_planned_touches(*, lead: Lead) -> list[Touch]:
    """The follow-ups still to come: calls, texts, emails and the move to nurture."""
    return list(
        Touch.objects.filter(lead=lead, direction="out", state=TouchState.PLANNED).order_by(
            "due_at", "id"
        )
    )


def leads_contact_validity(*, leads: list[Lead]) -> dict[int, dict[str, ValidityCheck]]:
    """For each lead, the latest phone and email finding (one query for a page of leads)."""
    found: dict[int, dict[str, ValidityCheck]] = {lead.pk: {} for lead in leads}
    checks = ValidityCheck.objects.filter(
        lead__in=[lead.pk for lead in leads], kind__in=("phone", "email")
    ).order_by("checked_at", "id")
    for check in checks:
        found[check.lead_id][check.kind] = check
    return found


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # status | touch | check | consent | note
    summary: str
    data: dict[str, Any]


def _consent_entry(consent: ConsentRecord, extra: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(
        consent.at,
        "consent",
        f"Consent {consent.action} ({consent.channel})",
        {
            "channel": consent.channel,
            "action": consent.action,
            "source": consent.source,
            "text_shown": consent.text_shown,
            "page_url": consent.page_url,
            "ip_address": consent.ip_address,
            "user_agent": consent.user_agent,
            **extra,
        },
    )


def lead_timeline(*, lead: Lead, staff_notes: bool = True) -> list[TimelineEntry]:
    """Everything that happened to a lead, oldest first.

    `staff_notes=False` leaves out the notes people at the firm wrote (a lead source reads
    the timeline of its leads, never the firm's own notes)."""
    entries: list[TimelineEntry] = []
    for change in lead.status_changes.select_related("actor"):
        label = change.to_status + (f": {change.reason}" if change.reason else "")
        entries.append(
            TimelineEntry(
                change.at,
                "status",
                f"Status {label}",
                {
                    "from": change.from_status or None,
                    "to": change.to_status,
                    "reason": change.reason or None,
                    "note": change.note,
                    "by": change.actor.email if change.actor else None,
                },
            )
        )
    for check in lead.checks.all():
        entries.append(
            TimelineEntry(
                check.checked_at,
                "check",
                f"{check.kind} check: {check.result}",
                {
                    "check": check.kind,
                    "result": check.result,
                    "code": check.code,
                    "detail": check.detail,
                    "evidence": check.evidence,
                },
            )
        )
    for consent in lead.consents.select_related("actor"):
        by = consent.actor.email if consent.actor else None
        entries.append(_consent_entry(consent, {"by": by}))
    for touch in lead.touches.select_related("performed_by"):
        at = touch.done_at or touch.due_at
        entries.append(
            TimelineEntry(
                at,
                "touch",
                f"{touch.channel} {touch.direction} {touch.state}",
                {
                    "touch_id": touch.pk,
                    "channel": touch.channel,
                    "direction": touch.direction,
                    "step": touch.step,
                    "state": touch.state,
                    "due_at": touch.due_at,
                    "outcome": touch.outcome or None,
                    "reason": touch.reason,
                    "note": touch.failure_note,
                    "subject": touch.subject,
                    "content": touch.content,
                    "provider_code": touch.provider_code or None,
                    "by": touch.performed_by.email if touch.performed_by else None,
                },
            )
        )
    notes = lead.notes.select_related("author")
    if not staff_notes:
        notes = notes.filter(author__isnull=True)
    for note in notes:
        entries.append(
            TimelineEntry(
                note.created_at,
                "note",
                "Note",
                {
                    "body": note.body,
                    "remind_at": note.remind_at,
                    "by": note.author.email if note.author else None,
                },
            )
        )
    order = {"status": 0, "check": 1, "consent": 2, "touch": 3, "note": 4}
    entries.sort(key=lambda e: (e.at, order[e.kind]))
    return entries


def lead_timeline_for_source(*, lead: Lead) -> list[TimelineEntry]:
    """What the lead's vendor may see, oldest first: what it needs to settle a return.

    Status changes (with their reason code), validity checks, consent given or withdrawn (with
    the evidence that came with the lead), and
    each outbound attempt with its time, outcome and carrier/SMTP code (a bounce is one).
    Nothing a person wrote leaves through a source key: no notes, no staff names or emails,
    no message a member of staff wrote, no reply from the client, no inbound contact at all.
    """
    entries: list[TimelineEntry] = []
    for change in lead.status_changes.all():
        label = change.to_status + (f": {change.reason}" if change.reason else "")
        entries.append(
            TimelineEntry(
                change.at,
                "status",
                f"Status {label}",
                {
                    "from": change.from_status or None,
                    "to": change.to_status,
                    "reason": change.reason or None,
                },
            )
        )
    for check in lead.checks.all():
        entries.append(
            TimelineEntry(
                check.checked_at,
                "check",
                f"{check.kind} check: {check.result}",
                {
                    "check": check.kind,
                    "result": check.result,
                    "code": check.code,
                    "detail": check.detail,
                    "evidence": check.evidence,
                },
            )
        )
    for consent in lead.consents.all():
        # The evidence the vendor itself delivered with the lead, not who at the firm acted.
        entries.append(_consent_entry(consent, {}))
    for touch in lead.touches.filter(direction=Direction.OUT):
        at = touch.done_at or touch.due_at
        entries.append(
            TimelineEntry(
                at,
                "touch",
                f"{touch.channel} {touch.direction} {touch.state}",
                {
                    "touch_id": touch.pk,
                    "channel": touch.channel,
                    "direction": touch.direction,
                    "state": touch.state,
                    "due_at": touch.due_at,
                    "done_at": touch.done_at,
                    "outcome": touch.outcome or None,
                    "provider_code": touch.provider_code or None,
                },
            )
        )
    # Notes with no author came in through the API with a call outcome: the source's own.
    for note in lead.notes.filter(author__isnull=True):
        entries.append(
            TimelineEntry(note.created_at, "note", "Note", {"body": note.body, "by": None})
        )
    order = {"status": 0, "check": 1, "consent": 2, "touch": 3, "note": 4}
    entries.sort(key=lambda e: (e.at, order[e.kind]))
    return entries
