"""The bar-rule example scenarios (examples/bar-*.yaml) through `simulate`: one per rule."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from steadfast.cadences.scenario import load_scenario
from steadfast.cadences.simulation import simulate
from steadfast.dispatch.models import Touch

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _run(name: str) -> dict[str, dict[str, Any]]:
    result = simulate(load_scenario((EXAMPLES / name).read_text()))
    return {lead["ref"]: lead for lead in result["leads"]}


def _out(lead: dict[str, Any], *channels: str) -> list[dict[str, Any]]:
    return [t for t in lead["touches"] if t["direction"] == "out" and t["channel"] in channels]


def test_pa_a_generic_vendor_lead_gets_no_calls_or_texts_and_a_named_one_does():
    leads = _run("bar-pa-live-contact.yaml")
    generic, named = leads["generic-vendor"], leads["named-vendor"]

    assert generic["initiated_by"] == "vendor"
    assert _out(generic, "call", "sms") == []
    assert len(_out(generic, "email")) == 2
    assert [h["rule"] for h in generic["held"]] == ["PA.live_contact"]
    assert "Pa. RPC 7.3(b)" in generic["held"][0]["why"]
    assert named["initiated_by"] == "vendor_named"
    assert _out(named, "call") and _out(named, "sms") and named["held"] == []


def test_fl_no_written_contact_for_30_days_unless_the_person_writes_first():
    leads = _run("bar-fl-accident-waiting-period.yaml")
    silent, writes, own = leads["silent"], leads["writes-first"], leads["own-form"]
    arrived = datetime.fromisoformat("2026-03-03T09:10:00-05:00")

    written = _out(silent, "sms", "email")
    assert written and all(
        datetime.fromisoformat(t["at"]) >= arrived + timedelta(days=30) for t in written
    )
    assert all("4-7.18(b)(1)(A)" in t["rule"] for t in written)
    assert _out(silent, "call") == []
    # Who writes in first is answered at once (a call back), and nothing waits for day 30.
    assert writes["status"] == "engaged"
    assert [t["rule"] for t in _out(writes, "call")] == [
        "replied by email: “Can someone call me about my crash?”: call back now"
    ]
    # The firm's own form: the usual cadence, the email within the hour.
    email = _out(own, "email")[0]
    assert datetime.fromisoformat(email["at"]) - arrived <= timedelta(hours=1)


def test_ny_every_email_says_attorney_advertising_in_its_subject():
    lead = _run("bar-ny-attorney-advertising.yaml")["web-form"]
    emails = _out(lead, "email")
    assert emails and all(t["subject"].startswith("Attorney Advertising: ") for t in emails)


def test_tx_only_the_lead_who_asked_may_get_the_newsletter():
    leads = _run("bar-tx-newsletter-opt-in.yaml")
    assert leads["no-opt-in"]["status"] == leads["asked-for-it"]["status"] == "nurture"
    assert leads["no-opt-in"]["newsletter"]["allowed"] is False
    assert "Tex. DRPC 7.05(e)" in leads["no-opt-in"]["newsletter"]["why"]
    assert leads["asked-for-it"]["newsletter"] == {"allowed": True, "why": None}


def test_il_the_vendor_leads_first_email_discloses_the_lead_service_and_nothing_else_changes():
    leads = _run("bar-il-disclosure.yaml")
    vendor, own = leads["vendor"], leads["web-form"]

    def shape(lead: dict[str, Any]) -> list[tuple[str, Any, str]]:
        return [(t["channel"], t["step"], t["outcome"]) for t in lead["touches"]]

    assert shape(vendor) == shape(own)  # the same cadence, step by step
    emails = Touch.objects.filter(channel="email", lead_id=vendor["id"], state="sent").order_by(
        "done_at"
    )
    assert "received your request through Accident Leads, a lead service" in emails[0].content
    own_emails = Touch.objects.filter(channel="email", lead_id=own["id"])
    assert not any("lead service" in t.content for t in own_emails)
    assert not Touch.objects.filter(channel="sms", content__contains="lead service").exists()


CADENCE_BY_ORIGIN = """
start: "2026-03-03T09:00:00"
until: "+2d"
firm: {states: [IL], agents: 1}
cadence:
  name: Calls only for people who asked us
  steps:
    - {n: 1, action: call, template: first_call_script, initiated_by: [firm, vendor_named]}
    - {n: 2, action: email, delay: 20m, template: first_email}
leads:
  - {ref: asked, first_name: Ann, phone: "+1 312 555 0101", email: ann@example.com, state: IL,
     origin: firm, consent: [call, email]}
  - {ref: bought, first_name: Bo, phone: "+1 312 555 0102", email: bo@example.com, state: IL,
     origin: vendor, consent: [call, email]}
"""


def test_a_cadence_step_can_be_only_for_leads_who_started_the_contact_a_certain_way():
    result = simulate(load_scenario(CADENCE_BY_ORIGIN))
    leads = {lead["ref"]: lead for lead in result["leads"]}
    assert [t["channel"] for t in _out(leads["asked"], "call", "email")] == ["call", "email"]
    assert [t["channel"] for t in _out(leads["bought"], "call", "email")] == ["email"]


def test_a_cadence_step_naming_an_unknown_origin_is_refused():
    from steadfast.cadences.scenario import ScenarioError

    bad = CADENCE_BY_ORIGIN.replace("[firm, vendor_named]", "[friends]")
    with pytest.raises(ScenarioError, match="initiated_by"):
        load_scenario(bad)
