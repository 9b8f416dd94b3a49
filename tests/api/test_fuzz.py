"""Schemathesis against the API, in-process: whatever a client sends, never a 5xx.

Every operation of the published OpenAPI document gets schema-valid and schema-breaking
requests (wrong types, missing and extra fields, odd strings and numbers), sent with a valid
source key so they reach the handlers and the database. The answers must also match what
the document promises (status codes, content types, bodies).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from steadfast.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_test_transaction(db: None) -> Iterator[None]:
    """Keep the test's transaction open across in-process requests.

    Django's WSGI handler closes the connection around each request; inside the test's
    transaction that would abort it. Django's own test client disconnects the same handler.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_it_never_answers_with_a_server_error(
    case: Any, api_key: str, in_test_transaction: None
) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {api_key}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
