"""Every request has an id: the proxy's X-Request-ID or a new one, echoed back and on every
log line; STEADFAST_LOG_FORMAT=json writes one JSON object a line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from steadfast.ops.logs import RequestIdFilter


@pytest.mark.django_db
def test_it_echoes_the_proxys_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-7f3a9c")
    assert response["X-Request-ID"] == "nginx-7f3a9c"


@pytest.mark.django_db
def test_it_makes_up_a_request_id_when_none_or_a_bad_one_came(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz", HTTP_X_REQUEST_ID="evil\r\nline")["X-Request-ID"]
    assert len(first) == 32 and len(second) == 32 and first != second
    assert "evil" not in second


@pytest.mark.django_db
def test_it_puts_the_request_id_on_the_log_lines_of_the_request(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())  # as settings.LOGGING's handler has it
    with caplog.at_level("INFO", logger="steadfast.request"):
        client.get("/healthz", HTTP_X_REQUEST_ID="req-42")
    [record] = [r for r in caplog.records if r.name == "steadfast.request"]
    assert record.getMessage().startswith("GET /healthz 200")
    assert record.request_id == "req-42"
    assert record.status == 200


def test_it_writes_json_lines_with_the_request_id_when_asked():
    script = (
        "import django, logging; django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/healthz', HTTP_X_REQUEST_ID='req-json-1', HTTP_HOST='127.0.0.1')\n"
    )
    env = {
        **os.environ,
        "STEADFAST_LOG_FORMAT": "json",
        "DJANGO_SETTINGS_MODULE": "steadfast.settings",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    [line] = [x for x in lines if x["logger"] == "steadfast.request"]
    assert line["request_id"] == "req-json-1"
    assert line["level"] == "INFO"
    assert line["status"] == 200
    assert line["message"].startswith("GET /healthz 200")
    assert "time" in line


def test_it_refuses_an_unknown_log_format():
    env = {**os.environ, "STEADFAST_LOG_FORMAT": "xml"}
    done = subprocess.run(
        [sys.executable, "-m", "steadfast", "check"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "STEADFAST_LOG_FORMAT must be plain or json, not 'xml'" in done.stderr
