"""Every refusal is JSON {"error", "detail"} naming what was wrong, and stores nothing.

Several cases are here for PostgreSQL, which refuses what SQLite lets through: NUL bytes in
text, values longer than their column, integers beyond bigint, odd time-zone offsets.
"""

from __future__ import annotations

import json

import pytest

from steadfast.leads.services import source_revoke_key
from tests.api.payloads import jane


def assert_refused(response, status: int, code: str, *names: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"}
    assert body["error"] == code
    for name in names:
        assert name in str(body["detail"]), body["detail"]


def test_it_refuses_malformed_json_with_400(api, stored):
    before = stored()

    response = api("post", "/leads", '{"first_name": "Jane", "phone": ')

    assert_refused(response, 400, "malformed_json", "JSON")
    assert stored() == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_name": 5}, "first_name"),
        ({"first_name": None}, "first_name"),
        ({"phone": 3125550142}, "phone"),
        ({"consent": {"call": True, "sms": "yes", "email": False}}, "consent.sms"),
        ({"consent": {"call": 1}}, "consent.call"),
        ({"consent": "all"}, "consent"),
        ({"consent": None}, "consent"),
        ({"submitted_at": "last Tuesday"}, "submitted_at"),
        ({"submitted_at": "2026-02-30T10:00:00Z"}, "submitted_at"),
        ({"external_id": 1001}, "external_id"),
        ({"external_id": ""}, "external_id"),
    ],
)
def test_it_refuses_wrong_types_with_422_naming_the_field(api, stored, change, field):
    before = stored()

    response = api("post", "/leads", jane(**change))

    assert_refused(response, 422, "invalid_field", field)
    assert stored() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (jane(fax="+1 312 555 0100"), "fax"),
        (jane(consent={"call": True, "fax": True}), "consent.fax"),
    ],
)
def test_it_refuses_unknown_fields_with_422_naming_them(api, stored, body, field):
    before = stored()

    response = api("post", "/leads", body)

    assert_refused(response, 422, "invalid_field", field)
    assert stored() == before


@pytest.mark.parametrize("first_name", [None, "", "   "])
def test_it_refuses_a_lead_without_a_first_name(api, stored, first_name):
    body = jane()
    if first_name is None:
        del body["first_name"]
    else:
        body["first_name"] = first_name
    before = stored()

    response = api("post", "/leads", body)

    assert response.status_code == 422
    assert "first_name" in response.json()["detail"]
    assert stored() == before


@pytest.mark.parametrize("blank", ["", "   "])
def test_it_refuses_a_lead_with_no_contact_data(api, stored, blank):
    before = stored()

    response = api("post", "/leads", jane(phone=blank, email=blank))

    assert_refused(response, 422, "no_contact_data", "phone", "email")
    assert stored() == before


@pytest.mark.parametrize("body", ["[]", "null", '"Jane"', "42", ""])
def test_it_refuses_a_body_that_is_not_a_lead_object(api, stored, body):
    before = stored()

    response = api("post", "/leads", body)

    assert_refused(response, 422, "invalid_field")
    assert stored() == before


def test_it_refuses_a_body_over_64_kb_with_413(api, stored):
    before = stored()

    response = api("post", "/leads", jane(message="x" * (65 * 1024)))

    assert_refused(response, 413, "payload_too_large", "limit")
    assert stored() == before


def test_it_refuses_a_content_length_that_is_not_a_number(client, api_key, stored):
    before = stored()

    response = client.post(
        "/api/v1/leads",
        data=json.dumps(jane()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_key}",
        CONTENT_LENGTH="lots",
    )

    assert_refused(response, 400, "bad_request", "Content-Length")
    assert stored() == before


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Basic amFuZTpzZWNyZXQ=",
        "Bearer sf_00000000_notakeyatall",
        "Bearer sf_deadbeef_" + "A" * 43,
        "Bearer sf_\x00_key",
        "Bearer sf_" + "a" * 5000,
        "Bearer sf_ab\u00e9cdef0_" + "A" * 43,
    ],
)
def test_it_refuses_a_missing_or_unknown_key_with_401(client, db, stored, authorization):
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    before = stored()

    posted = client.post("/api/v1/leads", data=jane(), content_type="application/json", **headers)
    read = client.get("/api/v1/leads/1", **headers)

    assert_refused(posted, 401, "invalid_api_key", "Authorization")
    assert_refused(read, 401, "invalid_api_key")
    assert stored() == before


def test_it_refuses_a_revoked_key_with_401(api, source, stored, now):
    lead_id = api("post", "/leads", jane()).json()["id"]
    source_revoke_key(source=source, now=now)
    before = stored()

    posted = api("post", "/leads", jane(external_id="il-1002"))
    read = api("get", f"/leads/{lead_id}")

    assert_refused(posted, 401, "invalid_api_key")
    assert_refused(read, 401, "invalid_api_key")
    assert stored() == before


def test_it_refuses_a_key_sent_with_surrounding_junk(api, api_key, stored):
    before = stored()

    response = api("post", "/leads", jane(), key=f"{api_key}\x00")

    assert_refused(response, 401, "invalid_api_key")
    assert stored() == before


