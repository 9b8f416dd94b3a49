"""Texts and calls through Twilio, with the official SDK.

Every request names the callbacks Twilio reports back to, under STEADFAST_PUBLIC_URL:
message status to /hooks/twilio/status; for calls, status to /hooks/twilio/voice/status and the
answering-machine result to /hooks/twilio/voice/amd. Each request is recorded (ProviderSend)
before it goes out, so an interrupted send can be reconciled instead of repeated.

An API refusal (bad number, opted out at the carrier, …) is a failed SendResult with Twilio's
error code; HTTP 5xx and 429 refusals, and a connection that could not even be opened, are
transient (retried later). Any other transport failure (a read timeout, a connection reset) is
raised: whether Twilio got the request is then unknown, and the dispatcher reconciles it with
`find`.
"""

from __future__ import annotations

import logging
from datetime import datetime
from urllib.parse import urlencode

from requests.exceptions import ConnectionError as RequestsConnectionError
from requests.exceptions import ConnectTimeout, RequestException
from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from twilio.twiml.voice_response import VoiceResponse
from urllib3.exceptions import NewConnectionError

from steadfast.channels.base import OutgoingCall, OutgoingEmail, OutgoingSms, SendResult
from steadfast.channels.models import ProviderSend
from steadfast.channels.provider_config import TwilioConfig
from steadfast.channels.sends import send_find, send_record_result, send_record_start
from steadfast.firms.models import Firm

log = logging.getLogger(__name__)

# Tests put an offline HttpClient here; None means Twilio's own (requests-based) client.
http_client: HttpClient | None = None

# How long a voicemail-drop call waits in silence while answering-machine detection listens
# for the end of the greeting (Twilio's detection gives up after 30 s by default).
AMD_HOLD_SECONDS = 60
FINAL_CALL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")


