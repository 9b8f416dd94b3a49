"""Twilio's webhooks (PRODUCT.md §5.3). Thin: check the signature, hand over, answer TwiML.

Every request must carry an X-Twilio-Signature computed over the URL under
STEADFAST_PUBLIC_URL (the address Twilio was given, whatever proxy sits in front) with the
auth token of the account it came from; anything else is 403, also when Twilio is not set
up at all. A token only speaks for its own firms: a firm with its own Twilio account cannot
post into another firm's numbers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from twilio.base.exceptions import TwilioException
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

from steadfast import clock
from steadfast.channels.local_presence import firms_for_number
from steadfast.channels.models import ProviderSend
from steadfast.channels.providers import firm_settings, twilio_for_firm
from steadfast.channels.sends import send_record_result
from steadfast.channels.twilio import FINAL_CALL_STATUSES, TwilioProvider
from steadfast.dispatch.models import Touch
from steadfast.engine.calls import inbound_call_log
from steadfast.engine.events import delivery_status, inbound_message
from steadfast.firms.models import Firm
from steadfast.ids import parse_id

log = logging.getLogger(__name__)

PROVIDER = "twilio"


@dataclass(frozen=True)
class Signer:
    """Whose token validated the request: a firm's own account, or the environment's."""

    firm_id: int | None

    def speaks_for(self, firm: Firm | int | None) -> bool:
        if firm is None:
            return False
        firm_id = firm if isinstance(firm, int) else firm.pk
        if self.firm_id is not None:
            return firm_id == self.firm_id
        # The environment's account serves the firms without their own Twilio settings.

        found = firm if isinstance(firm, Firm) else Firm.objects.filter(pk=firm_id).first()
        try:
            return found is not None and firm_settings(found).twilio is None
        except ImproperlyConfigured:
            return False


def _tokens(account_sid: str) -> list[tuple[int | None, str]]:
    tokens: list[tuple[int | None, str]] = []
    if settings.TWILIO_AUTH_TOKEN:
        tokens.append((None, settings.TWILIO_AUTH_TOKEN))
    if account_sid:
        for firm_id, own in Firm.objects.filter(
            provider_settings__twilio__account_sid=account_sid
        ).values_list("pk", "provider_settings"):
            token = (own.get("twilio") or {}).get("auth_token")
            if token:
                tokens.append((firm_id, str(token)))
    return tokens


def request_signer(request: HttpRequest) -> Signer | None:
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        return None
    url = settings.PUBLIC_URL + request.get_full_path_info()
    params = request.POST if request.method == "POST" else {}
    account_sid = request.POST.get("AccountSid", "") or request.GET.get("AccountSid", "")
    for firm_id, token in _tokens(account_sid):
        if RequestValidator(token).validate(url, params, signature):
            return Signer(firm_id)
    return None


View = Callable[..., HttpResponse]


def twilio_webhook(view: View) -> View:
    @csrf_exempt
    @require_http_methods(["GET", "POST"])
    @wraps(view)
    def checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        signer = request_signer(request)
        if signer is None:
            log.warning("Twilio webhook %s refused: missing or invalid signature", request.path)
            return HttpResponse(
                "invalid or missing X-Twilio-Signature", status=403, content_type="text/plain"
            )
        return view(request, signer, *args, **kwargs)

    return checked


def _param(request: HttpRequest, name: str) -> str:
    return (request.POST.get(name) or request.GET.get(name) or "").strip()


def _twiml(response: VoiceResponse | MessagingResponse) -> HttpResponse:
    return HttpResponse(str(response), content_type="text/xml")


def _firm_for_number(signer: Signer, number: str) -> Firm | None:
    candidates = [f for f in firms_for_number(number) if signer.speaks_for(f)]
    if len(candidates) != 1:
        log.warning("no single firm for Twilio number %s (%d candidates)", number, len(candidates))
        return None
    return candidates[0]


def _send_record(request: HttpRequest, signer: Signer, call_sid: str) -> ProviderSend | None:
    """The call Steadfast placed that this callback is about: by the id in our own callback
    URL, checked against the call id Twilio sends and the signing account."""
    send_id = parse_id(_param(request, "send"))
    record = None
    if send_id is not None:
        record = ProviderSend.objects.filter(pk=send_id, provider=PROVIDER).first()
    elif call_sid:
        record = ProviderSend.objects.filter(provider=PROVIDER, provider_id=call_sid).first()
    if record is None or not signer.speaks_for(record.firm_id):
        return None
    if record.provider_id and call_sid and record.provider_id != call_sid:
        return None
    if not record.provider_id and call_sid:
        # The callback came before place_call had stored the id.
        send_record_result(record, status=record.status, provider_id=call_sid)
    return record


def _touch_sent(sid: str) -> Touch | None:
    """The outgoing touch a Twilio id belongs to. Twilio ids are unique across accounts; the
    touch's provider is "twilio", or "twilio+smtp" when email comes from elsewhere."""
    if not sid:
        return None
    return (
        Touch.objects.filter(provider_id=sid, provider__startswith=PROVIDER)
        .exclude(direction="in")
        .first()
    )


