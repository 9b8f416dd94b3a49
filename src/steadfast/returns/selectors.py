"""Reads for vendor returns: a source's policy, the leads it would take back now, and the
monthly statement.

A lead becomes returnable the moment the engine records why (a validation finding at intake,
a carrier code or bounce on an attempt, a status change to invalid): the candidates are read
live from those rows, so a lead shows up as soon as its evidence is written — no nightly scan.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q

from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.firms.models import Firm
from steadfast.leads.models import (
    CheckKind,
    CheckResult,
    InvalidReason,
    Lead,
    LeadSource,
    Status,
    ValidityCheck,
)
from steadfast.returns.models import (
    UNREACHABLE,
    Dispute,
    DisputeItem,
    DisputeState,
    ReturnPolicy,
)

# Which finding proves which return reason.
_CHECK_REASON = {
    CheckKind.PHONE: InvalidReason.BAD_PHONE,
    CheckKind.EMAIL: InvalidReason.BAD_EMAIL,
    CheckKind.BOUNCE: InvalidReason.BAD_EMAIL,
    CheckKind.JURISDICTION: InvalidReason.OUT_OF_JURISDICTION,
    CheckKind.DUPLICATE: InvalidReason.DUPLICATE,
}
# An attempt that really went out (or was really dialled) counts towards "unreachable".
_ATTEMPT_STATES = (TouchState.SENT, TouchState.FAILED)
_ATTEMPT_CHANNELS = ("call", "sms", "email", "voicemail_drop")
# A dispute that is not rejected keeps its leads out of the candidates.
_OPEN_OR_WON = (
    DisputeState.DRAFT,
    DisputeState.SUBMITTED,
    DisputeState.ACCEPTED,
    DisputeState.PARTLY_ACCEPTED,
)


@dataclass(frozen=True)
class Policy:
    source: LeadSource
    window: timedelta
    reasons: tuple[str, ...]
    unreachable_attempts: int | None
    unreachable_days: int | None
    contact_name: str
    contact_email: str

    @property
    def accepts_returns(self) -> bool:
        return self.window > timedelta(0) and bool(self.reasons)

    def window_label(self) -> str:
        hours = int(self.window.total_seconds() // 3600)
        if hours and hours % 24 == 0:
            return f"{hours // 24} day{'s' if hours != 24 else ''}"
        return f"{hours} hour{'s' if hours != 1 else ''}"


def policy_for(*, source: LeadSource) -> Policy:
    row = ReturnPolicy.objects.filter(source=source).first()
    if row is None:
        days = source.return_window_days
        return Policy(source, timedelta(days=days), tuple(InvalidReason.values), None, None, "", "")
    reasons = tuple(r for r in row.reasons if isinstance(r, str))
    return Policy(
        source,
        timedelta(hours=row.window_hours),
        reasons,
        row.unreachable_attempts if UNREACHABLE in reasons else None,
        row.unreachable_days if UNREACHABLE in reasons else None,
        row.contact_name,
        row.contact_email,
    )


@dataclass(frozen=True)
class Candidate:
    lead: Lead
    reason: str
    evidence: str
    since: datetime
    deadline: datetime
    urgent: bool  # the window closes within 24 hours of the moment it was found

    def time_left(self, now: datetime) -> timedelta:
        return self.deadline - now

    def closes_within(self, now: datetime, hours: int = 24) -> bool:
        return self.time_left(now) <= timedelta(hours=hours)


def _finding_reason(check: ValidityCheck) -> str:
    if check.kind == CheckKind.CARRIER:
        return check.code if check.code in InvalidReason.values else InvalidReason.DISCONNECTED
    return _CHECK_REASON.get(CheckKind(check.kind), "")


def lead_return_reason(
    *, lead: Lead, policy: Policy, now: datetime
) -> tuple[str, str, datetime] | None:
    """Why this lead may go back to its vendor under `policy`: (reason, evidence, since)."""
    accepted = set(policy.reasons)
    if lead.status == Status.INVALID and lead.status_reason in accepted:
        # From the prefetched history (one query for all candidates, not one per lead).
        change = max(
            (c for c in lead.status_changes.all() if c.to_status == Status.INVALID),
            key=lambda c: (c.at, c.pk),
            default=None,
        )
        proof = next(
            (
                c
                for c in reversed(list(lead.checks.all()))
                if c.result == CheckResult.INVALID and _finding_reason(c) == lead.status_reason
            ),
            None,
        )
        evidence = proof.detail if proof else (change.note if change else "")
        return lead.status_reason, evidence, change.at if change else lead.arrived_at
    for check in lead.checks.all():
        if check.result != CheckResult.INVALID:
            continue
        reason = _finding_reason(check)
        if reason and reason in accepted:
            return reason, check.detail, check.checked_at
    if policy.unreachable_attempts and lead.status in (Status.CONTACTING, Status.NURTURE):
        attempts = Touch.objects.filter(
            lead=lead,
            direction=Direction.OUT,
            channel__in=_ATTEMPT_CHANNELS,
            state__in=_ATTEMPT_STATES,
        ).order_by("done_at", "id")
        times = [t.done_at or t.due_at for t in attempts]
        if len(times) >= policy.unreachable_attempts:
            since = max(
                times[policy.unreachable_attempts - 1],
                times[0] + timedelta(days=policy.unreachable_days or 0),
            )
            if since <= now:
                return (
                    UNREACHABLE,
                    f"{len(times)} attempts from {times[0]:%Y-%m-%d} to {times[-1]:%Y-%m-%d}, "
                    "no answer and no reply",
                    since,
                )
    return None


def disputed_lead_ids(*, firm: Firm) -> set[int]:
    return set(
        DisputeItem.objects.filter(dispute__firm=firm, dispute__state__in=_OPEN_OR_WON).values_list(
            "lead_id", flat=True
        )
    )


def return_candidates(
    *, firm: Firm, now: datetime, source: LeadSource | None = None
) -> list[Candidate]:
    """Leads their vendor would take back now, the ones whose window closes first first."""
    sources = LeadSource.objects.filter(firm=firm)
    if source is not None:
        sources = sources.filter(pk=source.pk)
    taken = disputed_lead_ids(firm=firm)
    found: list[Candidate] = []
    for src in sources.order_by("name"):
        policy = policy_for(source=src)
        if not policy.accepts_returns:
            continue
        leads = (
            Lead.objects.filter(firm=firm, source=src, arrived_at__gt=now - policy.window)
            .exclude(pk__in=taken)
            .prefetch_related("checks", "status_changes")
        )
        if not policy.unreachable_attempts:
            # Only leads with a finding or an invalid status can qualify: skip the rest early.
            leads = leads.filter(
                Q(status=Status.INVALID) | Q(checks__result=CheckResult.INVALID)
            ).distinct()
        for lead in leads:
            why = lead_return_reason(lead=lead, policy=policy, now=now)
            if why is None:
                continue
            reason, evidence, since = why
            deadline = lead.arrived_at + policy.window
            urgent = deadline - now <= timedelta(hours=24)
            found.append(Candidate(lead, reason, evidence, since, deadline, urgent))
    found.sort(key=lambda c: (c.deadline, c.lead.pk))
    return found


def closing_soon_count(*, firm: Firm, now: datetime) -> int:
    return sum(1 for c in return_candidates(firm=firm, now=now) if c.urgent)


@dataclass(frozen=True)
class StatementRow:
    source: LeadSource
    month: date
    bought: int
    cost: Decimal
    returnable: int
    returned: int
    credited: Decimal
    rejected: int

    @property
    def net_cost(self) -> Decimal:
        return self.cost - self.credited


def _month_bounds(month: date, zone: str) -> tuple[datetime, datetime]:
    tz = zoneinfo.ZoneInfo(zone)
    start = datetime(month.year, month.month, 1, tzinfo=tz)
    end = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=tz)
    return start, end


def vendor_statement(
    *, firm: Firm, month: date, now: datetime, sources: Iterable[LeadSource] | None = None
) -> list[StatementRow]:
    """Per source, for the leads delivered in `month` (the firm's local calendar): bought,
    returnable, returned, credited, rejected and the net cost."""
    start, end = _month_bounds(month, firm.timezone)
    rows = []
    for src in sources if sources is not None else firm.sources.order_by("name"):
        leads = Lead.objects.filter(
            firm=firm, source=src, arrived_at__gte=start, arrived_at__lt=end
        )
        bought = leads.count()
        policy = policy_for(source=src)
        returnable = 0
        if policy.accepts_returns:
            for lead in leads.prefetch_related("checks", "status_changes"):
                if lead_return_reason(lead=lead, policy=policy, now=now) is not None:
                    returnable += 1
        items = DisputeItem.objects.filter(
            dispute__firm=firm, dispute__source=src, lead__in=leads
        ).exclude(dispute__state=DisputeState.DRAFT)
        totals = items.aggregate(
            returned=Count("id"),
            rejected=Count("id", filter=Q(accepted=False)),
        )
        credited = sum((i.credit for i in items.filter(accepted=True)), Decimal(0))
        rows.append(
            StatementRow(
                src,
                month,
                bought,
                src.cost_per_lead * bought,
                returnable,
                totals["returned"],
                credited,
                totals["rejected"],
            )
        )
    return rows


def dispute_get(*, firm: Firm, dispute_id: int) -> Dispute | None:
    return Dispute.objects.select_related("source").filter(firm=firm, pk=dispute_id).first()
