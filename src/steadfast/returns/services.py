"""Writes for vendor returns: policies, deliveries, and a dispute's life
(draft → submitted → accepted / partly accepted / rejected), each on the audit log and on the
returned leads' timelines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from steadfast.audit.services import audit_record
from steadfast.db.bulk import insert_values
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead, LeadSource, Note
from steadfast.returns import selectors
from steadfast.returns.models import (
    RETURN_REASONS,
    UNREACHABLE,
    Delivery,
    Dispute,
    DisputeItem,
    DisputeState,
    ReturnPolicy,
)
from steadfast.returns.packet import packet_build

MAX_WINDOW_HOURS = 24 * 366


class ReturnRefused(Exception):
    """A return action that cannot be done, with a message for the person who asked."""


@dataclass(frozen=True)
class PolicyInput:
    window_hours: int
    reasons: list[str]
    unreachable_attempts: int | None = None
    unreachable_days: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    price: Decimal | None = None


def policy_save(
    *, source: LeadSource, data: PolicyInput, actor: User | None, now: datetime
) -> ReturnPolicy:
    if not 0 <= data.window_hours <= MAX_WINDOW_HOURS:
        raise ReturnRefused(f"window: between 0 and {MAX_WINDOW_HOURS} hours")
    unknown = sorted(set(data.reasons) - set(RETURN_REASONS))
    if unknown:
        raise ReturnRefused(f"reasons: unknown {', '.join(unknown)}")
    if UNREACHABLE in data.reasons and not (data.unreachable_attempts and data.unreachable_days):
        raise ReturnRefused("unreachable: give the number of attempts and the days they span")
    if data.price is not None and data.price != source.cost_per_lead:
        # The price is the source's cost per lead: one figure for spend and for credits.
        source.cost_per_lead = data.price
        source.save(update_fields=["cost_per_lead"])
    row, _ = ReturnPolicy.objects.update_or_create(
        source=source,
        defaults={
            "firm_id": source.firm_id,
            "window_hours": data.window_hours,
            "reasons": [r for r in RETURN_REASONS if r in data.reasons],
            "unreachable_attempts": data.unreachable_attempts,
            "unreachable_days": data.unreachable_days,
            "contact_name": data.contact_name.strip()[:100],
            "contact_email": data.contact_email.strip()[:320],
            "updated_at": now,
        },
    )
    audit_record(
        firm=source.firm,
        at=now,
        action="return_policy.save",
        obj=row,
        actor=actor,
        changes={
            "source": source.name,
            "window_hours": data.window_hours,
            "reasons": row.reasons,
            "price": str(source.cost_per_lead),
        },
    )
    return row


def delivery_record(
    *,
    lead: Lead,
    via: str,
    body: str,
    content_type: str = "",
    remote_addr: str | None = None,
    user_agent: str = "",
    now: datetime,
) -> None:
    """Keep a new lead exactly as it arrived, in the transaction that stores it (once: a
    lead has one delivery, its first; a repeated delivery is not a new lead)."""
    insert_values(
        Delivery,
        [
            {
                "firm_id": lead.firm_id,
                "lead_id": lead.pk,
                "via": via,
                "body": body,
                "content_type": content_type[:100],
                "remote_addr": remote_addr or None,
                "user_agent": user_agent[:300],
                "received_at": now,
            }
        ],
    )


def _timeline(lead: Lead, text: str, actor: User | None, now: datetime) -> None:
    Note.objects.create(firm_id=lead.firm_id, lead=lead, author=actor, body=text, created_at=now)


@transaction.atomic
def dispute_create(
    *, firm: Firm, source: LeadSource, lead_ids: list[int], actor: User | None, now: datetime
) -> Dispute:
    """A draft dispute of the chosen leads, each with the reason it is returnable now."""
    if source.firm_id != firm.pk:
        raise ReturnRefused("no such source")
    chosen = set(lead_ids)
    if not chosen:
        raise ReturnRefused("choose at least one lead to return")
    candidates = {
        c.lead.pk: c
        for c in selectors.return_candidates(firm=firm, now=now, source=source)
        if c.lead.pk in chosen
    }
    missing = sorted(chosen - candidates.keys())
    if missing:
        raise ReturnRefused(
            "not returnable now (window closed, no accepted reason, or already in a dispute): "
            + ", ".join(f"lead {pk}" for pk in missing)
        )
    dispute = Dispute.objects.create(firm=firm, source=source, created_by=actor, created_at=now)
    DisputeItem.objects.bulk_create(
        DisputeItem(dispute=dispute, lead=c.lead, reason=c.reason, price=source.cost_per_lead)
        for c in candidates.values()
    )
    audit_record(
        firm=firm,
        at=now,
        action="dispute.create",
        obj=dispute,
        actor=actor,
        changes={"source": source.name, "leads": sorted(candidates)},
    )
    return dispute


def dispute_packet(*, dispute: Dispute, now: datetime) -> dict:
    items = [(i.lead, i.reason) for i in dispute.items.select_related("lead", "lead__source")]
    return packet_build(
        firm=dispute.firm,
        items=items,
        now=now,
        title=f"Return request {dispute.pk} to {dispute.source.name}",
    )


@transaction.atomic
def dispute_submit(*, dispute: Dispute, how: str, actor: User | None, now: datetime) -> Dispute:
    """Sent to the vendor (by hand, or however `how` says): the packet is frozen by its hash."""
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.state != DisputeState.DRAFT:
        raise ReturnRefused(f"this dispute was already {dispute.get_state_display().lower()}")
    signed = dispute_packet(dispute=dispute, now=now)
    dispute.state = DisputeState.SUBMITTED
    dispute.submitted_at = now
    dispute.submitted_how = (how.strip() or "marked submitted by hand")[:200]
    dispute.packet_sha256 = signed["sha256"]
    dispute.save(update_fields=["state", "submitted_at", "submitted_how", "packet_sha256"])
    for item in dispute.items.select_related("lead"):
        _timeline(
            item.lead,
            f"Returned to {dispute.source.name} ({item.reason}), return request {dispute.pk}",
            actor,
            now,
        )
    audit_record(
        firm=dispute.firm,
        at=now,
        action="dispute.submit",
        obj=dispute,
        actor=actor,
        changes={"how": dispute.submitted_how, "sha256": dispute.packet_sha256},
    )
    return dispute


def _money(value: str | Decimal, what: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip() or "0")
    except InvalidOperation:
        raise ReturnRefused(f"{what}: not an amount") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("9999999"):
        raise ReturnRefused(f"{what}: between 0 and 9,999,999")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def dispute_resolve(
    *,
    dispute: Dispute,
    decisions: dict[int, tuple[bool, str | Decimal]],
    vendor_reason: str,
    actor: User | None,
    now: datetime,
) -> Dispute:
    """The vendor's answer: per lead accepted (with the credit) or rejected."""
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.state != DisputeState.SUBMITTED:
        raise ReturnRefused("only a submitted dispute can be answered")
    items = list(dispute.items.select_related("lead"))
    if set(decisions) != {i.pk for i in items}:
        raise ReturnRefused("give the vendor's answer for every lead in the request")
    for item in items:
        accepted, credit = decisions[item.pk]
        item.accepted = accepted
        item.credit = _money(credit, f"credit for lead {item.lead_id}") if accepted else Decimal(0)
        item.save(update_fields=["accepted", "credit"])
        verdict = f"credited ${item.credit}" if accepted else "rejected"
        _timeline(item.lead, f"{dispute.source.name} {verdict} the return", actor, now)
    won = sum(1 for i in items if i.accepted)
    dispute.state = (
        DisputeState.ACCEPTED
        if won == len(items)
        else DisputeState.REJECTED
        if won == 0
        else DisputeState.PARTLY_ACCEPTED
    )
    dispute.credit = sum((i.credit for i in items), Decimal(0))
    dispute.vendor_reason = vendor_reason.strip()[:2000]
    dispute.resolved_at = now
    dispute.save(update_fields=["state", "credit", "vendor_reason", "resolved_at"])
    audit_record(
        firm=dispute.firm,
        at=now,
        action="dispute.resolve",
        obj=dispute,
        actor=actor,
        changes={"state": dispute.state, "credit": str(dispute.credit)},
    )
    return dispute
