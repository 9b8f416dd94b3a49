"""The "Call via Steadfast" button beside a tel: link, where the firm's provider can bridge."""

from __future__ import annotations

import logging
from typing import Any

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from steadfast.firms.models import Firm

register = template.Library()
log = logging.getLogger(__name__)


def bridge_available(request: HttpRequest, firm: Firm) -> bool:
    """Whether calls of this firm go through Twilio, which can ring the agent and then the lead.

    The console provider cannot: without Twilio the agent dials from their own phone (tel:).
    Asked once per request.
    """
    cached = getattr(request, "_steadfast_bridge", None)
    if cached is None:
        from steadfast.channels.providers import twilio_for_firm

        try:
            cached = twilio_for_firm(firm) is not None
        except ImproperlyConfigured as exc:
            log.warning("click-to-call unavailable: %s", exc)
            cached = False
        request._steadfast_bridge = cached  # type: ignore[attr-defined]
    return bool(cached)


@register.inclusion_tag("web/calls/bridge.html", takes_context=True)
def call_bridge_button(
    context: template.Context, lead: Any, touch: Any = None, back: str = "lead"
) -> dict[str, Any]:
    request = context["request"]
    return {
        "available": bridge_available(request, request.firm),
        "agent_phone": request.user.phone,
        "lead": lead,
        "touch": touch,
        "back": back,
        "csrf_token": context.get("csrf_token"),
    }
