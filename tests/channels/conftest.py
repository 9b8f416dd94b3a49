"""Channel fixtures: Twilio's SDK on an offline HTTP client, Twilio settings, signed requests."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import pytest
from django.test import Client
from twilio.http import HttpClient
from twilio.http.response import Response
from twilio.request_validator import RequestValidator

from steadfast.channels import twilio as twilio_module

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "f" * 32
FROM_NUMBER = "+13125550100"
PUBLIC_URL = "https://intake.lakeshore.example"


@dataclass
class SentRequest:
    method: str
    path: str
    data: dict[str, Any]
    params: dict[str, Any]


@dataclass
class FakeTwilio(HttpClient):
    """Answers like Twilio's REST API without a network; remembers every request."""

    requests: list[SentRequest] = field(default_factory=list)
    errors: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    fetched: dict[str, dict[str, Any]] = field(default_factory=dict)
    listed: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(logging.getLogger("fake-twilio"), is_async=False)

    def request(
        self,
        method: str,
        uri: str,
        params: Any = None,
        data: Any = None,
        headers: Any = None,
        auth: Any = None,
        timeout: Any = None,
        allow_redirects: bool = False,
    ) -> Response:
        path = urlparse(uri).path
        self.requests.append(SentRequest(method, path, dict(data or {}), dict(params or {})))
        if self.errors:
            status, body = self.errors.pop(0)
            return Response(status, json.dumps(body))
        if method == "GET" and path.endswith(("/Messages.json", "/Calls.json")):
            key = "messages" if "Messages" in path else "calls"
            return Response(200, json.dumps({key: self.listed, "next_page_uri": None}))
        sid = path.rsplit("/", 1)[-1].removesuffix(".json")
        if method == "GET":
            if sid not in self.fetched:
                return Response(
                    404, json.dumps({"code": 20404, "status": 404, "message": "not found"})
                )
            return Response(200, json.dumps({"sid": sid, **self.fetched[sid]}))
        if path.endswith("/Messages.json"):
            return Response(201, json.dumps({"sid": "SM" + uuid.uuid4().hex, "status": "queued"}))
        if path.endswith("/Calls.json"):
            return Response(201, json.dumps({"sid": "CA" + uuid.uuid4().hex, "status": "queued"}))
        return Response(200, json.dumps({"sid": sid, "status": "in-progress"}))

    def posted(self, suffix: str) -> list[dict[str, Any]]:
        return [r.data for r in self.requests if r.method == "POST" and r.path.endswith(suffix)]


@pytest.fixture
def fake_twilio(monkeypatch: pytest.MonkeyPatch) -> FakeTwilio:
    fake = FakeTwilio()
    monkeypatch.setattr(twilio_module, "http_client", fake)
    return fake


@pytest.fixture
def twilio_env(settings: Any) -> Any:
    """Twilio configured from the environment, as PRODUCT.md §5.1 describes."""
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.PUBLIC_URL = PUBLIC_URL
    return settings


def signature(path: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(PUBLIC_URL + path, params)


@pytest.fixture
def twilio_post(client: Client) -> Callable[..., Any]:
    """POST to a Twilio webhook the way Twilio does: form-encoded, signed over the public URL.

    `signed=False` leaves the signature out; `token=` signs with another auth token.
    """

    def post(
        path: str, params: dict[str, str], *, signed: bool = True, token: str = AUTH_TOKEN
    ) -> Any:
        params = {"AccountSid": ACCOUNT_SID, **params}
        headers = {"HTTP_X_TWILIO_SIGNATURE": signature(path, params, token)} if signed else {}
        return client.post(path, data=params, **headers)

    return post


@pytest.fixture
def no_override() -> Iterator[None]:
    from steadfast.channels import providers

    saved = providers.override
    providers.override = None
    yield
    providers.override = saved
