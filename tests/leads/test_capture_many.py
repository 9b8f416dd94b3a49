"""A batch of an import is stored together (`lead_capture_many`), and ends exactly as if each
input had been captured one after the other: the same leads, duplicates, evidence, history,
consent, audit trail and planned touches."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.audit.models import AuditEvent
from steadfast.compliance.models import BarHold, ConsentRecord
from steadfast.dispatch.models import Touch
from steadfast.engine.events import lead_arrive, leads_arrive
from steadfast.firms.models import Firm
from steadfast.leads.models import Lead, StatusChange, ValidityCheck
from steadfast.leads.services import Intake, LeadInput, LeadRejected, source_create
from tests.conftest import make_firm

pytestmark = pytest.mark.django_db


def inputs(now: datetime) -> list[LeadInput]:
    text = {"call": True, "sms": True, "email": True}
    return [
        LeadInput("Ann", phone="(312) 555-0101", state="IL", external_id="a", consent=text),
        # The same person by email, then by phone, within the batch: duplicates of Ann.
        LeadInput("Ann2", phone="312 555 0101", email="ann@example.org", state="IL"),
        LeadInput("Ann3", email="ann@example.org", state="IL", external_id="a3"),
        # A duplicate of a lead stored before the batch (Old, below).
        LeadInput("Old2", phone="+1 414 555 0199", state="WI"),
        # Out of the firm's states; a malformed phone only; no contact data at all.
        LeadInput("Flo", phone="(305) 555-0142", state="FL"),
        LeadInput("Bad", phone="555", state="IL"),
        LeadInput("Nobody", state="IL"),
        LeadInput("", phone="(312) 555-0177"),
        # The same external_id twice: the same input again, then a different one.
        LeadInput("Eve", phone="(312) 555-0123", state="IL", external_id="e", consent=text),
        LeadInput("Eve", phone="(312) 555-0123", state="IL", external_id="e", consent=text),
        LeadInput("Eva", phone="(312) 555-0123", state="IL", external_id="e"),
        # Sent before the batch with this external_id, now again.
        LeadInput("Old", phone="+1 414 555 0199", state="WI", external_id="old"),
        LeadInput(
            "Sam",
            email="sam@example.org",
            state="IL",
            practice_area="workers_comp",
            message="Me caí en el trabajo y necesito ayuda con mi lesión por favor",
            submitted_at=now - timedelta(minutes=3),
            consent={"email": True},
            consent_text="I agree to be contacted",
        ),
    ]


def answer_of(result: Intake | LeadRejected) -> Any:
    if isinstance(result, LeadRejected):
        return ("refused", result.code, result.detail.replace(str(result_lead_id(result)), "#"))
    return ("lead", result.lead.first_name, result.created)


def result_lead_id(exc: LeadRejected) -> Any:
    lead = getattr(exc, "lead", None)
    return lead.pk if lead is not None else "-"


def snapshot(firm: Firm) -> dict[str, Any]:
    """Everything a person could see of the firm's leads, by name instead of by id."""
    names = {lead.pk: lead.first_name for lead in Lead.objects.filter(firm=firm)}
    leads = sorted(
        (
            lead.first_name,
            lead.status,
            lead.status_reason,
            names.get(lead.duplicate_of_id or 0, ""),
            lead.phone,
            lead.email,
            lead.timezone,
            lead.language,
            lead.jurisdiction_state,
            lead.search_text,
            lead.initiated_by,
        )
        for lead in Lead.objects.filter(firm=firm)
    )
    checks = sorted(
        (names[c.lead_id], c.kind, c.result, c.code, c.detail.split(" as lead #")[0])
        for c in ValidityCheck.objects.filter(firm=firm)
    )
    history = sorted(
        (names[s.lead_id], s.from_status, s.to_status, s.reason, s.note)
        for s in StatusChange.objects.filter(firm=firm)
    )
    consent = sorted(
        (names[c.lead_id], c.channel, c.action, c.text_shown, c.source)
        for c in ConsentRecord.objects.filter(firm=firm)
    )
    audit = sorted(
        (a.action, names.get(int(a.object_id), "?"), str(a.changes), a.actor_label)
        for a in AuditEvent.objects.filter(firm=firm, object_type="lead")
    )
    touches = sorted(
        (
            names[t.lead_id],
            t.channel,
            t.step,
            t.state,
            t.due_at,
            t.reason,
            t.to_address,
            t.template,
            t.failure_note,
        )
        for t in Touch.objects.filter(firm=firm)
    )
    holds = sorted(
        (names[h.lead_id], h.rule, h.why, h.until, h.released_at)
        for h in BarHold.objects.filter(firm=firm)
    )
    return {
        "leads": leads,
        "checks": checks,
        "history": history,
        "consent": consent,
        "audit": audit,
        "touches": touches,
        "holds": holds,
    }


def firm_with_old_lead(slug: str, now: datetime) -> tuple[Firm, Any]:
    firm = make_firm(slug=slug, name=f"Firm {slug}")
    source, _ = source_create(firm=firm, name="Vendor", now=now - timedelta(days=1))
    lead_arrive(
        source=source,
        data=LeadInput("Old", phone="+1 414 555 0199", state="WI", external_id="old"),
        now=now - timedelta(days=2),
    )
    return firm, source


