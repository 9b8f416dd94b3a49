"""Learned call timing in the app: the per-cadence switch and the why on the lead page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from steadfast.cadences.models import Cadence
from steadfast.cadences.services_admin import cadence_copy_default
from steadfast.dispatch.models import Touch, TouchChannel
from steadfast.engine import events as engine
from steadfast.firms.models import Firm, Role, User
from steadfast.leads.models import Lead
from tests.conftest import make_user
from tests.web.test_cadences_settings import cadence_form, default_steps


@pytest.fixture
def mia(firm: Firm) -> User:
    return make_user(firm, "mia@lakeshore.example", Role.MANAGER)


@pytest.fixture
def copied(firm: Firm, mia: User, now: datetime) -> Cadence:
    return cadence_copy_default(firm=firm, now=now, actor=mia)


def test_a_manager_switches_a_cadence_to_learned_timing_and_back(
    as_user: Callable[[User], Client], mia: User, copied: Cadence
):
    client = as_user(mia)
    page = client.get(f"/settings/cadences/{copied.pk}/").content.decode()
    assert "Second and later calls" in page and "The first call always goes at once" in page
    assert "learned call timing" not in client.get("/settings/cadences/").content.decode()
    response = client.post(
        f"/settings/cadences/{copied.pk}/",
        cadence_form(default_steps(), name=copied.name, timing="learned"),
    )
    assert response.status_code == 302
    copied.refresh_from_db()
    assert copied.definition["timing"] == "learned" and copied.version == 2
    page = client.get(f"/settings/cadences/{copied.pk}/").content.decode()
    assert '<option value="learned" selected>' in page
    assert "learned call timing" in client.get("/settings/cadences/").content.decode()
    bad = client.post(
        f"/settings/cadences/{copied.pk}/",
        cadence_form(default_steps(), name=copied.name, timing="sometimes"),
    )
    assert bad.status_code == 400 and "sometimes is not one of the available choices" in (
        bad.content.decode()
    )
    copied.refresh_from_db()
    assert copied.definition["timing"] == "learned" and copied.version == 2


def test_the_lead_page_explains_a_learned_placement_with_its_figures(
    as_user: Callable[[User], Client],
    mia: User,
    bob: User,
    copied: Cadence,
    capture: Callable[..., Lead],
    now: datetime,
):
    copied.definition = {**copied.definition, "timing": "learned"}
    copied.save()
    # History: earlier leads' calls, some answered late in the afternoon.
    for i in range(6):
        earlier: Any = capture(
            first_name=f"Old{i}", phone=f"+1 312 555 01{i:02d}", state="IL",
            consent={"call": True}, now=now - timedelta(days=7, hours=-i),
        )  # fmt: skip
        call = Touch.objects.get(lead=earlier, channel=TouchChannel.CALL, step=1)
        engine.call_outcome_log(
            touch=call, outcome="voicemail", now=now - timedelta(days=7, hours=-i), actor=bob
        )
    nina = capture(first_name="Nina", phone="+1 312 555 0177", state="IL", consent={"call": True})
    first = Touch.objects.get(lead=nina, channel=TouchChannel.CALL, step=1)
    engine.call_outcome_log(touch=first, outcome="voicemail", now=now + timedelta(minutes=3))
    second = Touch.objects.get(lead=nina, channel=TouchChannel.CALL, step=4)
    assert "learned timing: answer rate" in second.reason
    page = as_user(bob).get(f"/leads/{nina.pk}/").content.decode()
    assert "learned timing: answer rate" in page
    local = second.due_at.astimezone(ZoneInfo("America/Chicago"))
    hours = f"{local.hour:02d}\N{EN DASH}{local.hour + 1:02d}"
    shown = f"answer rate \\d+ % {local:%a} {hours} h lead-local"
    assert re.search(shown, page), second.reason
