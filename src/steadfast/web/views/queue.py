"""The call queue (power dialer): the next due call, its script, one-key outcomes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from steadfast import clock
from steadfast.cadences.selectors import call_queue
from steadfast.cadences.services import call_outcome_log
from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.errors import Refused
from steadfast.ids import parse_id
from steadfast.leads.models import Note
from steadfast.leads.selectors import consent_current
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.forms import OUTCOMES, OutcomeForm

# PRODUCT.md §1: a call is dialled at most 5 minutes after it becomes allowed.
TARGET = timedelta(minutes=5)
# Reminders of the rest of the day show beside the queue.
REMINDER_LOOKAHEAD = timedelta(hours=12)
OUTCOME_KEYS = [(str(n), value, label) for n, (value, label) in enumerate(OUTCOMES, 1)]


def _current_context(request: FirmRequest, now: datetime, queue: list[Touch]) -> dict[str, Any]:
    current = queue[0] if queue else None
    context: dict[str, Any] = {
        "current": current,
        "now": now,
        "outcome_keys": OUTCOME_KEYS,
        "queue": queue,
        "firm": request.firm,
        "shown_id": current.pk if current else None,
    }
    if current is None:
        return context
    lead = current.lead
    calls_done = Touch.objects.filter(
        lead=lead, channel=TouchChannel.CALL, state=TouchState.SENT
    ).count()
    context.update(
        {
            "lead": lead,
            "target_at": current.due_at + TARGET,
            "consent": consent_current(lead=lead),
            "attempt": calls_done + 1,
            "recent": list(
                Touch.objects.filter(lead=lead)
                .exclude(pk=current.pk)
                .exclude(state=TouchState.PLANNED)
                .order_by("-due_at", "-id")[:3]
            ),
            "agent_name": request.user.first_name or request.user.email,
        }
    )
    return context


def _queue(request: FirmRequest, now: datetime) -> list[Touch]:
    return call_queue(firm=request.firm, now=now, user=request.user)


@firm_view()
def queue_page(request: FirmRequest) -> HttpResponse:
    now = clock.now()
    context = _current_context(request, now, _queue(request, now))
    context["reminders"] = (
        Note.objects.filter(
            firm=request.firm,
            author=request.user,
            done_at__isnull=True,
            remind_at__lte=now + REMINDER_LOOKAHEAD,
        )
        .select_related("lead")
        .order_by("remind_at")[:20]
    )
    return render(request, "web/queue/page.html", context)


@firm_view()
def queue_current(request: FirmRequest) -> HttpResponse:
    """The current call card; polled only while there is no call to show."""
    now = clock.now()
    return render(
        request, "web/queue/page.html#current", _current_context(request, now, _queue(request, now))
    )


@firm_view()
def queue_waiting(request: FirmRequest) -> HttpResponse:
    """The list of calls due, polled every few seconds."""
    now = clock.now()
    context = _current_context(request, now, _queue(request, now))
    # The call on the agent's screen, which may no longer be first in line.
    shown = parse_id(request.GET.get("shown"))
    if shown is not None:
        context["shown_id"] = shown
    return render(request, "web/queue/page.html#waiting", context)


@require_POST
@firm_view()
def queue_outcome(request: FirmRequest) -> HttpResponse:
    form = OutcomeForm(request.POST)
    error = done = ""
    if not form.is_valid():
        error = "Choose one of the outcomes for the call."
    else:
        touch = get_object_or_404(
            Touch, pk=form.cleaned_data["touch"], firm=request.firm, channel=TouchChannel.CALL
        )
        try:
            call_outcome_log(
                touch=touch,
                outcome=form.cleaned_data["outcome"],
                now=clock.now(),
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except Refused as exc:
            error = exc.message
        else:
            label = dict(OUTCOMES)[form.cleaned_data["outcome"]]
            done = f"Logged “{label}” for {touch.lead.full_name}."
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return redirect("web:queue")
    now = clock.now()
    context = _current_context(request, now, _queue(request, now))
    context["flash"] = error or done
    context["flash_error"] = bool(error)
    # Always 200: htmx 2 does not swap error responses, and the card must show what went wrong.
    return render(request, "web/queue/after_outcome.html", context)
