"""The bar rules through the real engine: who started the contact decides what the firm may
send, by the states the firm is licensed in (compliance.bar, docs/bar-rules.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from steadfast.audit.models import AuditEvent
from steadfast.channels.models import OutboxMessage
from steadfast.compliance import bar
from steadfast.compliance.models import BarHold
from steadfast.compliance.services import bar_overrides_update
from steadfast.dispatch.models import Direction, Touch, TouchState
from steadfast.engine.dispatcher import dispatch_one_batch
from steadfast.engine.events import bar_hold_release, contact_allowed, inbound_message, lead_arrive
from steadfast.errors import Refused
from steadfast.firms.models import Role
from steadfast.leads.models import Initiation, SourceKind, Status
from steadfast.leads.services import LeadInput, source_create
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

GENERIC = "I agree to be contacted by a lawyer about my accident by phone, text and email."
ALL = {"call": True, "sms": True, "email": True}


def _firm_in(firm, *states):
    firm.states = list(states)
    firm.save(update_fields=["states"])
    return firm


def _lead(firm, now, *, kind=SourceKind.API, consent_text=GENERIC, name="Vendor X", **fields):
    source = source_create(firm=firm, name=name, kind=kind, now=now)[0]
    data = {
        "first_name": "Pat",
        "phone": "+1 215 555 0142",
        "email": "pat@example.com",
        "state": "PA",
        "practice_area": "auto_accident",
        "consent": ALL,
        "consent_text": consent_text,
        **fields,
    }
    return lead_arrive(source=source, data=LeadInput(**data), now=now).lead


def _planned(lead, channel):
    return list(
        Touch.objects.filter(lead=lead, channel=channel, direction=Direction.OUT).exclude(
            state=TouchState.CANCELLED
        )
    )


def _run(start, minutes):
    for minute in range(0, minutes + 1, 5):
        while dispatch_one_batch(now=start + timedelta(minutes=minute)):
            pass


# --- who started the contact ---------------------------------------------------------------


def test_who_started_the_contact_is_recorded_at_intake_with_its_evidence(firm, now):
    own = _lead(firm, now, kind=SourceKind.WEB_FORM, name="Website", consent_text="")
    named = _lead(
        firm,
        now,
        name="Named Vendor",
        phone="+1 215 555 0143",
        email="b@example.com",
        consent_text="I agree that Lakeshore Injury Law may call and text me.",
    )
    generic = _lead(firm, now, name="Generic", phone="+1 215 555 0144", email="c@example.com")
    staff = _lead(
        firm,
        now,
        kind=SourceKind.MANUAL,
        name="Walk-in",
        phone="+1 215 555 0145",
        email="d@example.com",
    )

    assert own.initiated_by == Initiation.FIRM
    assert named.initiated_by == Initiation.VENDOR_NAMED
    assert named.initiation_evidence["named_firm_as"] == "lakeshore injury law"
    assert generic.initiated_by == Initiation.VENDOR
    assert generic.initiation_evidence["consent_text"] == GENERIC
    assert "does not name the firm" in generic.initiation_evidence["why"]
    assert staff.initiated_by == Initiation.STAFF


def test_a_name_alone_shorter_than_the_firms_does_not_count_as_naming_it(firm, now):
    # "Lakeshore" alone is one word under six letters short of the firm's name: not enough.
    lead = _lead(firm, now, consent_text="I agree to be called by Lake attorneys.")
    assert lead.initiated_by == Initiation.VENDOR


# --- live contact: Pennsylvania counts texts ------------------------------------------------


def test_a_pa_vendor_lead_without_the_firms_name_gets_no_calls_or_texts(firm, now):
    _firm_in(firm, "PA")
    lead = _lead(firm, now)

    assert _planned(lead, "call") == []
    assert _planned(lead, "sms") == []
    assert _planned(lead, "email")  # written, not live: the emails still go
    hold = BarHold.objects.get(lead=lead)
    assert hold.rule == "PA.live_contact"
    assert "Pa. RPC 7.3(b)" in hold.why
    for channel in ("call", "sms"):
        ok, why = contact_allowed(lead=lead, channel=channel, now=now)
        assert not ok and "text messages" in why and "Pa. RPC 7.3(b)" in why


def test_a_pa_vendor_lead_whose_wording_names_the_firm_is_called_as_usual(firm, now):
    _firm_in(firm, "PA")
    lead = _lead(firm, now, consent_text="Lakeshore Injury Law may call or text me.")
    assert len(_planned(lead, "call")) == 1
    assert not BarHold.objects.filter(lead=lead).exists()


def test_the_same_lead_for_an_illinois_firm_is_called(firm, now):
    lead = _lead(firm, now, state="IL", phone="+1 312 555 0142")
    assert len(_planned(lead, "call")) == 1


def test_a_manager_releases_a_held_lead_with_a_reason_and_it_is_called(firm, now):
    _firm_in(firm, "PA")
    lead = _lead(firm, now)
    hold = BarHold.objects.get(lead=lead)
    manager = make_user(firm, "mia@lakeshore.example", Role.MANAGER)
    agent = make_user(firm, "al@lakeshore.example", Role.AGENT)

    with pytest.raises(Refused, match="only a manager"):
        bar_hold_release(hold=hold, actor=agent, reason="ok", now=now)
    with pytest.raises(Refused, match="needs a reason"):
        bar_hold_release(hold=hold, actor=manager, reason="  ", now=now)
    assert _planned(lead, "call") == []

    later = now + timedelta(minutes=10)
    bar_hold_release(hold=hold, actor=manager, reason="The vendor's page named our firm", now=later)
    calls = _planned(lead, "call")
    assert len(calls) == 1 and calls[0].due_at >= later
    entry = AuditEvent.objects.get(action="bar_hold.released")
    assert entry.changes["reason"] == "The vendor's page named our firm"
    assert contact_allowed(lead=lead, channel="call", now=later)[0]


def test_a_person_who_writes_in_is_answered_whatever_the_rule(firm, now):
    _firm_in(firm, "PA")
    lead = _lead(firm, now)
    inbound_message(
        firm=firm,
        channel="sms",
        from_address=lead.phone,
        to_address=firm.phone,
        body="Yes please call me",
        provider="console",
        provider_id="in-1",
        now=now + timedelta(hours=1),
    )
    lead.refresh_from_db()
    assert lead.status == Status.ENGAGED
    assert contact_allowed(lead=lead, channel="call", now=now + timedelta(hours=1))[0]


# --- the 30-day accident waiting period ----------------------------------------------------


def test_a_fl_accident_lead_from_a_generic_vendor_gets_no_written_contact_for_30_days(firm, now):
    _firm_in(firm, "FL")
    lead = _lead(firm, now, state="FL", phone="+1 813 555 0142")

    written = _planned(lead, "email") + _planned(lead, "sms")
    assert written and all(t.due_at >= now + timedelta(days=30) for t in written)
    assert all("4-7.18(b)(1)(A)" in t.reason for t in written)
    _run(now, 60)
    assert not OutboxMessage.objects.filter(to_address__in=[lead.email, lead.phone]).exists()
    ok, why = contact_allowed(lead=lead, channel="email", now=now + timedelta(days=29))
    assert not ok and "30 days" in why
    assert contact_allowed(lead=lead, channel="email", now=now + timedelta(days=31))[0]


def test_the_waiting_period_ends_when_the_person_replies(firm, now):
    _firm_in(firm, "FL")
    lead = _lead(firm, now, state="FL", phone="+1 813 555 0142")
    inbound_message(
        firm=firm,
        channel="email",
        from_address=lead.email,
        to_address="intake@lakeshore.example",
        body="Can you help me?",
        provider="console",
        provider_id="in-2",
        now=now + timedelta(days=2),
    )
    assert contact_allowed(lead=lead, channel="email", now=now + timedelta(days=2))[0]


def test_the_firms_own_form_is_not_held_by_the_waiting_period(firm, now):
    _firm_in(firm, "FL")
    lead = _lead(
        firm, now, kind=SourceKind.WEB_FORM, name="Website", state="FL", phone="+1 813 555 0142"
    )
    email = _planned(lead, "email")[0]
    assert email.due_at - now <= timedelta(hours=1)


def test_the_waiting_period_follows_a_florida_recipient_of_an_illinois_firm(firm, now):
    lead = _lead(firm, now, state="FL", phone="+1 813 555 0142")
    firm.states = ["IL", "WI", "FL"]  # served, but the rule follows the lead anyway
    assert all(t.due_at >= now + timedelta(days=30) for t in _planned(lead, "email"))


# --- labels --------------------------------------------------------------------------------


def test_a_ny_firms_emails_carry_attorney_advertising_in_the_subject(firm, now):
    _firm_in(firm, "NY")
    lead = _lead(
        firm,
        now,
        kind=SourceKind.WEB_FORM,
        name="Website",
        state="NY",
        phone="+1 212 555 0142",
        practice_area="employment",
    )
    _run(now, 60)
    sent = OutboxMessage.objects.get(channel="email", to_address=lead.email)
    assert sent.subject.startswith("Attorney Advertising: ")
    touch = Touch.objects.get(lead=lead, channel="email", state=TouchState.SENT)
    assert touch.subject == sent.subject  # kept as sent
    assert touch.template_version.startswith("first_email@")


def test_a_texas_solicitation_is_marked_advertisement_and_a_request_is_not(firm, now):
    _firm_in(firm, "TX")
    vendor = _lead(firm, now, state="TX", phone="+1 214 555 0142", practice_area="employment")
    own = _lead(
        firm,
        now,
        kind=SourceKind.WEB_FORM,
        name="Website",
        state="TX",
        phone="+1 214 555 0143",
        email="own@example.com",
        practice_area="employment",
    )
    _run(now, 60)
    to_vendor = OutboxMessage.objects.get(channel="email", to_address=vendor.email)
    to_own = OutboxMessage.objects.get(channel="email", to_address=own.email)
    assert to_vendor.subject.startswith("ADVERTISEMENT: ")
    assert "ADVERTISEMENT" not in to_own.subject + to_own.body


def test_california_labels_a_solicitation_at_its_start_and_end():
    class Lead:
        initiated_by = Initiation.VENDOR
        pk = None

    rules = bar.bar_rules_for(None)
    lead = Lead()
    found = [rules.rules["CA.label"]]
    _subject, body = bar.labelled(lead=lead, channel="sms", subject="", body="Hello", found=found)  # type: ignore[arg-type]
    assert body.startswith("Advertisement: ") and body.endswith("\nAdvertisement")


# --- newsletter ----------------------------------------------------------------------------


def test_a_texas_nurture_lead_without_newsletter_opt_in_fails_the_newsletter_check(firm, now):
    _firm_in(firm, "TX")
    lead = _lead(firm, now, state="TX", phone="+1 214 555 0142")
    lead.status = Status.NURTURE
    refused = bar.newsletter_allowed(lead)
    assert isinstance(refused, Refused) and "Tex. DRPC 7.05(e)" in refused.message

    asked = _lead(
        firm,
        now,
        name="Another vendor",
        state="TX",
        phone="+1 214 555 0143",
        email="asked@example.com",
        consent={**ALL, "newsletter": True},
    )
    assert asked.newsletter_opt_in_at == now
    assert bar.newsletter_allowed(asked) is None


def test_an_illinois_firms_newsletter_needs_no_opt_in(firm, now):
    lead = _lead(firm, now, state="IL", phone="+1 312 555 0142")
    assert bar.newsletter_allowed(lead) is None


# --- the Illinois disclosure ---------------------------------------------------------------


def test_an_illinois_vendor_leads_first_email_carries_the_disclosure_and_no_text_does(firm, now):
    vendor = _lead(firm, now, state="IL", phone="+1 312 555 0142", name="Accident Leads")
    own = _lead(
        firm,
        now,
        kind=SourceKind.WEB_FORM,
        name="Website",
        state="IL",
        phone="+1 312 555 0143",
        email="own@example.com",
    )
    _run(now, 60)
    email = OutboxMessage.objects.get(channel="email", to_address=vendor.email)
    assert "received your request through Accident Leads, a lead service" in email.body
    own_email = OutboxMessage.objects.get(channel="email", to_address=own.email)
    assert "lead service" not in own_email.body
    assert not OutboxMessage.objects.filter(channel="sms", body__contains="lead service").exists()


# --- overrides -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"XX.live_contact": {}}, "XX.live_contact: not a rule"),
        ({"PA.curfew": {}}, "PA.curfew: not a rule"),
        ({"TX.waiting_period": {"days": 0}}, "TX.waiting_period.days: expected a whole number"),
        ({"TX.waiting_period": {"days": "30"}}, "TX.waiting_period.days"),
        ({"PA.live_contact": {"days": 3}}, "PA.live_contact.days: unknown setting"),
        ({"PA.live_contact": {"channels": ["fax"]}}, "PA.live_contact.channels"),
        ({"PA.live_contact": {"origins": ["anyone"]}}, "PA.live_contact.origins"),
        ({"NY.label": {"subject_label": "x" * 41}}, "NY.label.subject_label"),
        ({"NY.label": {"subject_label": ""}}, "NY.label: a label rule needs"),
        ({"IL.disclosure": {"snippet": "{nope}"}}, "IL.disclosure.snippet"),
        ({"PA.live_contact": True}, "PA.live_contact: expected an object"),
    ],
)
def test_a_bad_override_is_refused_naming_the_key_and_nothing_is_saved(
    firm, alice, now, overrides, message
):
    with pytest.raises(Refused, match=message.replace("(", r"\(").replace(")", r"\)")):
        bar_overrides_update(firm=firm, overrides=overrides, now=now, actor=alice)
    assert bar.firm_bar_rules(firm) is bar.DEFAULT_BAR_RULES
    assert not AuditEvent.objects.filter(action="firm.bar_rule_overrides").exists()


def test_an_override_is_applied_and_audited(firm, alice, now):
    _firm_in(firm, "PA")
    changed = bar_overrides_update(
        firm=firm,
        overrides={"PA.live_contact": {"channels": ["call"]}, "GA.live_contact": {}},
        now=now,
        actor=alice,
    )
    assert changed
    rules = bar.firm_bar_rules(firm)
    assert rules.rules["PA.live_contact"].channels == {"call"}
    assert rules.rules["GA.live_contact"].source == "ABA Model Rule 7.3(b)"
    entry = AuditEvent.objects.get(action="firm.bar_rule_overrides")
    assert entry.changes["bar_rule_overrides"][0] == {}
    lead = _lead(firm, now)
    assert _planned(lead, "call") == []  # calls are still held
    assert len(_planned(lead, "sms")) == 1  # texts no longer are: the last step goes by text
    assert contact_allowed(lead=lead, channel="sms", now=now)[0]
