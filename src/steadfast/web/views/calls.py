"""Click-to-call: Steadfast rings the agent's phone, then connects the lead (F5)."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from twilio.base.exceptions import TwilioException

from steadfast import clock
from steadfast.dispatch.models import Touch, TouchChannel
from steadfast.engine.calls import call_bridge
from steadfast.engine.events import ContactNotAllowed
from steadfast.ids import parse_id
from steadfast.leads.selectors import lead_get_for_firm
from steadfast.web.access import FirmRequest, firm_view
from steadfast.web.templatetags.steadfast_calls import bridge_available
from steadfast.web.templatetags.steadfast_web import phone

log = logging.getLogger(__name__)


@require_POST
@firm_view()
def call_bridge_start(request: FirmRequest, lead_id: int) -> HttpResponse:
    lead = lead_get_for_firm(firm=request.firm, lead_id=lead_id)
    touch = None
    touch_id = request.POST.get("touch", "")
    if touch_id:
        touch = get_object_or_404(
            Touch,
            pk=parse_id(touch_id) or 0,
            firm=request.firm,
            lead=lead,
            channel=TouchChannel.CALL,
        )
    back = "queue" if request.POST.get("back") == "queue" else "lead"
    error = ""
    if not bridge_available(request, request.firm):
        error = "Not called: this firm's calls do not go through Twilio, so dial with the link."
    else:
        try:
            result = call_bridge(lead=lead, agent=request.user, now=clock.now(), touch=touch)
        except ContactNotAllowed as exc:
            error = f"Not called: {exc.reason}."
        except (TwilioException, OSError):
            log.exception("click-to-call for lead %s failed", lead.pk)
            error = "Not called: Twilio could not be reached. Try again, or dial with the link."
        else:
            if result.status != "sent":
                code = f" (code {result.code})" if result.code else ""
                error = f"Not called: {result.detail or 'Twilio refused the call'}{code}."
    done = (
        f"Your phone, {phone(request.user.phone)}, is ringing: pick up and Steadfast calls "
        f"{lead.full_name}. Log the outcome as for any call."
    )
    if request.htmx:
        # Always 200: htmx 2 does not swap error responses, and the reason must show.
        return render(
            request,
            "web/calls/bridge.html",
            {
                "available": bridge_available(request, request.firm),
                "agent_phone": request.user.phone,
                "lead": lead,
                "touch": touch,
                "back": back,
                "flash": error or done,
                "flash_error": bool(error),
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    if back == "queue":
        return redirect("web:queue")
    return redirect("web:lead", lead_id=lead.pk)
