"""Local presence (F8): the number a lead sees is local to it, and it stays the same."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest

from steadfast.channels.local_presence import firms_for_number, number_for_lead
from steadfast.channels.models import LeadNumber
from steadfast.firms.models import Firm, OutboundNumber
from steadfast.leads.models import Lead


@pytest.fixture
def pool(firm: Firm) -> dict[str, OutboundNumber]:
    numbers = {
        "main": OutboundNumber(e164="+13125550100", area_code="312", state="IL", is_default=True),
        "312": OutboundNumber(e164="+13125550177", area_code="312", state="IL"),
        "773": OutboundNumber(e164="+17735550100", area_code="773", state="IL"),
        "414": OutboundNumber(e164="+14145550100", area_code="414", state="WI"),
    }
    for number in numbers.values():
        number.firm = firm
        number.save()
    return numbers


def test_it_picks_a_number_in_the_leads_area_code(
    capture: Callable[..., Lead], pool: dict[str, OutboundNumber], now: datetime
) -> None:
    lead = capture(phone="+1 773 555 0142", state="IL")

    assert number_for_lead(firm=lead.firm, lead=lead, now=now) == pool["773"]
    assert LeadNumber.objects.get(lead=lead).why == "area code 773"


def test_it_picks_a_number_in_the_leads_state_without_a_local_area_code(
    capture: Callable[..., Lead], pool: dict[str, OutboundNumber], now: datetime
) -> None:
    lead = capture(phone="+1 608 555 0142", state="WI")  # Madison: no 608 number in the pool

    assert number_for_lead(firm=lead.firm, lead=lead, now=now) == pool["414"]


def test_it_reads_the_state_from_the_area_code_when_none_was_stated(
    capture: Callable[..., Lead], pool: dict[str, OutboundNumber], now: datetime
) -> None:
    lead = capture(phone="+1 262 555 0142")  # Kenosha, WI

    assert number_for_lead(firm=lead.firm, lead=lead, now=now) == pool["414"]


def test_it_falls_back_to_the_firms_default_line(
    capture: Callable[..., Lead], pool: dict[str, OutboundNumber], now: datetime
) -> None:
    lead = capture(phone="+1 305 555 0142", state="WI", email="x@example.com")
    OutboundNumber.objects.filter(state="WI").update(active=False)

    assert number_for_lead(firm=lead.firm, lead=lead, now=now) == pool["main"]


def test_it_keeps_the_first_choice_for_the_lead(
    capture: Callable[..., Lead], pool: dict[str, OutboundNumber], now: datetime
) -> None:
    lead = capture(phone="+1 305 555 0142", state="IL")
    first = number_for_lead(firm=lead.firm, lead=lead, now=now)
    OutboundNumber.objects.create(firm=lead.firm, e164="+13055550100", area_code="305", state="FL")

    later = number_for_lead(firm=lead.firm, lead=lead, now=now + timedelta(days=2))

    assert later == first == pool["main"]
    assert LeadNumber.objects.filter(lead=lead).count() == 1


def test_it_chooses_again_when_the_kept_number_is_retired(
    capture: Callable[..., Lead], pool: dict[str, OutboundNumber], now: datetime
) -> None:
    lead = capture(phone="+1 773 555 0142")
    number_for_lead(firm=lead.firm, lead=lead, now=now)
    pool["773"].active = False
    pool["773"].save()

    chosen = number_for_lead(firm=lead.firm, lead=lead, now=now)

    assert chosen is not None and chosen.state == "IL" and chosen != pool["773"]
    assert LeadNumber.objects.get(lead=lead).number == chosen


def test_it_has_no_number_for_a_firm_without_a_pool(
    capture: Callable[..., Lead], now: datetime
) -> None:
    lead = capture(phone="+1 773 555 0142")

    assert number_for_lead(firm=lead.firm, lead=lead, now=now) is None


def test_it_never_uses_another_firms_number(
    capture: Callable[..., Lead], other_firm: Firm, now: datetime
) -> None:
    OutboundNumber.objects.create(firm=other_firm, e164="+17735550199", area_code="773")
    lead = capture(phone="+1 773 555 0142")

    assert number_for_lead(firm=lead.firm, lead=lead, now=now) is None
    with pytest.raises(ValueError, match="another firm"):
        number_for_lead(firm=other_firm, lead=lead, now=now)


def test_it_finds_the_firm_an_inbound_number_belongs_to(
    pool: dict[str, OutboundNumber], firm: Firm, other_firm: Firm, settings: Any
) -> None:
    OutboundNumber.objects.create(firm=other_firm, e164="+18135550177")
    settings.TWILIO_FROM_NUMBER = "+18005550100"

    assert firms_for_number("+17735550100") == [firm]
    assert firms_for_number("+18135550177") == [other_firm]
    assert firms_for_number("+18005550100") == [firm]  # the environment's: the first firm
    assert firms_for_number("+16085550100") == []