class TwilioProvider:
    name = "twilio"

    def __init__(
        self, firm: Firm, config: TwilioConfig, *, public_url: str, client: HttpClient | None = None
    ) -> None:
        self.firm = firm
        self.config = config
        self.public_url = public_url.rstrip("/")
        self.client = Client(
            config.account_sid,
            config.auth_token,
            http_client=client or http_client or TwilioHttpClient(timeout=15),
        )

    def hook(self, path: str, **query: object) -> str:
        url = f"{self.public_url}/hooks/twilio/{path}"
        return f"{url}?{urlencode(query)}" if query else url

    # --- Texts ----------------------------------------------------------------------------

    def send_sms(self, message: OutgoingSms) -> SendResult:
        sender = message.from_ or self.config.from_number
        record = send_record_start(
            firm=self.firm,
            provider=self.name,
            channel="sms",
            reference=message.reference,
            to=message.to,
            from_=sender,
        )
        try:
            sent = self.client.messages.create(
                to=message.to,
                from_=sender,
                body=message.body,
                status_callback=message.status_callback or self.hook("status"),
            )
        except TwilioRestException as exc:
            return self._refused(record, exc)
        except RequestException as exc:
            return self._unreached(record, exc)
        send_record_result(record, status="sent", provider_id=sent.sid or "")
        return SendResult(status="sent", provider_id=sent.sid or "", provider=self.name)

    # --- Calls ----------------------------------------------------------------------------

    def place_call(self, call: OutgoingCall) -> SendResult:
        sender = call.from_ or self.config.from_number
        if call.purpose == "bridge":
            if not call.agent_phone:
                return SendResult(
                    status="failed",
                    provider=self.name,
                    detail="the agent has no phone number for click-to-call",
                )
            record = send_record_start(
                firm=self.firm,
                provider=self.name,
                channel="bridge",
                reference=call.reference,
                to=call.to,
                from_=sender,
                agent_phone=call.agent_phone,
                touch_id=call.touch_id,
            )
            # The agent's phone rings first (showing the firm's number); when the agent picks
            # up, Twilio fetches the bridge TwiML, which dials the lead.
            params: dict[str, object] = {
                "to": call.agent_phone,
                "from_": sender,
                "url": self.hook(f"voice/bridge/{record.pk}"),
            }
        else:
            record = send_record_start(
                firm=self.firm,
                provider=self.name,
                channel="voicemail_drop",
                reference=call.reference,
                to=call.to,
                from_=sender,
                touch_id=call.touch_id,
                voicemail_text=call.voicemail_text,
                voicemail_audio_url=call.voicemail_audio_url,
            )
            # Silence while detection runs in the background (AsyncAmd); when the greeting
            # ends, the AMD callback replaces this with the message and a hang-up.
            hold = VoiceResponse()
            hold.pause(length=AMD_HOLD_SECONDS)
            params = {
                "to": call.to,
                "from_": sender,
                "twiml": str(hold),
                "machine_detection": "DetectMessageEnd",
                "async_amd": "true",
                "async_amd_status_callback": self.hook("voice/amd", send=record.pk),
                "async_amd_status_callback_method": "POST",
            }
        params.update(
            status_callback=self.hook("voice/status", send=record.pk),
            status_callback_event=["completed"],
            status_callback_method="POST",
        )
        try:
            created = self.client.calls.create(**params)
        except TwilioRestException as exc:
            return self._refused(record, exc)
        except RequestException as exc:
            return self._unreached(record, exc)
        send_record_result(record, status="sent", provider_id=created.sid or "")
        return SendResult(status="sent", provider_id=created.sid or "", provider=self.name)

    def call_play_voicemail(self, record: ProviderSend) -> None:
        """Replace the live call's TwiML: the recorded message (or the text said), then hang up."""
        response = VoiceResponse()
        if record.voicemail_audio_url:
            response.play(record.voicemail_audio_url)
        else:
            response.say(record.voicemail_text)
        response.hangup()
        self.client.calls(record.provider_id).update(twiml=str(response))

    def call_hang_up(self, record: ProviderSend) -> None:
        self.client.calls(record.provider_id).update(status="completed")

    # --- Reconciliation -------------------------------------------------------------------

    def lookup(self, provider_id: str) -> SendResult | None:
        try:
            if provider_id.startswith(("SM", "MM")):
                message = self.client.messages(provider_id).fetch()
                failed = message.status in ("failed", "undelivered")
                return SendResult(
                    status="failed" if failed else "sent",
                    provider_id=provider_id,
                    code=str(message.error_code or ""),
                    detail=message.error_message or "",
                    provider=self.name,
                )
            if provider_id.startswith("CA"):
                call = self.client.calls(provider_id).fetch()
                failed = call.status in ("failed", "canceled")
                return SendResult(
                    status="failed" if failed else "sent",
                    provider_id=provider_id,
                    provider=self.name,
                    detail=f"call {call.status}",
                )
        except TwilioRestException as exc:
            if exc.status == 404:
                return None
            raise
        return None

    def find(self, *, reference: str, to: str, since: datetime) -> SendResult | None:
        known = send_find(firm=self.firm, provider=self.name, reference=reference, since=since)
        if known is not None:
            return known
        # The process stopped while Twilio was being asked: ask Twilio what it has.
        record = (
            ProviderSend.objects.filter(firm=self.firm, provider=self.name, reference=reference)
            .order_by("-id")
            .first()
        )
        if record is None:
            return None
        if record.channel == "sms":
            sids = [
                m.sid
                for m in self.client.messages.list(
                    to=record.to_address, from_=record.from_address, date_sent_after=since, limit=20
                )
            ]
        else:
            to_number = record.agent_phone if record.channel == "bridge" else record.to_address
            sids = [
                c.sid
                for c in self.client.calls.list(
                    to=to_number, from_=record.from_address, start_time_after=since, limit=20
                )
            ]
        if len(sids) != 1 or not sids[0]:
            return None  # nothing (it may still be queued) or several: a person decides
        send_record_result(record, status="sent", provider_id=sids[0])
        return SendResult(status="sent", provider_id=sids[0], provider=self.name)

    # --- Not Twilio's -----------------------------------------------------------------------

    def send_email(self, message: OutgoingEmail) -> SendResult:
        return SendResult(status="failed", provider=self.name, detail="Twilio sends no email here")

    def _refused(self, record: ProviderSend, exc: TwilioRestException) -> SendResult:
        code = str(exc.code or exc.status)
        log.warning(
            "Twilio refused %s to %s: %s %s", record.channel, record.to_address, code, exc.msg
        )
        send_record_result(record, status="failed", code=code)
        return SendResult(
            status="failed",
            code=code,
            detail=str(exc.msg)[:300],
            provider=self.name,
            # Too many requests, or Twilio's own trouble: nothing was created; try again later.
            transient=exc.status == 429 or exc.status >= 500,
        )

    def _unreached(self, record: ProviderSend, exc: RequestException) -> SendResult:
        """A connection never opened is a transient refusal; any other transport error is
        raised, to be reconciled: Twilio may have the request."""
        never_connected = isinstance(exc, ConnectTimeout) or (
            isinstance(exc, RequestsConnectionError)
            and bool(exc.args)
            and isinstance(getattr(exc.args[0], "reason", None), NewConnectionError)
        )
        if not never_connected:
            raise exc
        log.warning("Twilio unreachable for %s to %s: %s", record.channel, record.to_address, exc)
        send_record_result(record, status="failed")
        return SendResult(
            status="failed",
            detail=f"could not connect to Twilio: {exc}"[:300],
            provider=self.name,
            transient=True,
        )
