"""Reads about what the channels sent."""

from __future__ import annotations

import re

from django.db.models import Q

from steadfast.channels.models import OutboxMessage
from steadfast.dispatch.models import Touch
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead

# Touch.reference: "touch-<id>-<attempt>".
TOUCH = re.compile(r"^touch-(\d+)-\d+$")


def outbox_leads(*, firm: Firm, messages: list[OutboxMessage]) -> dict[int, Lead]:
    """The lead each outbox message was for: by the touch that sent it, else by its address."""
    touch_ids = {m.pk: int(match[1]) for m in messages if (match := TOUCH.match(m.reference))}
    touches = Touch.objects.filter(firm=firm, pk__in=touch_ids.values()).select_related("lead")
    by_touch = {t.pk: t.lead for t in touches}
    found = {pk: by_touch[tid] for pk, tid in touch_ids.items() if tid in by_touch}
    rest = [m for m in messages if m.pk not in found]
    if rest:
        addresses = {m.to_address for m in rest}
        leads = Lead.objects.filter(firm=firm).filter(
            Q(phone__in=addresses) | Q(email__in=addresses)
        )
        by_address: dict[str, Lead] = {}
        for lead in leads.order_by("arrived_at", "id"):  # the latest lead wins
            by_address[lead.phone] = lead
            by_address[lead.email] = lead
        for m in rest:
            if m.to_address in by_address:
                found[m.pk] = by_address[m.to_address]
    return found