def test_a_batch_ends_exactly_as_one_capture_after_another(now: datetime):
    one_by_one, source_a = firm_with_old_lead("one", now)
    together, source_b = firm_with_old_lead("many", now)

    sequential = []
    for data in inputs(now):
        try:
            sequential.append(lead_arrive(source=source_a, data=data, now=now))
        except LeadRejected as exc:
            sequential.append(exc)
    batch = leads_arrive(source=source_b, items=inputs(now), now=now)

    assert [answer_of(r) for r in batch] == [answer_of(r) for r in sequential]
    assert snapshot(together) == snapshot(one_by_one)
    # What the comparison stands on: the batch really found these.
    leads = {lead.first_name: lead for lead in Lead.objects.filter(firm=together)}
    assert leads["Ann2"].duplicate_of == leads["Ann"] == leads["Ann3"].duplicate_of
    assert leads["Old2"].duplicate_of == leads["Old"]
    assert leads["Sam"].language == "es"
    assert "ann" in leads["Ann"].search_text  # the leads list finds them by name
    assert Touch.objects.filter(lead=leads["Ann"]).exists()
    assert not Touch.objects.filter(lead=leads["Ann2"]).exists()
    refused = [answer_of(r)[1] for r in batch if isinstance(r, LeadRejected)]
    assert refused == ["no_contact_data", "missing_field", "external_id_conflict"]


def test_an_empty_batch_or_one_of_refusals_stores_nothing(firm: Firm, now: datetime):
    source, _ = source_create(firm=firm, name="Vendor", now=now)
    assert leads_arrive(source=source, items=[], now=now) == []
    answers = leads_arrive(source=source, items=[LeadInput("", phone="3125550100")], now=now)
    assert [type(a) for a in answers] == [LeadRejected]
    assert not Lead.objects.exists()


def alike_and_not(now: datetime) -> list[LeadInput]:
    """Leads a cadence treats alike (planned once for the batch) among ones it does not."""
    everything = {"call": True, "sms": True, "email": True}
    leads = [
        LeadInput(f"Il{i}", phone=f"(312) 555-01{i:02d}", state="IL", consent=everything)
        for i in range(4)
    ]
    leads += [LeadInput(f"Quiet{i}", phone=f"(312) 555-02{i:02d}", state="IL") for i in range(2)]
    leads += [
        LeadInput(f"Mail{i}", email=f"m{i}@example.org", state="IL", consent={"email": True})
        for i in range(2)
    ]
    # Florida: a bar rule keeps live calls from a lead who did not ask the firm, and an
    # accident's waiting period holds written contact; the area code's state counts too.
    leads += [
        LeadInput(
            f"Fl{i}",
            phone=f"(305) 555-01{i:02d}",
            email=f"fl{i}@example.org",
            state="FL",
            practice_area="car accident",
            consent=everything,
        )
        for i in range(3)
    ]
    leads += [
        LeadInput(f"Wi{i}", phone=f"(312) 555-03{i:02d}", state="WI", consent=everything)
        for i in range(2)
    ]
    leads.append(
        LeadInput(
            "Fl9", phone="(305) 555-0199", state="FL", practice_area="wills", consent=everything
        )
    )
    # An hour later in the day than the firm: past 9 pm there, no text until the morning.
    leads += [
        LeadInput(f"Oh{i}", phone=f"(614) 555-01{i:02d}", state="OH", consent=everything)
        for i in range(2)
    ]
    return leads


def test_leads_planned_alike_in_a_batch_get_what_each_would_get_alone(now: datetime):
    one_by_one = make_firm(slug="one", name="Firm one", states=["IL", "WI", "FL", "OH"])
    together = make_firm(slug="many", name="Firm many", states=["IL", "WI", "FL", "OH"])
    source_a, _ = source_create(firm=one_by_one, name="Vendor", now=now)
    source_b, _ = source_create(firm=together, name="Vendor", now=now)
    evening = now + timedelta(hours=10, minutes=30)  # 8:30 pm in Chicago

    for data in alike_and_not(evening):
        lead_arrive(source=source_a, data=data, now=evening)
    leads_arrive(source=source_b, items=alike_and_not(evening), now=evening)

    seen = snapshot(together)
    assert seen == snapshot(one_by_one)
    # What the comparison stands on: different plans, and holds, were made.
    assert {h[1] for h in seen["holds"]} == {"FL.live_contact", "FL.waiting_period"}
    waiting = {h[0] for h in seen["holds"] if h[1] == "FL.waiting_period"}
    assert waiting == {"Fl0", "Fl1", "Fl2"}  # an accident, not a will
    planned = {
        name: [t[1:] for t in seen["touches"] if t[0] == name] for name in ("Il0", "Quiet0", "Oh0")
    }
    assert [t[0] for t in planned["Il0"]] != [t[0] for t in planned["Quiet0"]]
    assert planned["Oh0"]
    assert [t[3] for t in planned["Il0"]] != [t[3] for t in planned["Oh0"]]


def test_duplicates_within_a_batch_cost_no_statement_each(
    firm: Firm, now: datetime, django_assert_num_queries
):
    source, _ = source_create(firm=firm, name="Vendor", now=now)
    originals = [LeadInput(f"Ann{i}", phone=f"(312) 555-01{i:02d}", state="IL") for i in range(3)]
    again = [LeadInput(f"Bo{i}", phone=f"(312) 555-01{i:02d}", state="IL") for i in range(3)]
    leads_arrive(source=source, items=originals[:2] + again[:2], now=now)  # warms the caches
    Lead.objects.all().delete()
    # (Two of each: a batch of one new lead reads its channel states in one statement.)
    with CaptureQueriesContext(connection) as two:
        leads_arrive(source=source, items=originals[:2] + again[:2], now=now)
    Lead.objects.all().delete()

    # The originals' rows are read back for the duplicates' evidence from memory.
    with django_assert_num_queries(len(two.captured_queries)):
        answers = leads_arrive(source=source, items=originals + again, now=now)

    copies = [a.lead for a in answers if isinstance(a, Intake)][3:]
    assert [lead.duplicate_of.first_name for lead in copies if lead.duplicate_of] == [
        "Ann0", "Ann1", "Ann2"
    ]  # fmt: skip
