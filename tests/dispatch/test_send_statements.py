"""What a send asks of PostgreSQL, in statements: a claim is made for nearly every message, and
each statement is a round trip the worker waits for and pays for."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from steadfast.channels.models import OutboxMessage
from steadfast.db import prepared
from steadfast.dispatch.models import Touch, TouchState
from steadfast.engine import dispatcher
from steadfast.engine.events import manual_message_send

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "postgres" not in os.environ.get("DATABASE_URL", ""),
        reason="SQLite writes them in a transaction (BEGIN IMMEDIATE)",
    ),
]


@pytest.fixture
def statements(monkeypatch) -> Iterator[Callable[[], list[str]]]:
    """Every statement run meanwhile: prepared ones, and Django's (a savepoint included)."""
    ran: list[str] = []
    execute = prepared.execute

    def counted(sql: str, params: Any) -> prepared.Result:
        ran.append(sql)
        return execute(sql, params)

    monkeypatch.setattr(prepared, "execute", counted)
    with CaptureQueriesContext(connection) as django:
        yield lambda: ran + [query["sql"] for query in django.captured_queries]


@pytest.fixture
def jane(capture):
    return capture(phone="+1 312 555 0142", state="IL", consent={"sms": True})


def test_it_claims_in_one_statement(jane, alice, now, statements):
    text = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    before = len(statements())
    claim = dispatcher.touch_claim_due(now=now)
    assert list(claim) == [text.pk]
    assert len(statements()) - before == 1  # no savepoint (nor BEGIN and COMMIT) around it


def test_it_stores_the_answer_and_the_outbox_row_in_one_statement(jane, alice, now, statements):
    """The console's outbox row is its send: it is written by the statement that moves the
    touch to `sent`, so neither is ever stored without the other."""
    text = manual_message_send(lead=jane, channel="sms", body="Hello", now=now, actor=alice)
    claim = dispatcher.touch_claim_due(now=now)
    with dispatcher._holding(text.pk) as hold:
        started = dispatcher.touch_start(claim=claim, touch_id=text.pk, now=now, hold=hold)
        assert started is not None
        answer = dispatcher.touch_send(started)
        before = len(statements())
        dispatcher.touch_record(prepared=started, answer=answer, now=now)
        assert len(statements()) - before == 1
    assert Touch.objects.get(pk=text.pk).state == TouchState.SENT
    assert OutboxMessage.objects.filter(reference=f"touch-{text.pk}-1").count() == 1
