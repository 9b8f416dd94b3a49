"""POST /api/v1/leads and reading a lead back: what a lead vendor sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from steadfast import clock
from steadfast.compliance.models import ConsentRecord
from steadfast.leads.models import Lead
from steadfast.leads.selectors import lead_next_touch
from steadfast.leads.services import source_create
from tests.api.payloads import CONSENT_TEXT, jane


def test_it_creates_a_lead_and_answers_201_with_its_status_and_validity(api, now):
    response = api("post", "/leads", jane())

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"id", "status", "validity", "next_touch", "duplicate_of"}
    assert body["status"] == "new"
    assert body["status_reason"] is None
    assert body["duplicate_of"] is None
    validity = body["validity"]
    assert set(validity) == {"phone", "email", "jurisdiction", "duplicate"}
    assert validity["phone"]["result"] == "valid"
    assert validity["phone"]["evidence"]["e164"] == "+13125550142"
    assert validity["email"]["result"] == "valid"
    assert validity["email"]["evidence"]["normalized"] == "jane.doe@example.com"
    assert validity["jurisdiction"]["result"] == "valid"
    assert validity["jurisdiction"]["evidence"]["state"] == "IL"
    assert validity["duplicate"]["result"] == "valid"
    lead = Lead.objects.get(pk=body["id"])
    assert (lead.phone, lead.email, lead.arrived_at) == (
        "+13125550142",
        "jane.doe@example.com",
        now,
    )


def test_it_reports_the_first_call_planned_for_a_lead_arriving_in_business_hours(api, now):
    # Monday 10:00 in Chicago: the firm is open and the lead may be called at once.
    body = api("post", "/leads", jane()).json()

    planned = lead_next_touch(lead=Lead.objects.get(pk=body["id"]))
    assert planned is not None
    assert body["next_touch"]["channel"] == planned.channel == "call"
    assert datetime.fromisoformat(body["next_touch"]["due_at"]) == planned.due_at == now


def test_it_answers_200_with_the_same_lead_for_the_same_external_id_and_input(api, stored):
    first = api("post", "/leads", jane())
    before = stored()

    # The same input, as a retry may send it: other spacing, the same instant in UTC.
    again = api(
        "post",
        "/leads",
        jane(
            first_name=" Jane ", email="jane.doe@example.com", submitted_at="2026-03-02T15:58:00Z"
        ),
    )

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert stored() == before


def test_it_refuses_the_same_external_id_with_different_input_naming_the_fields(api, stored):
    first = api("post", "/leads", jane())
    before = stored()

    again = api("post", "/leads", jane(phone="+1 414 555 0199", first_name="Janet"))

    assert again.status_code == 409
    body = again.json()
    assert body["error"] == "external_id_conflict"
    assert "first_name, phone" in body["detail"]
    assert f"lead {first.json()['id']}" in body["detail"]
    assert stored() == before
    assert Lead.objects.get().first_name == "Jane"


def test_it_lets_two_sources_use_the_same_external_id(api, firm, now):
    _, web_key = source_create(firm=firm, name="Website", now=now)

    vendor = api("post", "/leads", jane())
    website = api(
        "post", "/leads", jane(phone="+1 312 555 0177", email="sam@example.com"), key=web_key
    )

    assert (vendor.status_code, website.status_code) == (201, 201)
    assert vendor.json()["id"] != website.json()["id"]
    assert website.json()["status"] == "new"
    assert Lead.objects.filter(external_id="il-1001").count() == 2


def test_it_creates_a_new_lead_each_time_without_an_external_id(api):
    first = api("post", "/leads", jane(external_id=None))
    second = api("post", "/leads", jane(external_id=None, phone="+13125550177", email=""))

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]


def test_it_reads_back_what_was_stored(api, source, now):
    lead_id = api("post", "/leads", jane()).json()["id"]

    response = api("get", f"/leads/{lead_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == lead_id
    assert body["external_id"] == "il-1001"
    assert body["source"] == source.name
    assert (body["first_name"], body["last_name"]) == ("Jane", "Doe")
    assert body["phone"] == "+13125550142"
    assert body["email"] == "jane.doe@example.com"
    assert (body["state"], body["zip"]) == ("IL", "60601")
    assert body["practice_area"] == "personal_injury"
    assert body["message"] == "Rear-ended on I-90 last Tuesday; neck pain since."
    assert body["consent"] == {"call": True, "sms": True, "email": False}
    assert (body["timezone"], body["timezone_source"]) == ("America/Chicago", "zip")
    assert datetime.fromisoformat(body["arrived_at"]) == now
    assert datetime.fromisoformat(body["submitted_at"]) == datetime(2026, 3, 2, 15, 58, tzinfo=UTC)
    assert body["status"] == "new"
    assert set(body["validity"]) == {"phone", "email", "jurisdiction", "duplicate"}


def test_it_shows_the_status_history_checks_and_consent_on_the_timeline(api, now):
    lead_id = api("post", "/leads", jane()).json()["id"]

    response = api("get", f"/leads/{lead_id}/timeline")

    assert response.status_code == 200
    body = response.json()
    assert body["lead_id"] == lead_id
    items = body["items"]
    statuses = [i["data"]["to"] for i in items if i["kind"] == "status"]
    assert statuses[0] == "new"
    checks = {i["data"]["check"]: i["data"]["result"] for i in items if i["kind"] == "check"}
    assert checks == {
        "phone": "valid",
        "email": "valid",
        "jurisdiction": "valid",
        "duplicate": "valid",
    }
    consents = [i["data"] for i in items if i["kind"] == "consent"]
    assert sorted(c["channel"] for c in consents) == ["call", "sms"]
    for consent in consents:
        assert consent["action"] == "grant"
        assert consent["text_shown"] == CONSENT_TEXT
        assert consent["page_url"] == "https://injuryleads.example/chicago/claim"
        assert consent["ip_address"] == "203.0.113.7"


def test_it_shows_an_invalid_leads_status_change_with_its_reason(api):
    lead_id = api("post", "/leads", jane(phone="555-01", email="")).json()["id"]

    items = api("get", f"/leads/{lead_id}/timeline").json()["items"]

    changes = [(i["data"]["to"], i["data"]["reason"]) for i in items if i["kind"] == "status"]
    assert changes == [("new", None), ("invalid", "bad_phone")]


def test_it_keeps_the_consent_evidence_per_channel_granted(client, api_key):
    response = client.post(
        "/api/v1/leads",
        data=jane(consent={"call": True, "sms": False, "email": True}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_key}",
        HTTP_USER_AGENT="Mozilla/5.0 (InjuryLeads form)",
    )

    assert response.status_code == 201
    records = ConsentRecord.objects.filter(lead_id=response.json()["id"]).order_by("channel")
    assert [(r.channel, r.action) for r in records] == [("call", "grant"), ("email", "grant")]
    for record in records:
        assert record.text_shown == CONSENT_TEXT
        assert record.page_url == "https://injuryleads.example/chicago/claim"
        assert record.ip_address == "203.0.113.7"
        assert record.user_agent == "Mozilla/5.0 (InjuryLeads form)"
        assert record.at == datetime(2026, 3, 2, 15, 58, tzinfo=UTC)
        assert record.evidence["external_id"] == "il-1001"


def test_it_records_no_consent_for_channels_not_granted(api):
    body = api("post", "/leads", jane(consent={"call": False, "sms": False, "email": False}))

    assert body.status_code == 201
    assert not ConsentRecord.objects.filter(lead_id=body.json()["id"]).exists()
    assert api("get", f"/leads/{body.json()['id']}").json()["consent"] == {
        "call": False,
        "sms": False,
        "email": False,
    }


def test_it_stores_a_lead_with_only_a_malformed_phone_as_invalid_with_evidence(api):
    response = api("post", "/leads", jane(phone="555-01", email=""))

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["status_reason"]) == ("invalid", "bad_phone")
    assert body["validity"]["phone"]["result"] == "invalid"
    assert body["validity"]["phone"]["evidence"]["raw"] == "555-01"
    assert body["validity"]["email"]["result"] == "missing"
    assert body["next_touch"] is None


def test_it_stores_a_lead_with_only_a_malformed_email_as_invalid_with_evidence(api):
    response = api("post", "/leads", jane(phone="", email="jane@@example"))

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["status_reason"]) == ("invalid", "bad_email")
    assert body["validity"]["email"]["code"] == "bad_syntax"
    assert body["validity"]["email"]["evidence"]["raw"] == "jane@@example"


def test_it_keeps_a_lead_with_a_bad_phone_but_a_good_email_new(api):
    body = api("post", "/leads", jane(phone="12")).json()

    assert (body["status"], body["status_reason"]) == ("new", None)
    assert body["validity"]["phone"]["result"] == "invalid"
    assert body["validity"]["email"]["result"] == "valid"


def test_it_marks_a_lead_from_a_state_the_firm_does_not_serve_out_of_jurisdiction(api):
    body = api("post", "/leads", jane(state="Florida", zip="")).json()

    assert (body["status"], body["status_reason"]) == ("invalid", "out_of_jurisdiction")
    assert body["validity"]["jurisdiction"]["evidence"]["state"] == "FL"
    assert body["validity"]["jurisdiction"]["evidence"]["firm_states"] == ["IL", "WI"]
    assert body["next_touch"] is None


def test_it_never_judges_jurisdiction_by_the_area_code_alone(api):
    # A Manhattan number, no state or ZIP given: the person may well live in Chicago now.
    body = api("post", "/leads", jane(phone="+1 212 555 0142", state="", zip="")).json()

    assert (body["status"], body["status_reason"]) == ("new", None)
    assert body["validity"]["jurisdiction"]["result"] == "unknown"


def test_it_marks_a_repeat_within_30_days_as_a_duplicate_of_the_original(api, now):
    with clock.frozen(now - timedelta(days=29)):
        original = api("post", "/leads", jane(external_id="il-0900", submitted_at=None)).json()

    repeat = api("post", "/leads", jane(external_id="il-1001", phone="312.555.0142")).json()

    assert (repeat["status"], repeat["status_reason"]) == ("invalid", "duplicate")
    assert repeat["duplicate_of"] == original["id"]
    assert repeat["validity"]["duplicate"]["evidence"]["original_lead"] == original["id"]
    assert repeat["next_touch"] is None


def test_it_does_not_count_a_lead_from_31_days_ago_as_a_duplicate(api, now):
    with clock.frozen(now - timedelta(days=31)):
        api("post", "/leads", jane(external_id="il-0800", submitted_at=None))

    repeat = api("post", "/leads", jane(external_id="il-1001")).json()

    assert (repeat["status"], repeat["duplicate_of"]) == ("new", None)


def test_it_never_counts_another_firms_lead_as_a_duplicate(api, other_source_and_key):
    _, harbor_key = other_source_and_key
    api("post", "/leads", jane(state="FL", zip="33602", external_id="h-1"), key=harbor_key)

    body = api("post", "/leads", jane()).json()

    assert (body["status"], body["duplicate_of"]) == ("new", None)
