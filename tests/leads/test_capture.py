"""lead_capture: validation at intake with its evidence, duplicates, consent, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadfast.api.schemas import LeadIn
from steadfast.audit.models import AuditEvent
from steadfast.compliance.models import ConsentRecord
from steadfast.engine.events import lead_arrive
from steadfast.leads import services, validation
from steadfast.leads.models import Lead, LeadSource, StatusChange, ValidityCheck
from steadfast.leads.services import LeadConflict, LeadInput, LeadRejected, source_create


def capture_at(source: LeadSource, when: datetime, **fields: Any) -> Lead:
    fields.setdefault("first_name", "Jane")
    return lead_arrive(source=source, data=LeadInput(**fields), now=when).lead


def findings(lead: Lead) -> dict[str, tuple[str, str]]:
    return {c.kind: (c.result, c.code) for c in lead.checks.all()}


def test_it_stores_a_valid_lead_as_new_with_four_findings(capture):
    lead = capture(phone="(312) 555-0142", email="Jane@Example.com", state="IL")

    assert (lead.status, lead.status_reason) == ("new", "")
    assert (lead.phone, lead.email, lead.jurisdiction_state) == (
        "+13125550142",
        "jane@example.com",
        "IL",
    )
    assert findings(lead) == {
        "phone": ("valid", "valid"),
        "email": ("valid", "valid"),
        "jurisdiction": ("valid", "served"),
        "duplicate": ("valid", "unique"),
    }


def test_it_stores_a_lead_whose_only_phone_is_malformed_as_bad_phone(capture):
    lead = capture(phone="555-01")

    assert (lead.status, lead.status_reason) == ("invalid", "bad_phone")
    check = lead.checks.get(kind="phone")
    assert check.result == "invalid"
    assert check.evidence["raw"] == "555-01"
    assert lead.phone_raw == "555-01"
    assert lead.phone == ""


def test_it_stores_a_lead_whose_only_email_is_malformed_as_bad_email(capture):
    lead = capture(email="jane at example dot com")

    assert (lead.status, lead.status_reason) == ("invalid", "bad_email")
    check = lead.checks.get(kind="email")
    assert (check.result, check.code) == ("invalid", "bad_syntax")
    assert check.evidence["raw"] == "jane at example dot com"
    assert check.evidence["error"]


def test_it_names_the_phone_when_both_phone_and_email_are_malformed(capture):
    lead = capture(phone="12", email="jane@")

    assert (lead.status, lead.status_reason) == ("invalid", "bad_phone")
    assert findings(lead)["phone"][0] == findings(lead)["email"][0] == "invalid"


def test_it_keeps_a_lead_with_a_bad_phone_and_a_good_email_new(capture):
    lead = capture(phone="12", email="jane@example.com")

    assert (lead.status, lead.status_reason) == ("new", "")
    assert findings(lead)["phone"][0] == "invalid"


@pytest.mark.parametrize(
    ("state", "zip_code"),
    [("FL", ""), ("Florida", ""), ("", "33602"), ("FL", "33602")],
)
def test_it_marks_a_stated_location_outside_the_firms_states_out_of_jurisdiction(
    capture, state, zip_code
):
    lead = capture(phone="+1 312 555 0142", state=state, zip=zip_code)

    assert (lead.status, lead.status_reason) == ("invalid", "out_of_jurisdiction")
    check = lead.checks.get(kind="jurisdiction")
    assert check.evidence["state"] == "FL"
    assert check.evidence["firm_states"] == ["IL", "WI"]


@pytest.mark.parametrize(
    ("phone", "state"),
    [("+1 212 555 0142", ""), ("+1 305 555 0142", ""), ("+1 212 555 0142", "WI")],
)
def test_it_never_puts_a_lead_out_of_jurisdiction_by_its_area_code(capture, phone, state):
    lead = capture(phone=phone, state=state)

    assert (lead.status, lead.status_reason) == ("new", "")
    assert lead.checks.get(kind="jurisdiction").result in ("unknown", "valid")


def test_it_leaves_jurisdiction_unknown_for_a_state_it_cannot_read(capture):
    lead = capture(phone="+1 312 555 0142", state="Narnia")

    assert lead.status == "new"
    check = lead.checks.get(kind="jurisdiction")
    assert check.result == "unknown"
    assert check.evidence["unrecognised_state"] == "Narnia"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"phone": "(312) 555-0142"}, {"phone": "+1 312.555.0142"}),
        ({"email": "Jane@Example.com"}, {"email": "jane@example.com"}),
        ({"phone": "(312) 555-0142", "email": "a@example.com"}, {"phone": "312-555-0142"}),
    ],
)
def test_it_marks_the_same_phone_or_email_within_30_days_a_duplicate(source, now, first, second):
    original = capture_at(source, now - timedelta(days=29), **first)

    repeat = capture_at(source, now, **second)

    assert (repeat.status, repeat.status_reason) == ("invalid", "duplicate")
    assert repeat.duplicate_of == original
    check = repeat.checks.get(kind="duplicate")
    assert check.evidence["original_lead"] == original.pk
    assert check.evidence["matched_on"]


def test_it_does_not_mark_a_lead_from_31_days_ago_a_duplicate(source, now):
    capture_at(source, now - timedelta(days=31), phone="(312) 555-0142")

    repeat = capture_at(source, now, phone="(312) 555-0142")

    assert (repeat.status, repeat.duplicate_of) == ("new", None)


def test_it_links_a_duplicate_of_a_duplicate_to_the_original(source, now):
    original = capture_at(source, now - timedelta(days=3), phone="(312) 555-0142")
    capture_at(source, now - timedelta(days=2), phone="(312) 555-0142")

    third = capture_at(source, now, phone="(312) 555-0142")

    assert third.duplicate_of == original


def test_it_counts_a_lead_from_another_source_of_the_same_firm(source, firm, now):
    website, _ = source_create(firm=firm, name="Website", now=now)
    original = capture_at(source, now - timedelta(hours=1), phone="(312) 555-0142")

    repeat = capture_at(website, now, phone="(312) 555-0142")

    assert repeat.duplicate_of == original


def test_it_never_counts_another_firms_lead(source, other_source_and_key, now):
    harbor_source, _ = other_source_and_key
    capture_at(harbor_source, now - timedelta(hours=1), phone="(312) 555-0142")

    lead = capture_at(source, now, phone="(312) 555-0142")

    assert (lead.status, lead.duplicate_of) == ("new", None)


def test_it_returns_the_stored_lead_for_a_repeated_external_id(source, now):
    first = lead_arrive(
        source=source,
        data=LeadInput(first_name="Jane", phone="3125550142", external_id="x-1"),
        now=now,
    )

    again = lead_arrive(
        source=source,
        data=LeadInput(first_name="Jane", phone="3125550142", external_id="x-1"),
        now=now + timedelta(minutes=5),
    )

    assert (first.created, again.created) == (True, False)
    assert again.lead.pk == first.lead.pk
    with pytest.raises(LeadConflict) as refused:
        lead_arrive(
            source=source,
            data=LeadInput(first_name="Janet", email="j@example.com", external_id="x-1"),
            now=now + timedelta(minutes=5),
        )
    assert refused.value.fields == ["first_name", "phone", "email"]
    assert Lead.objects.count() == 1
    assert Lead.objects.get().first_name == "Jane"


def test_it_returns_the_winner_when_two_posts_of_one_external_id_race(source, now, monkeypatch):
    # The other request stores its lead after this one looked for the external_id and
    # before this one inserts: the unique constraint decides, and this one answers with the
    # lead the other stored.
    check_phone = validation.check_phone
    rival: list[Lead] = []

    def slow_check_phone(raw: str) -> validation.PhoneResult:
        monkeypatch.setattr(validation, "check_phone", check_phone)
        # A retry of the same lead, as a vendor sends one when its first request timed out.
        rival.append(capture_at(source, now, phone="3125550142", external_id="x-1"))
        return check_phone(raw)

    monkeypatch.setattr(validation, "check_phone", slow_check_phone)

    intake = lead_arrive(
        source=source,
        data=LeadInput(first_name="Jane", phone="3125550142", external_id="x-1"),
        now=now,
    )

    assert intake.created is False
    assert intake.lead.pk == rival[0].pk
    assert Lead.objects.count() == 1


def test_it_records_consent_with_its_evidence_for_each_channel_granted(capture):
    submitted = datetime(2026, 3, 2, 15, 58, tzinfo=UTC)
    lead = capture(
        phone="3125550142",
        consent={"call": True, "sms": True, "email": False},
        consent_text="I agree to calls and texts.",
        consent_page_url="https://example.com/form",
        consent_ip="198.51.100.4",
        consent_user_agent="Mozilla/5.0\x00 (X11)",
        submitted_at=submitted,
    )

    records = ConsentRecord.objects.filter(lead=lead).order_by("channel")
    assert [r.channel for r in records] == ["call", "sms"]
    for record in records:
        assert record.action == "grant"
        assert record.text_shown == "I agree to calls and texts."
        assert record.page_url == "https://example.com/form"
        assert record.ip_address == "198.51.100.4"
        assert record.user_agent == "Mozilla/5.0 (X11)"
        assert record.at == submitted


@pytest.mark.parametrize(
    "submitted_at",
    [
        datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2026, 3, 3, 16, 0, 1, tzinfo=UTC),
        datetime(2026, 3, 2, 10, 0),  # naive
    ],
)
def test_it_rejects_a_submission_time_that_cannot_be_true(capture, submitted_at):
    with pytest.raises(LeadRejected) as rejected:
        capture(phone="3125550142", submitted_at=submitted_at)

    assert rejected.value.field == "submitted_at"
    assert rejected.value.detail.startswith("submitted_at")
    assert not Lead.objects.exists()


def test_it_accepts_a_source_clock_running_a_little_ahead(capture, now):
    lead = capture(phone="3125550142", submitted_at=now + timedelta(hours=2))

    assert lead.submitted_at == now + timedelta(hours=2)


def test_it_saves_nothing_when_a_step_fails_halfway(capture, monkeypatch):
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_consent_records", broken)
    models = (Lead, ValidityCheck, StatusChange, ConsentRecord, AuditEvent)
    before = [model.objects.count() for model in models]

    with pytest.raises(RuntimeError):
        capture(phone="3125550142", consent={"call": True})

    assert [model.objects.count() for model in models] == before


# The lead columns each field of the API's schema is stored in: the schema must refuse what
# the column cannot hold, or PostgreSQL answers with an error (SQLite does not check).
COLUMNS = {
    "external_id": (Lead, "external_id"),
    "first_name": (Lead, "first_name"),
    "last_name": (Lead, "last_name"),
    "phone": (Lead, "phone_raw"),
    "email": (Lead, "email_raw"),
    "zip": (Lead, "stated_zip"),
    "practice_area": (Lead, "practice_area"),
    "consent_page_url": (ConsentRecord, "page_url"),
}


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_it_never_accepts_more_text_than_the_column_holds(name):
    model, column = COLUMNS[name]
    limit = model._meta.get_field(column).max_length
    payload = {"first_name": "Jane", name: "7" * (limit + 1)}

    with pytest.raises(pydantic.ValidationError) as refused:
        LeadIn.model_validate(payload)

    assert {e["loc"][0] for e in refused.value.errors()} == {name}


# Text as a careless or hostile source may send it: any Unicode, with a bias towards digits,
# separators and the characters that trip up parsers and databases.
_awkward = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("0123456789+-() .@\x00\x1b\u00a0\u2028\uff11\U0001f600é"),
    ),
    max_size=20,
)


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first_name=_awkward,
    phone=_awkward,
    email=_awkward,
    state=_awkward,
    zip_code=st.one_of(_awkward.map(lambda s: s[:10]), st.from_regex(r"\A\d{5}\Z")),
)
def test_it_stores_or_rejects_any_text_but_never_fails(
    source, now, first_name, phone, email, state, zip_code
):
    payload = {
        "first_name": first_name,
        "phone": phone,
        "email": email,
        "state": state,
        "zip": zip_code,
    }
    try:
        valid = LeadIn.model_validate(payload)
    except pydantic.ValidationError:
        return
    data = LeadInput(**valid.model_dump(exclude={"consent"}), consent={})

    try:
        lead = lead_arrive(source=source, data=data, now=now).lead
    except LeadRejected as exc:
        assert exc.code in {"missing_field", "no_contact_data"}
        return

    lead.refresh_from_db()
    assert lead.status in ("new", "invalid")
    assert {c.kind for c in lead.checks.all()} == {"phone", "email", "jurisdiction", "duplicate"}
