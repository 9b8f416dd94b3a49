"""Reads about a lead's progress through its cadence (the call queue is the engine's)."""

from __future__ import annotations

from typing import Any

from steadfast.cadences.definition import parse_definition
from steadfast.cadences.models import Enrollment
from steadfast.dispatch.models import Touch, TouchState
from steadfast.leads.models import Lead


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