# Column sizes of the lead and its consent record: one character more must be a 422, never
# PostgreSQL's "value too long" as a 500.
@pytest.mark.parametrize(
    ("field", "too_long"),
    [
        ("external_id", "e" * 201),
        ("first_name", "J" * 101),
        ("last_name", "D" * 101),
        ("phone", "3" * 65),
        ("email", "j" * 310 + "@example.com"),
        ("state", "I" * 41),
        ("zip", "6" * 11),
        ("practice_area", "p" * 61),
        ("message", "m" * 10_001),
        ("consent_text", "c" * 5_001),
        ("consent_page_url", "https://example.com/" + "u" * 490),
        ("consent_ip", "1" * 46),
    ],
)
def test_it_refuses_text_longer_than_its_column(api, stored, field, too_long):
    before = stored()

    response = api("post", "/leads", jane(**{field: too_long}))

    assert_refused(response, 422, "invalid_field", field)
    assert stored() == before


@pytest.mark.parametrize(
    "field",
    [
        "external_id",
        "first_name",
        "last_name",
        "phone",
        "email",
        "state",
        "zip",
        "practice_area",
        "message",
        "consent_text",
        "consent_page_url",
    ],
)
@pytest.mark.parametrize("bad", ["Ja\x00ne", "Ja\x1bne", "Ja\x7fne"])
def test_it_refuses_control_characters_in_text(api, stored, field, bad):
    before = stored()

    response = api("post", "/leads", jane(**{field: bad}))

    assert_refused(response, 422, "invalid_field", field, "control characters")
    assert stored() == before


def test_it_refuses_a_lone_surrogate_in_text(api, stored):
    before = stored()
    raw = json.dumps(jane()).replace('"Jane"', '"Ja\\ud800ne"')

    response = api("post", "/leads", raw)

    assert_refused(response, 422, "invalid_field", "first_name")
    assert stored() == before


def test_it_keeps_tabs_and_line_breaks_in_a_message(api):
    response = api("post", "/leads", jane(message="Line one\r\nLine two\tend"))

    assert response.status_code == 201


@pytest.mark.parametrize("ip", ["not-an-ip", "999.1.1.1", "fe80::1%eth0", "203.0.113.7/24"])
def test_it_refuses_a_consent_ip_that_is_not_an_address(api, stored, ip):
    before = stored()

    response = api("post", "/leads", jane(consent_ip=ip))

    assert_refused(response, 422, "invalid_field", "consent_ip")
    assert stored() == before


@pytest.mark.parametrize(
    "submitted_at",
    [
        "2026-03-02T09:58:00",  # no offset: which 09:58?
        "0001-01-01T00:00:00+05:00",  # before year 1 in UTC
        "9999-12-31T23:59:59-05:00",  # after year 9999 in UTC
        "1999-12-31T23:59:59Z",
        "2026-03-04T16:00:01Z",  # more than a day ahead of the firm's clock
        "2300-01-01T00:00:00Z",
    ],
)
def test_it_refuses_a_submission_time_that_cannot_be_true(api, stored, submitted_at):
    before = stored()

    response = api("post", "/leads", jane(submitted_at=submitted_at))

    assert response.status_code == 422, response.content
    assert "submitted_at" in response.json()["detail"]
    assert stored() == before


def test_it_stores_an_unusual_offset_as_the_instant_it_names(api):
    # +23:59 is no real zone, but it names an instant; PostgreSQL would refuse the offset.
    response = api("post", "/leads", jane(submitted_at="2026-03-02T23:00:00+23:59"))

    assert response.status_code == 201
    read = api("get", f"/leads/{response.json()['id']}").json()
    assert read["submitted_at"] in ("2026-03-01T23:01:00Z", "2026-03-01T23:01:00+00:00")


@pytest.mark.parametrize(
    "lead_id", ["0", "-1", "9223372036854775807", "9223372036854775808", "1" + "0" * 40]
)
@pytest.mark.parametrize("suffix", ["", "/timeline"])
def test_it_answers_404_for_ids_no_lead_can_have(api, lead_id, suffix):
    api("post", "/leads", jane())

    response = api("get", f"/leads/{lead_id}{suffix}")

    assert_refused(response, 404, "not_found")


@pytest.mark.parametrize("lead_id", ["abc", "1.5", "%00"])
def test_it_refuses_an_id_that_is_not_a_number(api, lead_id):
    response = api("get", f"/leads/{lead_id}")

    assert_refused(response, 422, "invalid_field", "lead_id")


@pytest.mark.parametrize(
    ("method", "path"),
    [("put", "/api/v1/leads"), ("delete", "/api/v1/leads/1"), ("patch", "/api/v1/leads/1")],
)
def test_it_refuses_an_unsupported_method_in_json(client, api_key, stored, method, path):
    before = stored()

    response = getattr(client, method)(path, HTTP_AUTHORIZATION=f"Bearer {api_key}")

    assert_refused(response, 405, "method_not_allowed", method.upper())
    assert response["Allow"]
    assert stored() == before


def test_it_answers_an_unknown_api_path_in_json(client, api_key):
    response = client.get("/api/v1/lead", HTTP_AUTHORIZATION=f"Bearer {api_key}")

    assert_refused(response, 404, "not_found", "/api/v1/lead")
