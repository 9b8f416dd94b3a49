"""Nurture fixtures: leads put in nurture the way staff or the cadence's end put them there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from steadfast import clock
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.engine.events import lead_mark
from steadfast.engine.nurture import nurture_enroll
from steadfast.leads.models import Lead


@pytest.fixture
def in_nurture(capture: Callable[..., Lead], now: datetime) -> Callable[..., Lead]:
    def make(**fields: Any) -> Lead:
        fields.setdefault("first_name", "Jane")
        fields.setdefault("phone", "+1 312 555 0142")
        fields.setdefault("email", "jane@example.com")
        fields.setdefault("state", "IL")
        fields.setdefault("practice_area", "personal_injury")
        fields.setdefault("consent", {"call": True, "sms": False, "email": True})
        enroll = fields.pop("enroll", True)
        lead = capture(**fields)
        lead_mark(lead=lead, status="nurture", now=now, actor=None, note="no answer")
        lead.refresh_from_db()
        if enroll:
            nurture_enroll(lead=lead, now=now)
        return lead

    return make


def planned_sends(lead: Lead) -> list[Touch]:
    return list(
        Touch.objects.filter(
            lead=lead, state=TouchState.PLANNED, template__regex=r"^(nurture|campaign):"
        ).order_by("due_at")
    )


def run_until(when: datetime) -> None:
    """The worker, on the virtual clock: every touch due by `when`, sent at its due time."""
    for _ in range(10_000):
        due = (
            Touch.objects.filter(
                state=TouchState.PLANNED, due_at__lte=when, channel__in=["sms", "email", "nurture"]
            )
            .order_by("due_at")
            .values_list("due_at", flat=True)
            .first()
        )
        if due is None:
            return
        with clock.frozen(due + timedelta(seconds=1)):
            dispatch_one_batch(now=due + timedelta(seconds=1))
    raise AssertionError("the worker did not settle")