# --- Texts ----------------------------------------------------------------------------------


@twilio_webhook
def sms_inbound(request: HttpRequest, signer: Signer) -> HttpResponse:

    to, sender = _param(request, "To"), _param(request, "From")
    sid = _param(request, "MessageSid") or _param(request, "SmsSid")
    firm = _firm_for_number(signer, to)
    if firm is not None and sender:
        inbound_message(
            firm=firm,
            channel="sms",
            from_address=sender,
            to_address=to,
            body=_param(request, "Body"),
            provider=PROVIDER,
            provider_id=sid,
            now=clock.now(),
        )
    # No automatic answer here: replies (opt-out confirmation, HELP) go through the ledger.
    return _twiml(MessagingResponse())


@twilio_webhook
def message_status(request: HttpRequest, signer: Signer) -> HttpResponse:

    sid = _param(request, "MessageSid") or _param(request, "SmsSid")
    status = (_param(request, "MessageStatus") or _param(request, "SmsStatus")).lower()
    code = _param(request, "ErrorCode")
    touch = _touch_sent(sid)
    if touch is None or not signer.speaks_for(touch.firm_id):
        return HttpResponse(status=200)
    record = ProviderSend.objects.filter(provider=PROVIDER, provider_id=sid).first()
    if record is not None:
        if (record.status, record.code) == (status, code):
            return HttpResponse(status=200)  # the same report again: already acted on
        send_record_result(record, status=status or record.status, code=code)
    delivery_status(
        provider=touch.provider, provider_id=sid, status=status, code=code, now=clock.now()
    )
    return HttpResponse(status=200)


# --- Calls ----------------------------------------------------------------------------------


def _drop_result(record: ProviderSend, call_status: str, code: str) -> tuple[str, str]:
    """A finished voicemail-drop call as a delivery status: the message was left (or heard),
    or it was not, with the carrier's or SIP code when the call failed."""
    if call_status == "completed":
        if record.answered_by.startswith("machine_end") or record.answered_by == "human":
            return "delivered", ""
        return "undelivered", code
    if call_status == "failed":
        return "failed", code
    return "undelivered", code  # busy, no-answer, canceled


