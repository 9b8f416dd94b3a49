"""Reads for nurture: who may receive a newsletter send, which program a lead gets, and the
counts a manager sees per program and campaign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from steadfast.compliance.models import Suppression
from steadfast.compliance.selectors import ChannelState
from steadfast.db.rows import models_read
from steadfast.dispatch.models import Direction, Outcome, Touch, TouchState
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, Status, StatusChange
from steadfast.nurture.models import Campaign, Click, Program

PROGRAM_PREFIX = "nurture:"
CAMPAIGN_PREFIX = "campaign:"


def is_nurture_send(touch: Touch) -> bool:
    return touch.template.startswith((PROGRAM_PREFIX, CAMPAIGN_PREFIX))


def newsletter_refusal(
    *, lead: Lead, channel: str, states: dict[str, ChannelState], now: datetime
) -> str | None:
    """Why this lead may not receive a nurture send (program step or campaign) on `channel`
    now, or None if it may. The one place that decides it: when a program step is planned,
    and for every program and campaign send just before it goes (campaigns plan in bulk,
    without it). Today it asks that the lead still be in nurture and that the channel be open
    (consent for texts, no unsubscribe, bounce, complaint or opt-out; no reply awaiting a
    decision). State rules on newsletters (a state that wants an explicit opt-in) belong here."""
    if lead.status != Status.NURTURE:
        return f"the lead is {lead.status}, no longer in nurture"
    state = states.get(channel)
    if state is None or not state.open:
        return state.why_not if state is not None else f"no {channel} channel"
    return None


def program_for(*, lead: Lead) -> Program | None:
    """The firm's active program for the lead's practice area, else its general one."""
    # A direct statement: every lead that enters nurture makes it.
    programs = models_read(
        Program,
        "SELECT {columns} FROM nurture_program x WHERE x.firm_id = %s AND x.active = %s"
        " AND (x.practice_area = %s OR x.practice_area = %s)",
        [lead.firm_id, True, lead.practice_area, ""],
    )
    return min(programs, key=lambda p: (p.practice_area == "", p.pk), default=None)


def programs_of(*, firm: Firm) -> QuerySet[Program]:
    return (
        Program.objects.filter(firm=firm)
        .annotate(step_count=Count("steps"))
        .order_by("practice_area", "name")
    )


def campaigns_of(*, firm: Firm) -> QuerySet[Campaign]:
    return Campaign.objects.filter(firm=firm).order_by("-created_at", "-id")


@dataclass(frozen=True)
class SendCounts:
    planned: int = 0
    sent: int = 0
    bounced: int = 0
    unsubscribed: int = 0
    reengaged: int = 0
    clicks: int = 0


def _counts(touches: QuerySet[Touch]) -> SendCounts:
    """Counts over these nurture sends: sent, bounced, and of the leads who got one, how many
    unsubscribed from email or came back to a person (nurture → engaged) after it."""
    sent = touches.filter(state=TouchState.SENT)
    totals = touches.aggregate(
        planned=Count("id", filter=Q(state=TouchState.PLANNED)),
        sent=Count("id", filter=Q(state=TouchState.SENT)),
        bounced=Count("id", filter=Q(outcome=Outcome.BOUNCED)),
    )
    after = sent.filter(lead_id=OuterRef("lead_id"))
    unsubscribed = (
        Suppression.objects.filter(
            lead_id__in=sent.values("lead_id"),
            channel="email",
            reason=Suppression.Reason.OPT_OUT,
        )
        .filter(Exists(after.filter(done_at__lte=OuterRef("created_at"))))
        .values("lead_id")
        .distinct()
        .count()
    )
    reengaged = (
        StatusChange.objects.filter(
            lead_id__in=sent.values("lead_id"),
            from_status=Status.NURTURE,
            to_status=Status.ENGAGED,
        )
        .filter(Exists(after.filter(done_at__lte=OuterRef("at"))))
        .values("lead_id")
        .distinct()
        .count()
    )
    clicks = Click.objects.filter(touch__in=touches).count()
    return SendCounts(
        planned=totals["planned"],
        sent=totals["sent"],
        bounced=totals["bounced"],
        unsubscribed=unsubscribed,
        reengaged=reengaged,
        clicks=clicks,
    )


def program_counts(*, program: Program) -> SendCounts:
    return _counts(
        Touch.objects.filter(
            firm_id=program.firm_id,
            direction=Direction.OUT,
            template__startswith=f"{PROGRAM_PREFIX}{program.pk}:",
        )
    )


def campaign_counts(*, campaign: Campaign) -> SendCounts:
    return _counts(
        Touch.objects.filter(
            firm_id=campaign.firm_id, direction=Direction.OUT, template=campaign.template_key
        )
    )
