"""The call queue (power dialer) a team shares: each agent is shown a different due call,
held for them while it is on screen; one-key outcomes; the manager's live view.

Polled parts answer 204 when nothing changed, so the page is not redrawn under the person
using it; announcements go to the one live region of the page through the `HX-Trigger` header.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from twilio.base.exceptions import TwilioException

from steadfast import clock
from steadfast.dispatch.models import Touch, TouchChannel, TouchState
from steadfast.engine.call_queue import (
    Offer,
    agent_availability_set,
    call_claim_next,
    call_due_count,
    call_hold_release,
    call_queue,
    call_queue_team,
    holders,
)
from steadfast.engine.calls import call_bridge
from steadfast.engine.events import ContactNotAllowed, call_outcome_log
from steadfast.errors import Refused
from steadfast.firms.models import Membership, Role
from steadfast.ids import parse_id
from steadfast.leads.models import Note
from steadfast.leads.selectors import consent_current
from steadfast.web import services
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.forms import OUTCOMES, OutcomeForm
from steadfast.web.templatetags.steadfast_calls import bridge_available

log = logging.getLogger(__name__)

# PRODUCT.md §1: a call is dialled at most 5 minutes after it becomes allowed.
TARGET = timedelta(minutes=5)
# Reminders of the rest of the day show beside the queue.
REMINDER_LOOKAHEAD = timedelta(hours=12)
OUTCOME_KEYS = [(str(n), value, label) for n, (value, label) in enumerate(OUTCOMES, 1)]
WAITING_SHOWN = 50
SKIPPED = "queue_skipped"  # session key: calls this agent skipped, not offered to them again


def _skipped(request: FirmRequest) -> list[int]:
    return [pk for pk in (parse_id(str(v)) for v in request.session.get(SKIPPED, [])) if pk]


def _offer(request: FirmRequest, now: datetime) -> Offer | None:
    return call_claim_next(firm=request.firm, agent=request.user, now=now, skip=_skipped(request))


def _card_context(request: FirmRequest, now: datetime, offer: Offer | None) -> dict[str, Any]:
    current = offer.touch if offer else None
    context: dict[str, Any] = {
        "current": current,
        "routed": offer.routed if offer else "",
        "now": now,
        "outcome_keys": OUTCOME_KEYS,
        "firm": request.firm,
        "available": request.membership.on_duty,
        "shortcuts": request.user.queue_shortcuts,
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


def _waiting_context(request: FirmRequest, now: datetime, shown_id: int | None) -> dict[str, Any]:
    queue = call_queue(firm=request.firm, now=now, limit=WAITING_SHOWN)
    held = holders(firm=request.firm, now=now)
    count = call_due_count(firm=request.firm, now=now)
    rows = [(t, held.get(t.pk)) for t in queue]
    state = [count, shown_id, [(t.pk, h.pk if h else None) for t, h in rows]]
    version = hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]
    return {"waiting": rows, "due_count": count, "shown_id": shown_id, "version": version}


def _announce(response: HttpResponse, *texts: str, join: bool = False) -> HttpResponse:
    """Read out by the page's one live region (app.js listens for the event). What polls
    say at the same moment is joined; what follows the person's own action replaces it."""
    text = " ".join(t for t in texts if t)
    if text:
        response["HX-Trigger"] = json.dumps({"steadfast:announce": {"value": text, "join": join}})
    return response


@firm_view()
def queue_page(request: FirmRequest) -> HttpResponse:
    now = clock.now()
    offer = _offer(request, now)
    context = _card_context(request, now, offer)
    context.update(_waiting_context(request, now, offer.touch.pk if offer else None))
    context["power_dial"] = request.user.power_dial
    context["bridge"] = bridge_available(request, request.firm) and bool(request.user.phone)
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
    """The call card; polled while it says "No call due". 204 while that is still true."""
    now = clock.now()
    offer = _offer(request, now)
    if offer is None and request.htmx:
        return HttpResponse(status=204)
    response = render(request, "web/queue/page.html#current", _card_context(request, now, offer))
    if offer is not None:
        return _announce(response, f"New lead: {offer.touch.lead.full_name}.", join=True)
    return response


@firm_view()
def queue_waiting(request: FirmRequest) -> HttpResponse:
    """The list of calls due, polled every few seconds; also keeps the agent's hold alive.
    204 when the list is as the page shows it."""
    now = clock.now()
    shown_id = parse_id(request.GET.get("shown"))
    if shown_id is not None:
        # Still on screen: renew the hold (call_claim_next renews the call the agent holds).
        _offer(request, now)
    context = _waiting_context(request, now, shown_id)
    if request.htmx and request.GET.get("v") == context["version"]:
        return HttpResponse(status=204)
    response = render(request, "web/queue/page.html#waiting", context)
    before = request.GET.get("n", "")
    if before.isascii() and before.isdigit() and int(before) != context["due_count"]:
        n = context["due_count"]
        return _announce(response, f"{n} call{'s' if n != 1 else ''} due.", join=True)
    return response


