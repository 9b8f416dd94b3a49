"""A refusal reaches the person with its own words; a bug's ValueError never does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from steadfast.errors import Refused
from steadfast.firms.models import User
from steadfast.leads.models import Lead
from steadfast.web.views import leads as lead_views

MARK = {"mark-status": "signed", "mark-reason": "", "mark-note": ""}


def test_it_shows_a_refusal_from_the_engine_as_written(
    as_user: Callable[[User], Client], bob: User, jane: Lead, monkeypatch: pytest.MonkeyPatch
):
    def refuse(**kwargs: object) -> None:
        raise Refused("this lead was merged into lead #7")

    monkeypatch.setattr(lead_views, "lead_mark", refuse)

    response = as_user(bob).post(f"/leads/{jane.pk}/mark/", MARK)

    assert response.status_code == 400
    assert "this lead was merged into lead #7" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "service", "data"),
    [
        ("mark", "lead_mark", MARK),
        ("message", "manual_message_send", {"msg-channel": "email", "msg-subject": "Hi",
                                            "msg-body": "Hello"}),
        ("opt-out", "lead_opt_out", {"optout-channels": ["sms"], "optout-confirmed": "on"}),
    ],
)  # fmt: skip
def test_it_never_shows_an_unrelated_value_errors_text(
    bob: User,
    jane: Lead,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    service: str,
    data: dict[str, object],
):
    def broken(**kwargs: object) -> None:
        int("not a number: internal detail 0x7f")

    monkeypatch.setattr(lead_views, service, broken)
    client = Client(raise_request_exception=False)
    client.force_login(bob)

    response = client.post(f"/leads/{jane.pk}/{path}/", data)

    assert response.status_code == 500
    assert "internal detail" not in response.content.decode()
