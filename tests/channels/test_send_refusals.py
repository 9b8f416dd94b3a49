"""Which refusals are worth a retry: Twilio's 5xx and 429, SMTP's 4xx, a connection never
made. Everything else a provider cannot answer for is raised, for the dispatcher to reconcile."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from urllib3.exceptions import MaxRetryError, NewConnectionError

from steadfast.channels.base import OutgoingSms
from steadfast.channels.models import ProviderSend
from steadfast.channels.provider_config import SmtpConfig, TwilioConfig
from steadfast.channels.smtp import SmtpProvider
from steadfast.channels.twilio import TwilioProvider
from steadfast.firms.models import Firm
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, PUBLIC_URL, FakeTwilio
from tests.channels.test_smtp import _email, _free_port

pytestmark = pytest.mark.django_db

TEXT = OutgoingSms(to="+13125550142", from_="", body="Hello", reference="touch-8-1")


def _twilio(firm: Firm, client: FakeTwilio) -> TwilioProvider:
    config = TwilioConfig(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN, from_number=FROM_NUMBER)
    return TwilioProvider(firm, config, public_url=PUBLIC_URL, client=client)


@pytest.mark.parametrize(
    ("status", "code", "transient"),
    [(503, 20503, True), (500, None, True), (429, 20429, True), (400, 21211, False)],
)
def test_twilio_says_which_refusals_are_temporary(
    firm: Firm, status: int, code: int | None, transient: bool
) -> None:
    fake = FakeTwilio()
    fake.errors.append((status, {"code": code, "status": status, "message": "no"}))

    result = _twilio(firm, fake).send_sms(TEXT)

    assert (result.status, result.transient) == ("failed", transient)
    assert ProviderSend.objects.get(reference="touch-8-1").status == "failed"


class _Unreachable(FakeTwilio):
    error: Exception | None = None

    def request(self, *args: Any, **kwargs: Any) -> Any:
        assert self.error is not None
        raise self.error


def test_twilio_never_reached_is_a_temporary_refusal(firm: Firm) -> None:
    fake = _Unreachable()
    refused = NewConnectionError(None, "Connection refused")  # type: ignore[arg-type]
    fake.error = requests.ConnectionError(MaxRetryError(None, "/", reason=refused))  # type: ignore[arg-type]

    result = _twilio(firm, fake).send_sms(TEXT)

    assert (result.status, result.transient) == ("failed", True)
    assert "could not connect" in result.detail


def test_twilio_timing_out_mid_request_is_raised_for_reconciliation(firm: Firm) -> None:
    fake = _Unreachable()
    fake.error = requests.ReadTimeout("read timed out")

    with pytest.raises(requests.ReadTimeout):
        _twilio(firm, fake).send_sms(TEXT)
    # Twilio may have it: the record stays open for `find` to settle.
    assert ProviderSend.objects.get(reference="touch-8-1").status == "sending"


class _Greylisting:
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        return "451 4.7.1 Greylisted, try again later"


def test_smtp_4xx_is_a_temporary_refusal(firm: Firm, settings: Any) -> None:
    settings.PUBLIC_URL = PUBLIC_URL
    port = _free_port()
    controller = Controller(_Greylisting(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        result = SmtpProvider(firm, SmtpConfig(host="127.0.0.1", port=port, timeout=5)).send_email(
            _email()
        )
    finally:
        controller.stop()
    assert (result.status, result.code, result.transient) == ("failed", "451", True)


def test_smtp_server_not_answering_is_a_temporary_refusal(firm: Firm, settings: Any) -> None:
    settings.PUBLIC_URL = PUBLIC_URL
    config = SmtpConfig(host="127.0.0.1", port=_free_port(), timeout=2)

    result = SmtpProvider(firm, config).send_email(_email())

    assert (result.status, result.transient) == ("failed", True)
