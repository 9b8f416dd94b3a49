"""The unsubscribe page behind every email's link and List-Unsubscribe header (RFC 8058)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from steadfast import clock
from steadfast.channels.unsubscribe import lead_id_from_token
from steadfast.compliance.models import Suppression
from steadfast.engine.events import lead_opt_out
from steadfast.leads.models import Lead


def _masked(address: str) -> str:
    local, at, domain = address.partition("@")
    if not at:
        return "your address"
    return f"{local[:1]}{'•' * min(max(len(local) - 1, 1), 6)}@{domain}"


# A mail provider's one-click POST carries no CSRF token (RFC 8058 §3.2): the signed token in
# the URL is what authorises it, and unsubscribing is all it can do.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:

    lead_id = lead_id_from_token(token)
    lead = (
        Lead.objects.select_related("firm").filter(pk=lead_id).first()
        if lead_id is not None
        else None
    )
    if lead is None:
        return render(request, "channels/unsubscribe.html", {"state": "invalid"}, status=400)
    context = {"firm": lead.firm, "address": _masked(lead.email)}
    done = (
        bool(lead.email)
        and Suppression.objects.filter(firm=lead.firm, channel="email", value=lead.email).exists()
    )
    if request.method == "POST" and not done:
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        lead_opt_out(
            lead=lead,
            channels={"email"},
            now=clock.now(),
            source="email_unsubscribe",
            evidence={
                "one_click": one_click,
                "user_agent": request.headers.get("User-Agent", "")[:300],
                "ip": request.META.get("REMOTE_ADDR", ""),
            },
        )
        done = True
    return render(
        request, "channels/unsubscribe.html", {**context, "state": "done" if done else "confirm"}
    )
