"""The Twilio provider against the real SDK on an offline HTTP client: what it asks Twilio."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from steadfast.channels.base import OutgoingCall, OutgoingSms
from steadfast.channels.models import ProviderSend
from steadfast.channels.provider_config import TwilioConfig
from steadfast.channels.twilio import TwilioProvider
from steadfast.firms.models import Firm
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_URL, FakeTwilio

LEAD_PHONE = "+13125550142"


@pytest.fixture
def provider(firm: Firm, fake_twilio: FakeTwilio) -> TwilioProvider:
    config = TwilioConfig(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER)
    return TwilioProvider(firm, config, public_url=PUBLIC_URL)


def test_it_sends_a_text_with_the_status_callback(
    provider: TwilioProvider, fake_twilio: FakeTwilio
) -> None:
    result = provider.send_sms(
        OutgoingSms(
            to=LEAD_PHONE,
            from_="+13125550199",
            body="Hi Jane, Lakeshore Injury Law here.",
            reference="touch-7-1",
        )
    )

    assert result.status == "sent"
    assert result.provider == "twilio"
    assert result.provider_id.startswith("SM")
    [sent] = fake_twilio.posted(f"/Accounts/{ACCOUNT_SID}/Messages.json")
    assert sent == {
        "To": LEAD_PHONE,
        "From": "+13125550199",
        "Body": "Hi Jane, Lakeshore Injury Law here.",
        "StatusCallback": f"{PUBLIC_URL}/hooks/twilio/status",
    }
    record = ProviderSend.objects.get(reference="touch-7-1")
    assert (record.status, record.provider_id) == ("sent", result.provider_id)


def test_it_sends_from_the_configured_number_when_none_is_given(
    provider: TwilioProvider, fake_twilio: FakeTwilio
) -> None:
    provider.send_sms(OutgoingSms(to=LEAD_PHONE, from_="", body="Hello"))

    assert fake_twilio.posted("/Messages.json")[0]["From"] == FROM_NUMBER


@pytest.mark.parametrize(
    ("code", "meaning"),
    [
        (21610, "opted out at the carrier"),
        (21614, "is not a valid mobile number"),
    ],
)
def test_it_reports_a_refusal_with_twilios_error_code(
    provider: TwilioProvider, fake_twilio: FakeTwilio, code: int, meaning: str
) -> None:
    fake_twilio.errors.append((400, {"code": code, "status": 400, "message": meaning}))

    result = provider.send_sms(
        OutgoingSms(to=LEAD_PHONE, from_="", body="Hello", reference="touch-8-1")
    )

    assert (result.status, result.code) == ("failed", str(code))
    assert meaning in result.detail
    assert ProviderSend.objects.get(reference="touch-8-1").status == "failed"


def test_it_drops_a_voicemail_with_answering_machine_detection(
    provider: TwilioProvider, fake_twilio: FakeTwilio
) -> None:
    result = provider.place_call(
        OutgoingCall(
            to=LEAD_PHONE,
            from_="+13125550199",
            purpose="voicemail_drop",
            voicemail_text="Hi Jane, this is Lakeshore Injury Law.",
            touch_id=None,
            reference="touch-9-1",
        )
    )

    assert result.status == "sent" and result.provider_id.startswith("CA")
    record = ProviderSend.objects.get(reference="touch-9-1")
    [call] = fake_twilio.posted(f"/Accounts/{ACCOUNT_SID}/Calls.json")
    assert call["To"] == LEAD_PHONE
    assert call["From"] == "+13125550199"
    assert call["MachineDetection"] == "DetectMessageEnd"
    assert call["AsyncAmd"] == "true"
    assert call["AsyncAmdStatusCallback"] == (
        f"{PUBLIC_URL}/hooks/twilio/voice/amd?send={record.pk}"
    )
    assert call["AsyncAmdStatusCallbackMethod"] == "POST"
    assert call["StatusCallback"] == f"{PUBLIC_URL}/hooks/twilio/voice/status?send={record.pk}"
    assert call["StatusCallbackEvent"] == ["completed"]
    assert "<Pause" in call["Twiml"]
    assert record.voicemail_text == "Hi Jane, this is Lakeshore Injury Law."


def test_it_bridges_by_ringing_the_agent_first(
    provider: TwilioProvider, fake_twilio: FakeTwilio
) -> None:
    result = provider.place_call(
        OutgoingCall(
            to=LEAD_PHONE, from_="+13125550199", purpose="bridge", agent_phone="+13125550111"
        )
    )

    assert result.status == "sent"
    record = ProviderSend.objects.get(provider_id=result.provider_id)
    [call] = fake_twilio.posted("/Calls.json")
    assert call["To"] == "+13125550111"
    assert call["From"] == "+13125550199"
    assert call["Url"] == f"{PUBLIC_URL}/hooks/twilio/voice/bridge/{record.pk}"
    assert "MachineDetection" not in call
    assert (record.to_address, record.agent_phone) == (LEAD_PHONE, "+13125550111")


def test_it_refuses_a_bridge_without_the_agents_phone(
    provider: TwilioProvider, fake_twilio: FakeTwilio
) -> None:
    result = provider.place_call(OutgoingCall(to=LEAD_PHONE, from_="", purpose="bridge"))

    assert result.status == "failed"
    assert "phone number" in result.detail
    assert fake_twilio.requests == []


def test_it_plays_the_voicemail_on_the_live_call(
    provider: TwilioProvider, fake_twilio: FakeTwilio
) -> None:
    result = provider.place_call(
        OutgoingCall(
            to=LEAD_PHONE, from_="", purpose="voicemail_drop", voicemail_text="Please call us back."
        )
    )
    record = ProviderSend.objects.get(provider_id=result.provider_id)

    provider.call_play_voicemail(record)

    [update] = fake_twilio.posted(f"/Calls/{result.provider_id}.json")
    assert update["Twiml"] == (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        "<Say>Please call us back.</Say><Hangup /></Response>"
    )


def test_it_looks_up_a_message_for_reconciliation(
    provider: TwilioProvider, fake_twilio: FakeTwilio
) -> None:
    sid = "SM" + "a" * 32
    fake_twilio.fetched[sid] = {
        "status": "undelivered",
        "error_code": 30006,
        "error_message": "Landline or unreachable carrier",
    }

    found = provider.lookup(sid)

    assert found is not None
    assert (found.status, found.code) == ("failed", "30006")
    assert provider.lookup("SM" + "b" * 32) is None  # Twilio never heard of it


def test_it_finds_an_interrupted_send_from_its_own_record(
    provider: TwilioProvider, fake_twilio: FakeTwilio, now: datetime
) -> None:
    since = now - timedelta(minutes=5)
    never = provider.find(reference="touch-1-1", to=LEAD_PHONE, since=since)
    assert never is not None and never.status == "failed"  # never handed to Twilio

    sent = provider.send_sms(OutgoingSms(to=LEAD_PHONE, from_="", body="Hi", reference="touch-2-1"))
    found = provider.find(reference="touch-2-1", to=LEAD_PHONE, since=since)
    assert found is not None and (found.status, found.provider_id) == ("sent", sent.provider_id)


def test_it_asks_twilio_when_the_process_stopped_mid_request(
    provider: TwilioProvider, fake_twilio: FakeTwilio, firm: Firm, now: datetime
) -> None:
    ProviderSend.objects.create(
        firm=firm,
        provider="twilio",
        channel="sms",
        reference="touch-3-1",
        to_address=LEAD_PHONE,
        from_address=FROM_NUMBER,
        status="sending",
        created_at=now,
        updated_at=now,
    )
    since = now - timedelta(minutes=5)
    assert provider.find(reference="touch-3-1", to=LEAD_PHONE, since=since) is None

    fake_twilio.listed = [{"sid": "SM" + "c" * 32, "status": "delivered"}]
    found = provider.find(reference="touch-3-1", to=LEAD_PHONE, since=since)

    assert found is not None and found.provider_id == "SM" + "c" * 32
    listing = [r for r in fake_twilio.requests if r.method == "GET"][-1]
    assert listing.params["To"] == LEAD_PHONE and listing.params["From"] == FROM_NUMBER
