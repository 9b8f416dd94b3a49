"""Writes for compliance: suppressions, consent changes and dead channels, each audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction

from steadfast.audit.services import audit_record
from steadfast.compliance.bar import bar_rules_for
from steadfast.compliance.contact_window import ContactWindow
from steadfast.compliance.models import BarRuleSettings, ConsentRecord, Suppression
from steadfast.db.bulk import insert_one
from steadfast.db.rows import models_read
from steadfast.errors import Refused
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead


def _value_for(lead: Lead, channel: str) -> str:
    return lead.email if channel == "email" else lead.phone


def suppression_add(
    *, lead: Lead, channel: str, reason: str, now: datetime, evidence: dict[str, Any] | None = None
) -> Suppression | None:
    value = _value_for(lead, channel)
    if not value:
        return None
    # get_or_create in direct statements (every dead number and bounced address makes them):
    # the row found on the suppressed_once key, else a new one in a savepoint; a row another
    # transaction wrote meanwhile fails the insert and is read instead, as get_or_create does.
    existing = _suppression(lead.firm_id, channel, value)
    if existing is not None:
        return existing
    row = Suppression(
        firm_id=lead.firm_id,
        channel=channel,
        value=value,
        reason=reason,
        lead=lead,
        evidence=evidence or {},
        created_at=now,
    )
    try:
        with transaction.atomic():
            insert_one(row)
    except IntegrityError:
        existing = _suppression(lead.firm_id, channel, value)
        if existing is None:
            raise
        return existing
    audit_record(
        firm=lead.firm,
        at=now,
        action="suppression.added",
        obj=row,
        changes={"channel": channel, "reason": reason, "lead": lead.pk},
    )
    return row


def _suppression(firm_id: int, channel: str, value: str) -> Suppression | None:
    found = models_read(
        Suppression,
        "SELECT {columns} FROM compliance_suppression x"
        " WHERE x.firm_id = %s AND x.channel = %s AND x.value = %s",
        [firm_id, channel, value],
    )
    return found[0] if found else None


def suppression_remove(
    *, lead: Lead, channel: str, reasons: tuple[str, ...], now: datetime, actor: User | None = None
) -> int:
    value = _value_for(lead, channel)
    rows = list(
        Suppression.objects.filter(
            firm_id=lead.firm_id, channel=channel, value=value, reason__in=reasons
        )
    )
    for row in rows:
        audit_record(
            firm=lead.firm,
            at=now,
            action="suppression.removed",
            obj=row,
            actor=actor,
            changes={"channel": channel, "reason": row.reason},
        )
        row.delete()
    return len(rows)


def consent_change(
    *,
    lead: Lead,
    channel: str,
    grant: bool | str,
    now: datetime,
    source: str,
    actor: User | None = None,
    evidence: dict[str, Any] | None = None,
    text_shown: str = "",
) -> ConsentRecord:
    record = ConsentRecord.objects.create(
        firm_id=lead.firm_id,
        lead=lead,
        channel=channel,
        action=(
            grant
            if isinstance(grant, str)
            else ConsentRecord.Action.GRANT
            if grant
            else ConsentRecord.Action.REVOKE
        ),
        source=source,
        actor=actor,
        evidence=evidence or {},
        text_shown=text_shown,
        at=now,
    )
    audit_record(
        firm=lead.firm,
        at=now,
        action=f"consent.{record.action}",
        obj=record,
        actor=actor,
        changes={"channel": channel, "lead": lead.pk, "source": source},
    )
    return record


def contact_window_set(
    *, lead: Lead, window: ContactWindow, now: datetime, source: str, evidence: dict[str, Any]
) -> None:
    """The person limited the hours of contact: the lead's window, and a `limit` record per
    channel on the consent ledger (a partial revocation, with the person's words)."""
    lead.contact_window = window.to_json()
    lead.save(update_fields=["contact_window", "updated_at"])
    for channel in sorted(window.channels):
        consent_change(
            lead=lead,
            channel=channel,
            grant=ConsentRecord.Action.LIMIT,
            now=now,
            source=source,
            evidence={"window": window.describe(), "words": window.text, **evidence},
        )


@transaction.atomic
def bar_overrides_update(
    *, firm: Firm, overrides: dict[str, Any], now: datetime, actor: User | None
) -> bool:
    """Replace the firm's overrides of the bar-rule table (compliance.bar); returns whether
    they changed. Read with `bar_rules_for` first: one it cannot read is refused, naming the
    key, and nothing is stored. Every change is audited with the old and the new value."""
    if not isinstance(overrides, dict):
        raise Refused('expected an object keyed by rule, like {"TX.waiting_period": {"days": 31}}')
    bar_rules_for(overrides or None)  # a bad override is refused, naming the key
    stored, _ = BarRuleSettings.objects.select_for_update().get_or_create(firm=firm)
    previous = stored.overrides or {}
    if previous == overrides:
        return False
    stored.overrides, stored.updated_at, stored.updated_by = overrides, now, actor
    stored.save(update_fields=["overrides", "updated_at", "updated_by"])
    audit_record(
        firm=firm,
        at=now,
        action="firm.bar_rule_overrides",
        obj=stored,
        actor=actor,
        changes={"bar_rule_overrides": [previous, overrides]},
    )
    return True
