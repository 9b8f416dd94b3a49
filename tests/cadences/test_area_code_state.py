"""The phone's area-code state: its own calling rule applies beside the stated state's.

Florida presumes a number with a Florida area code belongs to a resident (Fla. Stat. 501.616
as amended by SB 1120; shared/reference/compliance.md §2.3). A lead who states IL from a 305
number is called only when both Illinois's and Florida's windows are open. Jurisdiction still
comes from the stated state alone.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from steadfast import clock
from steadfast.compliance.rules import rules_for
from steadfast.dispatch.models import Touch
from steadfast.engine.events import contact_allowed
from steadfast.engine.planner import lead_place
from steadfast.engine.timing import LeadPlace, legal_window_open, next_allowed_time
from tests.cadences.test_timing import EVERY_DAY_EARLY_TO_LATE

RULES = rules_for()
CHICAGO, NEW_YORK = ZoneInfo("America/Chicago"), ZoneInfo("America/New_York")
# Monday 2026-03-02, 20:32 in Miami = 19:32 in Chicago: inside Illinois's federal 8-21,
# outside Florida's 8-20.
EVENING = datetime(2026, 3, 2, 20, 32, tzinfo=NEW_YORK)
MIAMI_IN_ILLINOIS = LeadPlace(
    zones=("America/Chicago",), state="IL", area_state="FL", area_zones=("America/New_York",)
)


def test_it_closes_the_window_at_floridas_8pm_eastern_for_a_305_number_stating_il():
    is_open, why = legal_window_open(kind="call", at=EVENING, lead=MIAMI_IN_ILLINOIS, rules=RULES)

    assert not is_open
    assert why == (
        "FL window closed 20:00 lead-local; it is 20:32 in America/New_York"
        " (the phone's area code is in FL)"
    )


@pytest.mark.parametrize("kind", ["call", "sms", "voicemail_drop"])
def test_it_plans_the_next_touch_for_when_florida_opens_again(kind):
    slot = next_allowed_time(
        kind=kind,
        earliest=EVENING,
        lead=MIAMI_IN_ILLINOIS,
        firm=EVERY_DAY_EARLY_TO_LATE,
        rules=RULES,
    )

    assert slot is not None
    assert slot.at == datetime(2026, 3, 3, 8, 0, tzinfo=CHICAGO)  # 09:00 in Miami, 08:00 here
    assert "area code in FL" in slot.reason


def test_it_applies_floridas_three_a_day_cap_to_the_305_number():
    recent = [datetime(2026, 3, 2, h, 0, tzinfo=CHICAGO) for h in (9, 10, 11)]
    slot = next_allowed_time(
        kind="sms",
        earliest=datetime(2026, 3, 2, 12, 0, tzinfo=CHICAGO),
        lead=MIAMI_IN_ILLINOIS,
        firm=EVERY_DAY_EARLY_TO_LATE,
        rules=RULES,
        recent=recent,
    )

    assert slot is not None and slot.at == datetime(2026, 3, 3, 9, 0, tzinfo=CHICAGO)


def test_the_area_code_adds_nothing_when_its_state_has_no_rule_of_its_own():
    # 312 is Chicago: an Illinois number stating IL; and a Texas number has no row for calls
    # beyond TX's 9-21, which does not bind an IL lead at 19:32 in Chicago.
    plain = LeadPlace(zones=("America/Chicago",), state="IL")
    assert legal_window_open(kind="call", at=EVENING, lead=plain, rules=RULES)[0]
    california = LeadPlace(
        zones=("America/Chicago",), state="IL", area_state="CA", area_zones=("America/Los_Angeles",)
    )
    assert legal_window_open(kind="call", at=EVENING, lead=california, rules=RULES)[0]


@pytest.mark.django_db
def test_a_305_lead_stating_il_is_in_jurisdiction_and_never_called_after_8pm_eastern(capture):
    with clock.frozen(EVENING):
        lead = capture(
            first_name="Marisol",
            phone="+1 305 555 0142",
            state="IL",
            consent={"call": True, "sms": True, "email": True},
            now=EVENING,
        )
        place = lead_place(lead)
        allowed, why = contact_allowed(lead=lead, channel="call", now=EVENING)

    assert (lead.status, lead.jurisdiction_state) == ("new", "IL")
    assert (place.state, place.area_state) == ("IL", "FL")
    assert not allowed and "FL window closed 20:00" in why
    first_call = Touch.objects.get(lead=lead, step=1)
    assert first_call.due_at >= datetime(2026, 3, 3, 8, 0, tzinfo=NEW_YORK)
