"""Local presence (F8): which of the firm's numbers a lead sees, and whose number was called.

A lead keeps the number it was first contacted from, so a callback or a reply reaches the same
firm line. The first choice prefers a pool number in the lead's area code, then one in the
lead's state, then the firm's default line.
"""

from __future__ import annotations

import functools
from datetime import datetime

import phonenumbers
import us
from django.conf import settings
from django.db import IntegrityError, transaction
from phonenumbers import geocoder

from steadfast.channels.models import LeadNumber
from steadfast.firms.models import Firm, OutboundNumber
from steadfast.leads.models import Lead


def area_code(e164: str) -> str:
    """The NANP area code of a +1 number; "" for anything else."""
    if e164.startswith("+1") and len(e164) == 12 and e164[1:].isdigit():
        return e164[2:5]
    return ""


@functools.lru_cache(maxsize=2048)
def state_of_number(e164: str) -> str:
    """The US state a number's area code belongs to ("Chicago, IL" → IL), or ""."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return ""
    place = geocoder.description_for_number(number, "en")
    state = us.states.lookup(place.rsplit(", ", 1)[-1]) if place else None
    return state.abbr if state else ""


def _rank(number: OutboundNumber, lead: Lead) -> tuple[int, str] | None:
    lead_area = area_code(lead.phone)
    if lead_area and (number.area_code or area_code(number.e164)) == lead_area:
        return 0, f"area code {lead_area}"
    lead_state = (
        lead.jurisdiction_state
        or lead.stated_state
        or (state_of_number(lead.phone) if lead.phone else "")
    )
    if lead_state and (number.state or state_of_number(number.e164)) == lead_state:
        return 1, f"state {lead_state}"
    if number.is_default:
        return 2, "firm default"
    return None


def number_for_lead(*, firm: Firm, lead: Lead, now: datetime) -> OutboundNumber | None:
    """The number to call or text this lead from; None if the firm has no active number (the
    provider then uses its own configured number)."""
    if lead.firm_id != firm.pk:
        raise ValueError("the lead belongs to another firm")
    kept = LeadNumber.objects.filter(lead=lead).select_related("number").first()
    if kept and kept.number.active and kept.number.firm_id == firm.pk:
        return kept.number
    pool = list(OutboundNumber.objects.filter(firm=firm, active=True).order_by("id"))
    if not pool:
        return None
    best: tuple[int, str] = (3, "first number of the pool")
    number = pool[0]
    for candidate in pool:  # by id: the oldest number wins a tie
        found = _rank(candidate, lead)
        if found is not None and found[0] < best[0]:
            best, number = found, candidate
    why = best[1]
    try:
        with transaction.atomic():
            LeadNumber.objects.update_or_create(
                lead=lead, defaults={"firm": firm, "number": number, "why": why, "chosen_at": now}
            )
    except IntegrityError:
        # Another worker chose at the same moment: its choice stands.
        kept = LeadNumber.objects.select_related("number").get(lead=lead)
        return kept.number
    return number


def firms_for_number(e164: str) -> list[Firm]:
    """The firm(s) an inbound call or text to this number is for: a pool number, a firm's own
    Twilio number, else the environment's Twilio number, which belongs to the first firm."""
    if not e164:
        return []
    firm_ids = set(
        OutboundNumber.objects.filter(e164=e164, active=True).values_list("firm_id", flat=True)
    )
    firm_ids |= set(
        Firm.objects.filter(provider_settings__twilio__from_number=e164).values_list(
            "pk", flat=True
        )
    )
    if not firm_ids and e164 == settings.TWILIO_FROM_NUMBER:
        first = Firm.objects.order_by("pk").values_list("pk", flat=True).first()
        firm_ids = {first} if first is not None else set()
    return list(Firm.objects.filter(pk__in=firm_ids).order_by("pk"))
