"""`serve --host/--port`: the links Steadfast puts in messages name the address it serves."""

from __future__ import annotations

from typing import Any

import pytest

from steadfast.channels.unsubscribe import unsubscribe_url
from steadfast.web.management.commands import serve


@pytest.fixture
def no_public_url(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Any:
    monkeypatch.delenv("STEADFAST_PUBLIC_URL", raising=False)
    return settings


def test_it_puts_the_served_port_in_unsubscribe_links(no_public_url: Any) -> None:
    serve._follow_address("127.0.0.1", 8765)

    assert unsubscribe_url(lead_id=7).startswith("http://127.0.0.1:8765/u/")
    assert no_public_url.CSRF_TRUSTED_ORIGINS == ["http://127.0.0.1:8765"]


def test_it_names_a_reachable_address_when_serving_on_every_interface(no_public_url: Any) -> None:
    assert serve.public_url_for("0.0.0.0", 9000) == "http://127.0.0.1:9000"  # noqa: S104
    assert serve.public_url_for("::1", 9000) == "http://[::1]:9000"


def test_it_keeps_the_public_url_the_operator_set(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setenv("STEADFAST_PUBLIC_URL", "https://intake.lakeshore.example")
    settings.PUBLIC_URL = "https://intake.lakeshore.example"

    serve._follow_address("127.0.0.1", 8765)

    assert unsubscribe_url(lead_id=7).startswith("https://intake.lakeshore.example/u/")
