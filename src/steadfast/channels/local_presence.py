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
from django.db import connection

from steadfast import phone_place
from steadfast.channels.models import LeadNumber
from steadfast.db import prepared
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
    place = phone_place.describe(number)
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
    return numbers_for_leads(leads=[lead], now=now)[lead.pk]


def numbers_for_leads(*, leads: list[Lead], now: datetime) -> dict[int, OutboundNumber | None]:
    """number_for_lead for many leads at once (a dispatcher batch): a few queries in all."""
    chosen: dict[int, OutboundNumber | None] = {}
    stale: list[int] = []
    for row in LeadNumber.objects.filter(lead__in=leads).select_related("number"):
        if row.number.active and row.number.firm_id == row.firm_id:
            chosen[row.lead_id] = row.number
        else:
            stale.append(row.pk)
    if stale:
        LeadNumber.objects.filter(pk__in=stale).delete()
    pools: dict[int, list[OutboundNumber]] = {}
    new: list[LeadNumber] = []
    for lead in leads:
        if lead.pk in chosen:
            continue
        if lead.firm_id not in pools:
            pools[lead.firm_id] = firm_numbers(firm_id=lead.firm_id)
        pool = pools[lead.firm_id]
        if not pool:
            chosen[lead.pk] = None
            continue
        number, why = _best(pool, lead)
        new.append(
            LeadNumber(firm_id=lead.firm_id, lead=lead, number=number, why=why, chosen_at=now)
        )
    if new:
        # Another worker may choose for the same lead at the same moment: its choice stands.
        LeadNumber.objects.bulk_create(new, ignore_conflicts=True)
        for row in LeadNumber.objects.filter(lead_id__in=[n.lead_id for n in new]).select_related(
            "number"
        ):
            chosen[row.lead_id] = row.number
    return chosen


def _best(pool: list[OutboundNumber], lead: Lead) -> tuple[OutboundNumber, str]:
    """The number of a non-empty pool (ordered by id) a lead sees first, and why."""
    best: tuple[int, str] = (3, "first number of the pool")
    number = pool[0]
    for candidate in pool:  # by id: the oldest number wins a tie
        found = _rank(candidate, lead)
        if found is not None and found[0] < best[0]:
            best, number = found, candidate
    return number, best[1]


def number_choose(
    *, lead: Lead, pool: list[OutboundNumber], now: datetime
) -> OutboundNumber | None:
    """The first choice of a number for one lead that keeps none (the dispatcher, which has
    read that already and holds `pool`, the firm's active numbers by id): one INSERT. When
    another worker chose at the same moment, its choice stands and is read back."""
    if not pool:
        return None
    number, why = _best(pool, lead)
    chosen = prepared.execute(  # prepared: the first send to every lead makes this choice
        "INSERT INTO channels_leadnumber (firm_id, lead_id, number_id, why, chosen_at) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [lead.firm_id, lead.pk, number.pk, why, connection.ops.adapt_datetimefield_value(now)],
    )
    if chosen.rowcount == 1:
        return number
    return numbers_for_leads(leads=[lead], now=now)[lead.pk]


def firm_numbers(*, firm_id: int) -> list[OutboundNumber]:
    """The firm's active numbers, by id (the order numbers_for_leads breaks ties in)."""
    return list(OutboundNumber.objects.filter(firm_id=firm_id, active=True).order_by("id"))


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