@twilio_webhook
def voice_status(request: HttpRequest, signer: Signer) -> HttpResponse:

    call_sid = _param(request, "CallSid")
    record = _send_record(request, signer, call_sid)
    if record is None:
        return _twiml(VoiceResponse())
    if _param(request, "leg") == "lead":
        # The bridge's <Dial> ended: what became of the lead's leg. The agent logs the outcome.
        send_record_result(
            record,
            status=f"lead-{_param(request, 'DialCallStatus')}"[:20],
            code=_param(request, "ErrorCode"),
        )
        return _twiml(VoiceResponse())
    call_status = _param(request, "CallStatus").lower()
    code = _param(request, "ErrorCode") or _param(request, "SipResponseCode")
    if code in ("200", "0"):
        code = ""
    repeated = (record.status, record.code) == (call_status, code)
    send_record_result(record, status=call_status or record.status, code=code)

    touch = _touch_sent(call_sid)
    final = call_status in FINAL_CALL_STATUSES and not repeated
    if record.channel == "voicemail_drop" and final and touch:
        status, code = _drop_result(record, call_status, code)
        delivery_status(
            provider=touch.provider, provider_id=call_sid, status=status, code=code, now=clock.now()
        )
    return _twiml(VoiceResponse())


@twilio_webhook
def voice_amd(request: HttpRequest, signer: Signer) -> HttpResponse:

    record = _send_record(request, signer, _param(request, "CallSid"))
    answered_by = _param(request, "AnsweredBy").lower()
    if record is None or record.channel != "voicemail_drop" or record.answered_by:
        return HttpResponse(status=200)  # not ours, or already handled (Twilio retried)
    record.answered_by = answered_by[:20]
    record.save(update_fields=["answered_by"])
    provider = twilio_for_firm(record.firm)
    if not isinstance(provider, TwilioProvider):
        log.warning("AMD result for %s but the firm no longer uses Twilio", record.provider_id)
        return HttpResponse(status=200)
    try:
        # The greeting ended (beep, silence or otherwise): leave the message. A person who
        # answered hears the same message, which is written to the lead.
        if answered_by.startswith("machine_end") or answered_by == "human":
            provider.call_play_voicemail(record)
        else:  # fax, unknown, machine_start without an end: nothing sensible to say
            provider.call_hang_up(record)
    except TwilioException as exc:
        # Most often the call ended in the meantime; the status callback records that.
        log.warning("could not update call %s: %s", record.provider_id, exc)
    return HttpResponse(status=200)


@twilio_webhook
def voice_bridge(request: HttpRequest, signer: Signer, send_id: int) -> HttpResponse:
    response = VoiceResponse()
    record = ProviderSend.objects.filter(pk=send_id, provider=PROVIDER, channel="bridge").first()
    call_sid = _param(request, "CallSid")
    if (
        record is None
        or not signer.speaks_for(record.firm_id)
        or (record.provider_id and call_sid and record.provider_id != call_sid)
    ):
        response.say("This call cannot be connected.")
        response.hangup()
        return _twiml(response)
    action = f"{settings.PUBLIC_URL}/hooks/twilio/voice/status?send={record.pk}&leg=lead"
    # The lead sees the firm's local number (F8); answer_on_bridge keeps the agent's leg from
    # being billed as answered until the lead picks up.
    dial = response.dial(
        caller_id=record.from_address,
        action=action,
        method="POST",
        answer_on_bridge=True,
        timeout=30,
    )
    dial.number(record.to_address)
    return _twiml(response)


@twilio_webhook
def voice_inbound(request: HttpRequest, signer: Signer) -> HttpResponse:

    response = VoiceResponse()
    to, caller = _param(request, "To"), _param(request, "From")
    firm = _firm_for_number(signer, to)
    if firm is None:
        response.say("The number you have called is not in service.")
        response.hangup()
        return _twiml(response)
    call = inbound_call_log(
        firm=firm,
        from_number=caller,
        to_number=to,
        provider=PROVIDER,
        provider_id=_param(request, "CallSid"),
        now=clock.now(),
    )
    if not call.forward_to:
        response.say(f"Thank you for calling {firm.name}. We will call you back shortly.")
        response.hangup()
        return _twiml(response)
    # The caller's own number stays the caller ID, so the agent sees who is calling.
    response.dial(call.forward_to, timeout=25)
    return _twiml(response)
