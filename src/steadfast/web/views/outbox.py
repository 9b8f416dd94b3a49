"""What the console provider "sent" for the firm: texts, emails and calls, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from steadfast.channels.models import OutboxMessage
from steadfast.channels.selectors import outbox_leads
from steadfast.web.access import FirmRequest, firm_view


@firm_view()
def outbox(request: FirmRequest) -> HttpResponse:
    messages = OutboxMessage.objects.filter(firm=request.firm).order_by("-created_at", "-id")
    channel = request.GET.get("channel", "")
    if channel in {"sms", "email", "voicemail_drop", "bridge"}:
        messages = messages.filter(channel=channel)
    page = Paginator(messages, 25).get_page(request.GET.get("page"))
    shown = page.object_list = list(page.object_list)
    leads = outbox_leads(firm=request.firm, messages=shown)
    for message in shown:
        message.lead = leads.get(message.pk)  # type: ignore[attr-defined]
    return render(request, "web/outbox.html", {"page": page, "channel": channel})
