"""A routine 403 (an agent opening settings) is one line in the log, not a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.test import Client

from steadfast.firms.models import User


def test_it_logs_a_refused_page_as_one_line(
    as_user: Callable[[User], Client], bob: User, caplog: pytest.LogCaptureFixture
):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = as_user(bob).get("/settings/firm/")
    assert response.status_code == 403
    assert "Your role does not open this page" in response.content.decode()
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == ["Forbidden: /settings/firm/"]
    assert all(r.exc_info is None for r in records)
