"""Provider settings from the environment: parsed, and refused loudly when wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from steadfast.channels.provider_config import (
    SmtpConfig,
    smtp_from_parts,
    smtp_from_url,
    twilio_config,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example", SmtpConfig("mail.example", 25)),
        ("smtp://mail.example:2525?tls=true", SmtpConfig("mail.example", 2525, use_tls=True)),
        (
            "smtp+tls://apikey:s%40cret@smtp.relay.example",
            SmtpConfig("smtp.relay.example", 587, "apikey", "s@cret", use_tls=True),
        ),
        (
            "smtps://u:p@smtp.relay.example",
            SmtpConfig("smtp.relay.example", 465, "u", "p", use_ssl=True),
        ),
    ],
)
def test_it_reads_an_email_url(url: str, expected: SmtpConfig) -> None:
    assert smtp_from_url(url) == expected


def test_it_reads_smtp_parts_and_picks_tls_by_port() -> None:
    config = smtp_from_parts(host="smtp.example", port="587", user="u", password="hunter22")

    assert (config.port, config.use_tls, config.use_ssl) == (587, True, False)
    assert smtp_from_parts(host="smtp.example", port="465").use_ssl
    assert "hunter22" not in repr(config)  # never in a log line or a traceback


def test_it_needs_all_three_twilio_values_or_none() -> None:
    assert twilio_config(account_sid="", auth_token="", from_number="") is None
    with pytest.raises(ValueError, match="TWILIO_FROM_NUMBER not set"):
        twilio_config(account_sid="AC" + "1" * 32, auth_token="f" * 32, from_number="")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {
                "TWILIO_ACCOUNT_SID": "AC123",
                "TWILIO_AUTH_TOKEN": "f" * 32,
                "TWILIO_FROM_NUMBER": "+13125550100",
            },
            "TWILIO_ACCOUNT_SID must be 'AC' and 32 hex",
        ),
        (
            {
                "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
                "TWILIO_AUTH_TOKEN": "f" * 32,
                "TWILIO_FROM_NUMBER": "312-555-0100",
            },
            "TWILIO_FROM_NUMBER must be an E.164 number",
        ),
        ({"EMAIL_URL": "mailto:x@example.com"}, "EMAIL_URL must start with smtp://"),
        ({"SMTP_HOST": "smtp.example", "SMTP_PORT": "smtp"}, "SMTP_PORT must be a port number"),
        ({"EMAIL_URL": "smtp://a", "SMTP_HOST": "b"}, "set EMAIL_URL or SMTP_HOST"),
        ({"STEADFAST_PUBLIC_URL": "intake.example.com"}, "STEADFAST_PUBLIC_URL must be an http"),
    ],
)
def test_it_refuses_to_start_with_a_bad_setting(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TWILIO_", "SMTP_", "EMAIL_URL", "STEADFAST_PUBLIC_URL"))
    }
    clean.update(env, STEADFAST_VAR_DIR=str(tmp_path), DATABASE_URL="")

    finished = subprocess.run(
        [sys.executable, "-m", "steadfast", "check"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 2
    assert finished.stderr.startswith("steadfast: configuration error: ")
    assert message in finished.stderr
    assert "Traceback" not in finished.stderr
