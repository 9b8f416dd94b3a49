"""Reads about the engine's work: the call queue and a lead's progress through its cadence."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, IntegerField, Value, When

from steadfast.cadences import planner
from steadfast.cadences.definition import parse_definition
from steadfast.cadences.models import Enrollment
from steadfast.cadences.timing import legal_window_open
from steadfast.dispatch.models import Direction, Touch, TouchChannel, TouchState
from steadfast.firms.models import Firm, User
from steadfast.leads.models import Lead

LOOKAHEAD = timedelta(minutes=2)


def call_queue(
    *, firm: Firm, now: datetime, user: User | None = None, limit: int = 50
) -> list[Touch]:
    """Open call tasks, most urgent first: alerts (a lead who just replied), then first calls,
    then by due time. Calls the lead may not lawfully receive right now are left out."""
    due = (
        Touch.objects.filter(
            firm=firm,
            channel=TouchChannel.CALL,
            direction=Direction.OUT,
            state=TouchState.PLANNED,
            due_at__lte=now + LOOKAHEAD,
        )
        .select_related("lead", "lead__source", "lead__assigned_to")
        .annotate(
            urgency=Case(
                When(alert=True, then=Value(0)),
                When(step=1, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("urgency", "due_at", "id")
    )
    rules = planner.firm_rules(firm)
    queue: list[Touch] = []
    for touch in due[: limit * 2]:
        if user is not None and touch.lead.assigned_to_id not in (None, user.pk):
            continue
        allowed, _ = legal_window_open(
            kind="call", at=max(now, touch.due_at), lead=planner.lead_place(touch.lead), rules=rules
        )
        if allowed:
            queue.append(touch)
        if len(queue) >= limit:
            break
    return queue


def lead_progress(*, lead: Lead) -> list[dict[str, Any]]:
    """Each step of the lead's cadence with what became of it."""
    enrollment = Enrollment.objects.filter(lead=lead).first()
    if enrollment is None:
        return []
    definition = parse_definition(enrollment.definition)
    touches = {
        t.step: t for t in Touch.objects.filter(lead=lead, step__isnull=False).order_by("id")
    }
    rows = []
    for step in definition.steps:
        touch = touches.get(step.n)
        state = touch.state if touch else ("ended" if enrollment.ended_at else "waiting")
        rows.append(
            {
                "n": step.n,
                "label": step.label or step.action,
                "action": step.action,
                "state": state,
                "channel": touch.channel if touch else None,
                "due_at": touch.due_at if touch else None,
                "done_at": touch.done_at if touch else None,
                "outcome": touch.outcome if touch else None,
                # A skipped or cancelled step says why; a planned or done one, why then.
                "reason": (
                    (touch.failure_note or touch.reason)
                    if touch and touch.state == TouchState.CANCELLED
                    else (touch.reason if touch else "")
                ),
                "touch_id": touch.pk if touch else None,
            }
        )
    return rows
