"""Twilio's webhooks through Django's test client, signed the way Twilio signs them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from steadfast.channels.base import OutgoingCall
from steadfast.channels.models import ProviderSend
from steadfast.channels.provider_config import TwilioConfig
from steadfast.channels.twilio import TwilioProvider
from steadfast.compliance.models import Suppression
from steadfast.dispatch.models import Touch
from steadfast.firms.models import OutboundNumber, User
from steadfast.leads.models import Lead, Status
from tests.channels.conftest import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    PUBLIC_URL,
    FakeTwilio,
    signature,
)
from tests.conftest import make_firm

LEAD_PHONE = "+13125550142"
SMS_SID = "SM" + "0" * 31 + "1"
CALL_SID = "CA" + "0" * 31 + "1"

HOOKS = [
    (
        "/hooks/twilio/sms",
        {"From": LEAD_PHONE, "To": FROM_NUMBER, "Body": "Hello", "MessageSid": SMS_SID},
    ),
    ("/hooks/twilio/status", {"MessageSid": SMS_SID, "MessageStatus": "delivered"}),
    ("/hooks/twilio/voice/status", {"CallSid": CALL_SID, "CallStatus": "completed"}),
    ("/hooks/twilio/voice/amd", {"CallSid": CALL_SID, "AnsweredBy": "machine_end_beep"}),
    ("/hooks/twilio/voice/bridge/1", {"CallSid": CALL_SID}),
    ("/hooks/twilio/voice/inbound", {"CallSid": CALL_SID, "From": LEAD_PHONE, "To": FROM_NUMBER}),
]


@pytest.fixture
def lead(twilio_env: Any, jane: Lead) -> Lead:
    return jane


def _outgoing(lead: Lead, channel: str, sid: str, provider: str = "twilio") -> Touch:
    return Touch.objects.create(
        firm=lead.firm,
        lead=lead,
        channel=channel,
        state="sent",
        outcome="sent",
        due_at=lead.arrived_at,
        done_at=lead.arrived_at,
        provider=provider,
        provider_id=sid,
        to_address=lead.phone,
        created_at=lead.arrived_at,
    )


# --- The end-to-end check: a signed STOP ---------------------------------------------------


def test_it_opts_out_a_lead_that_texts_stop_and_shows_it_on_the_timeline(
    api: Callable[..., Any], twilio_post: Callable[..., Any], twilio_env: Any
) -> None:
    created = api(
        "post",
        "/leads",
        {
            "first_name": "Jane",
            "phone": "+1 312 555 0142",
            "state": "IL",
            "consent": {"call": True, "sms": True},
        },
    )
    assert created.status_code == 201
    lead_id = created.json()["id"]
    stop = {"From": LEAD_PHONE, "To": FROM_NUMBER, "Body": "STOP", "MessageSid": SMS_SID}

    unsigned = twilio_post("/hooks/twilio/sms", stop, signed=False)
    forged = twilio_post("/hooks/twilio/sms", stop, token="0" * 32)
    assert (unsigned.status_code, forged.status_code) == (403, 403)
    assert Lead.objects.get(pk=lead_id).status != Status.OPTED_OUT

    response = twilio_post("/hooks/twilio/sms", stop)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    assert response.content.decode() == ('<?xml version="1.0" encoding="UTF-8"?><Response />')
    assert Lead.objects.get(pk=lead_id).status == Status.OPTED_OUT
    [inbound] = Touch.objects.filter(lead_id=lead_id, direction="in")
    assert (inbound.channel, inbound.content) == ("sms", "STOP")
    # The vendor sees the opt-out, never the words the client wrote.
    timeline = api("get", f"/leads/{lead_id}/timeline").json()["items"]
    consents = [i["data"] for i in timeline if i["kind"] == "consent"]
    assert {(c["channel"], c["action"]) for c in consents} >= {("sms", "revoke")}
    assert all(i["data"].get("direction") != "in" for i in timeline)
    assert Suppression.objects.filter(channel="sms", value=LEAD_PHONE).exists()


def test_it_records_a_message_twilio_sends_twice_once(
    lead: Lead, twilio_post: Callable[..., Any]
) -> None:
    params = {
        "From": LEAD_PHONE,
        "To": FROM_NUMBER,
        "Body": "Call me after 5",
        "MessageSid": SMS_SID,
    }

    assert twilio_post("/hooks/twilio/sms", params).status_code == 200
    assert twilio_post("/hooks/twilio/sms", params).status_code == 200

    assert Touch.objects.filter(lead=lead, direction="in").count() == 1
    lead.refresh_from_db()
    assert lead.status == Status.ENGAGED


def test_it_matches_a_text_to_a_pool_number_to_its_firm(
    lead: Lead, twilio_post: Callable[..., Any]
) -> None:
    OutboundNumber.objects.create(firm=lead.firm, e164="+12625550100", area_code="262", state="WI")

    twilio_post(
        "/hooks/twilio/sms",
        {
            "From": LEAD_PHONE,
            "To": "+12625550100",
            "Body": "yes please call",
            "MessageSid": SMS_SID,
        },
    )

    assert Touch.objects.get(lead=lead, direction="in").to_address == "+12625550100"


def test_it_ignores_a_text_to_a_number_of_no_firm(
    lead: Lead, twilio_post: Callable[..., Any]
) -> None:
    response = twilio_post(
        "/hooks/twilio/sms",
        {"From": LEAD_PHONE, "To": "+16085550100", "Body": "STOP", "MessageSid": SMS_SID},
    )

    assert response.status_code == 200
    assert not Touch.objects.filter(direction="in").exists()
    lead.refresh_from_db()
    assert lead.status != Status.OPTED_OUT


# --- Signatures ------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "params"), HOOKS)
def test_it_answers_only_correctly_signed_requests(
    path: str,
    params: dict[str, str],
    twilio_post: Callable[..., Any],
    client: Client,
    twilio_env: Any,
    db: None,
) -> None:
    assert twilio_post(path, params).status_code == 200
    assert twilio_post(path, params, signed=False).status_code == 403
    assert twilio_post(path, params, token="0" * 32).status_code == 403
    tampered = {**params, "AccountSid": ACCOUNT_SID}
    tampered_signature = signature(path, tampered)
    tampered["Extra"] = "added after signing"
    assert (
        client.post(path, data=tampered, HTTP_X_TWILIO_SIGNATURE=tampered_signature).status_code
        == 403
    )
    # Signed for the address Django saw rather than the public one Twilio was given.
    from twilio.request_validator import RequestValidator

    local = RequestValidator(AUTH_TOKEN).compute_signature(f"http://testserver{path}", tampered)
    assert client.post(path, data=tampered, HTTP_X_TWILIO_SIGNATURE=local).status_code == 403


@pytest.mark.parametrize(("path", "params"), HOOKS)
def test_it_refuses_every_request_when_twilio_is_not_configured(
    path: str, params: dict[str, str], twilio_post: Callable[..., Any], settings: Any, db: None
) -> None:
    settings.PUBLIC_URL = PUBLIC_URL
    settings.TWILIO_AUTH_TOKEN = ""

    assert twilio_post(path, params).status_code == 403


def test_it_lets_a_firms_own_account_speak_only_for_that_firm(
    lead: Lead, twilio_post: Callable[..., Any], settings: Any
) -> None:
    other_token = "e" * 32
    other_sid = "AC" + "2" * 32
    make_firm(
        name="Harbor Family Law",
        slug="harbor",
        provider_settings={
            "twilio": {
                "account_sid": other_sid,
                "auth_token": other_token,
                "from_number": "+18135550100",
            }
        },
    )
    stop = {
        "From": LEAD_PHONE,
        "To": FROM_NUMBER,
        "Body": "STOP",
        "MessageSid": SMS_SID,
        "AccountSid": other_sid,
    }

    response = twilio_post("/hooks/twilio/sms", stop, token=other_token)

    assert response.status_code == 200  # a genuine request from Harbor's account …
    lead.refresh_from_db()
    assert lead.status != Status.OPTED_OUT  # … cannot act on Lakeshore's number
    assert not Touch.objects.filter(direction="in").exists()


# --- Delivery status -------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ["twilio", "twilio+smtp"])
def test_it_ends_texts_to_a_landline_from_the_status_callback(
    lead: Lead, twilio_post: Callable[..., Any], provider: str
) -> None:
    touch = _outgoing(lead, "sms", SMS_SID, provider)

    response = twilio_post(
        "/hooks/twilio/status",
        {"MessageSid": SMS_SID, "MessageStatus": "undelivered", "ErrorCode": "30006"},
    )

    assert response.status_code == 200
    touch.refresh_from_db()
    assert (touch.outcome, touch.provider_code) == ("undelivered", "30006")
    assert Suppression.objects.get(channel="sms", value=LEAD_PHONE).reason == "dead"
    assert not Suppression.objects.filter(channel="call").exists()  # calls go on


def test_it_marks_a_delivered_text(lead: Lead, twilio_post: Callable[..., Any]) -> None:
    touch = _outgoing(lead, "sms", SMS_SID)

    twilio_post("/hooks/twilio/status", {"MessageSid": SMS_SID, "MessageStatus": "sent"})
    twilio_post("/hooks/twilio/status", {"MessageSid": SMS_SID, "MessageStatus": "delivered"})

    touch.refresh_from_db()
    assert touch.outcome == "delivered"


# --- Voicemail drops -------------------------------------------------------------------------


@pytest.fixture
def drop(lead: Lead, fake_twilio: FakeTwilio) -> ProviderSend:
    provider = TwilioProvider(
        lead.firm, TwilioConfig(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER), public_url=PUBLIC_URL
    )
    result = provider.place_call(
        OutgoingCall(
            to=LEAD_PHONE,
            from_=FROM_NUMBER,
            purpose="voicemail_drop",
            voicemail_text="Hi Jane, this is Lakeshore Injury Law. Please call us back.",
        )
    )
    touch = _outgoing(lead, "voicemail_drop", result.provider_id)
    record = ProviderSend.objects.get(provider_id=result.provider_id)
    record.touch = touch
    record.save()
    fake_twilio.requests.clear()
    return record


def test_it_leaves_the_voicemail_when_the_greeting_ends(
    drop: ProviderSend, twilio_post: Callable[..., Any], fake_twilio: FakeTwilio, no_override: None
) -> None:
    amd = f"/hooks/twilio/voice/amd?send={drop.pk}"
    params = {"CallSid": drop.provider_id, "AnsweredBy": "machine_end_beep"}

    assert twilio_post(amd, params).status_code == 200
    assert twilio_post(amd, params).status_code == 200  # Twilio retried: nothing more happens

    [update] = fake_twilio.posted(f"/Calls/{drop.provider_id}.json")
    assert update["Twiml"] == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi Jane, this is Lakeshore '
        "Injury Law. Please call us back.</Say><Hangup /></Response>"
    )


def test_it_hangs_up_on_a_fax(
    drop: ProviderSend, twilio_post: Callable[..., Any], fake_twilio: FakeTwilio, no_override: None
) -> None:
    twilio_post(
        f"/hooks/twilio/voice/amd?send={drop.pk}",
        {"CallSid": drop.provider_id, "AnsweredBy": "fax"},
    )

    [update] = fake_twilio.posted(f"/Calls/{drop.provider_id}.json")
    assert update == {"Status": "completed"}


def test_it_ignores_an_amd_result_for_another_call(
    drop: ProviderSend, twilio_post: Callable[..., Any], fake_twilio: FakeTwilio
) -> None:
    twilio_post(
        f"/hooks/twilio/voice/amd?send={drop.pk}",
        {"CallSid": CALL_SID, "AnsweredBy": "machine_end_beep"},
    )

    assert fake_twilio.requests == []


def test_it_records_the_voicemail_left_from_the_status_callback(
    drop: ProviderSend, twilio_post: Callable[..., Any], no_override: None
) -> None:
    twilio_post(
        f"/hooks/twilio/voice/amd?send={drop.pk}",
        {"CallSid": drop.provider_id, "AnsweredBy": "machine_end_silence"},
    )

    twilio_post(
        f"/hooks/twilio/voice/status?send={drop.pk}",
        {"CallSid": drop.provider_id, "CallStatus": "completed"},
    )

    assert drop.touch is not None
    drop.touch.refresh_from_db()
    assert drop.touch.outcome == "voicemail"


def test_it_ends_calls_and_texts_to_a_number_that_does_not_exist(
    drop: ProviderSend, twilio_post: Callable[..., Any]
) -> None:
    twilio_post(
        f"/hooks/twilio/voice/status?send={drop.pk}",
        {"CallSid": drop.provider_id, "CallStatus": "failed", "SipResponseCode": "404"},
    )

    assert drop.touch is not None
    drop.touch.refresh_from_db()
    assert (drop.touch.outcome, drop.touch.provider_code) == ("disconnected", "404")
    assert set(Suppression.objects.filter(value=LEAD_PHONE).values_list("channel", flat=True)) == {
        "call",
        "sms",
    }


# --- Click-to-call bridge --------------------------------------------------------------------


def test_it_dials_the_lead_from_the_local_number_when_the_agent_answers(
    lead: Lead, fake_twilio: FakeTwilio, twilio_post: Callable[..., Any]
) -> None:
    provider = TwilioProvider(
        lead.firm, TwilioConfig(ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER), public_url=PUBLIC_URL
    )
    result = provider.place_call(
        OutgoingCall(
            to=LEAD_PHONE, from_="+13125550199", purpose="bridge", agent_phone="+13125550111"
        )
    )
    record = ProviderSend.objects.get(provider_id=result.provider_id)

    response = twilio_post(
        f"/hooks/twilio/voice/bridge/{record.pk}",
        {"CallSid": result.provider_id, "To": "+13125550111"},
    )

    assert response.status_code == 200
    action = f"{PUBLIC_URL}/hooks/twilio/voice/status?send={record.pk}&amp;leg=lead"
    assert response.content.decode() == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        f'<Dial action="{action}" answerOnBridge="true" callerId="+13125550199" '
        f'method="POST" timeout="30"><Number>{LEAD_PHONE}</Number></Dial></Response>'
    )

    lead_leg = twilio_post(
        f"/hooks/twilio/voice/status?send={record.pk}&leg=lead",
        {"CallSid": result.provider_id, "DialCallStatus": "no-answer"},
    )
    assert lead_leg.status_code == 200
    record.refresh_from_db()
    assert record.status == "lead-no-answer"


def test_it_connects_no_one_for_an_unknown_bridge(
    lead: Lead, twilio_post: Callable[..., Any]
) -> None:
    response = twilio_post("/hooks/twilio/voice/bridge/999", {"CallSid": CALL_SID})

    assert "<Dial" not in response.content.decode()
    assert "<Hangup />" in response.content.decode()


# --- Inbound calls ---------------------------------------------------------------------------


def test_it_forwards_a_callers_call_to_the_assigned_agent(
    lead: Lead, bob: User, twilio_post: Callable[..., Any]
) -> None:
    bob.phone = "+13125550111"
    bob.save()
    lead.assigned_to = bob
    lead.save()
    params = {"CallSid": CALL_SID, "From": LEAD_PHONE, "To": FROM_NUMBER}

    response = twilio_post("/hooks/twilio/voice/inbound", params)
    twilio_post("/hooks/twilio/voice/inbound", params)  # asked again: logged once

    assert response.content.decode() == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        '<Dial timeout="25">+13125550111</Dial></Response>'
    )
    [logged] = Touch.objects.filter(lead=lead, direction="in")
    assert (logged.channel, logged.provider_id) == ("call", CALL_SID)
    lead.refresh_from_db()
    assert lead.status == Status.ENGAGED


def test_it_forwards_an_unknown_caller_to_the_main_line(
    lead: Lead, twilio_post: Callable[..., Any]
) -> None:
    lead.firm.phone = "+13125550199"  # the front desk, not a Twilio number
    lead.firm.save()

    response = twilio_post(
        "/hooks/twilio/voice/inbound",
        {"CallSid": CALL_SID, "From": "+16085550199", "To": FROM_NUMBER},
    )

    assert f'<Dial timeout="25">{lead.firm.phone}</Dial>' in response.content.decode()
    assert not Touch.objects.filter(direction="in").exists()


@pytest.mark.parametrize("assigned", [False, True])
def test_it_never_forwards_a_call_to_the_number_that_was_called(
    lead: Lead, bob: User, twilio_post: Callable[..., Any], assigned: bool
) -> None:
    assert lead.firm.phone == FROM_NUMBER  # the main line is the Twilio number itself
    if assigned:
        bob.phone = FROM_NUMBER
        bob.save()
        lead.assigned_to = bob
        lead.save()

    response = twilio_post(
        "/hooks/twilio/voice/inbound",
        {"CallSid": CALL_SID, "From": LEAD_PHONE, "To": FROM_NUMBER},
    )

    assert "<Dial" not in response.content.decode()
    assert "We will call you back shortly" in response.content.decode()


@pytest.mark.parametrize("send", ["²", "١٢", "99999999999999999999999", "-1", "0"])
def test_it_ignores_a_signed_callback_naming_no_call_it_could_have_placed(
    lead: Lead, twilio_post: Callable[..., Any], send: str
) -> None:
    response = twilio_post(
        f"/hooks/twilio/voice/amd?send={quote(send)}",
        {"CallSid": CALL_SID, "AnsweredBy": "machine_end_beep"},
    )

    assert response.status_code == 200


def test_it_answers_a_call_to_a_number_of_no_firm(
    lead: Lead, twilio_post: Callable[..., Any]
) -> None:
    response = twilio_post(
        "/hooks/twilio/voice/inbound",
        {"CallSid": CALL_SID, "From": LEAD_PHONE, "To": "+16085550100"},
    )

    assert "not in service" in response.content.decode()