def _next_card(request: FirmRequest, *, flash: str, error: bool, announce: str) -> HttpResponse:
    """After an outcome or a skip: the next call card (and the list, out of band)."""
    now = clock.now()
    offer = _offer(request, now)
    if not error and offer is not None and _power_dial_on(request):
        flash = " ".join([flash, _dial(request, offer)])
    context = _card_context(request, now, offer)
    context.update(_waiting_context(request, now, offer.touch.pk if offer else None))
    context["flash"] = flash
    context["flash_error"] = error
    # Always 200: htmx 2 does not swap error responses, and the card must show what went wrong.
    response = render(request, "web/queue/after_outcome.html", context)
    if offer is not None and not error:
        announce = f"{announce} Next: {offer.touch.lead.full_name}."
    return _announce(response, announce)


def _power_dial_on(request: FirmRequest) -> bool:
    return (
        request.user.power_dial
        and bool(request.user.phone)
        and bridge_available(request, request.firm)
    )


def _dial(request: FirmRequest, offer: Offer) -> str:
    """Power dialing: ring the agent's phone for the call they now hold (click-to-call)."""
    lead = offer.touch.lead
    try:
        result = call_bridge(lead=lead, agent=request.user, now=clock.now(), touch=offer.touch)
    except ContactNotAllowed as exc:
        return f"{lead.full_name} was not dialled: {exc.reason}."
    except (TwilioException, OSError):
        log.exception("power dialing lead %s failed", lead.pk)
        return f"{lead.full_name} was not dialled: Twilio could not be reached."
    if result.status != "sent":
        return f"{lead.full_name} was not dialled: {result.detail or 'Twilio refused the call'}."
    return f"Dialling {lead.full_name}: your phone rings first."


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
            extra = call_outcome_log(
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
            done = extra or f"Logged “{label}” for {touch.lead.full_name}."
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, done)
        return redirect("web:queue")
    return _next_card(request, flash=error or done, error=bool(error), announce=error or done)


@require_POST
@firm_view()
def queue_skip(request: FirmRequest) -> HttpResponse:
    """Not this call now: it goes back to the queue for the others, and the next one shows."""
    touch = get_object_or_404(
        Touch,
        pk=parse_id(request.POST.get("touch")) or 0,
        firm=request.firm,
        channel=TouchChannel.CALL,
    )
    call_hold_release(firm=request.firm, agent=request.user)
    request.session[SKIPPED] = [touch.pk, *_skipped(request)][:50]
    done = f"Skipped {touch.lead.full_name}: back in the queue for the others."
    if not request.htmx:
        messages.info(request, done)
        return redirect("web:queue")
    return _next_card(request, flash=done, error=False, announce=done)


@require_POST
@firm_view()
def queue_availability(request: FirmRequest) -> HttpResponse:
    available = request.POST.get("available") == "1"
    agent_availability_set(
        firm=request.firm, agent=request.user, available=available, now=clock.now()
    )
    if available:
        request.session.pop(SKIPPED, None)
    messages.info(
        request,
        "You are available: calls come to you."
        if available
        else "You are away: no calls come to you until you are available again.",
    )
    return redirect("web:queue")


@require_POST
@firm_view()
def queue_power_dial(request: FirmRequest) -> HttpResponse:
    """Pause or resume power dialing (the choice is kept with the person)."""
    request.user.power_dial = request.POST.get("power_dial") == "1"
    request.user.save(update_fields=["power_dial"])
    messages.info(
        request,
        "Power dialing is on: after each outcome your phone rings for the next call."
        if request.user.power_dial
        else "Power dialing is paused: dial each call yourself.",
    )
    return redirect("web:queue")


@firm_view(role=Role.MANAGER)
def queue_team(request: FirmRequest) -> HttpResponse:
    """The manager's live view: who is on which call, and how long due calls have waited."""
    now = clock.now()
    held = holders(firm=request.firm, now=now)
    context = {
        "agents": call_queue_team(firm=request.firm, now=now),
        "practice_areas": request.firm.practice_areas or [],
        "waiting": [(t, held.get(t.pk)) for t in call_queue(firm=request.firm, now=now)],
        "due_count": call_due_count(firm=request.firm, now=now),
        "now": now,
    }
    template = "web/queue/team.html#board" if request.htmx else "web/queue/team.html"
    return render(request, template, context)


@require_POST
@firm_view(role=Role.MANAGER)
def queue_routing(request: FirmRequest, membership_id: int) -> HttpResponse:
    """Which calls a person is offered first: languages they speak, practice areas."""
    membership = get_object_or_404(
        Membership.objects.select_related("user", "firm"), pk=membership_id, firm=request.firm
    )
    try:
        changed = services.membership_routing_set(
            membership=membership,
            languages=request.POST.get("languages", "").replace(",", " ").split(),
            practice_areas=request.POST.getlist("practice_areas"),
            now=clock.now(),
            actor=request.user,
        )
    except Refused as exc:
        messages.error(request, f"Not changed: {exc.message}.")
    else:
        who = membership.user.get_full_name() or membership.user.email
        messages.success(request, f"Routing of {who} saved." if changed else "Nothing changed.")
    return redirect("web:queue_team")
