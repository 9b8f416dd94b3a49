"""Deployment settings from the environment: trusted proxies, https, allowed hosts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client

from steadfast import clock
from steadfast.compliance.models import ConsentRecord
from steadfast.proxies import client_address

PUBLIC = "https://intake.lakeshore.example"
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k, None) for k in ("
    "'ALLOWED_HOSTS', 'SECURE_PROXY_SSL_HEADER', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE',"
    " 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS')}))"
)


def _run(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("STEADFAST_", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        )
    }
    clean.update(
        env,
        STEADFAST_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="steadfast.settings",
    )
    return subprocess.run(
        [sys.executable, *args], env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def _settings(tmp_path: Path, **env: str) -> dict:
    finished = _run(tmp_path, env, "-c", PRINT_SETTINGS)
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


def test_check_deploy_is_clean_with_an_https_public_url(tmp_path):
    finished = _run(
        tmp_path,
        {
            "STEADFAST_PUBLIC_URL": PUBLIC,
            "STEADFAST_TRUSTED_PROXIES": "127.0.0.1",
            # Production sends mail (Django flags the console backend).
            "EMAIL_URL": "smtp+tls://intake:secret@mail.lakeshore.example:587",
            "SECRET_KEY": "k" * 20 + "3vQ!x9#pL2@zR7$w" + "m" * 20,
        },
        "-m",
        "steadfast",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )

    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "no issues" in finished.stdout


def test_an_https_public_url_turns_on_secure_cookies_hsts_and_the_redirect(tmp_path):
    behind_proxy = _settings(
        tmp_path, STEADFAST_PUBLIC_URL=PUBLIC, STEADFAST_TRUSTED_PROXIES="10.0.0.0/8"
    )

    assert behind_proxy == {
        "ALLOWED_HOSTS": ["intake.lakeshore.example"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
    }
    # Without a trusted proxy, nobody's X-Forwarded-Proto is believed.
    assert _settings(tmp_path, STEADFAST_PUBLIC_URL=PUBLIC)["SECURE_PROXY_SSL_HEADER"] is None


def test_the_embedded_default_answers_only_on_this_machines_names(tmp_path):
    embedded = _settings(tmp_path)

    assert embedded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]
    assert embedded["SECURE_SSL_REDIRECT"] is False
    assert embedded["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STEADFAST_TRUSTED_PROXIES": "nginx"}, "STEADFAST_TRUSTED_PROXIES must list IP"),
        ({"STEADFAST_RATE_LIMIT_API_KEY": "lots"}, "STEADFAST_RATE_LIMIT_API_KEY must be a rate"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL must be a redis:// URL"),
    ],
)
def test_it_refuses_to_start_with_a_bad_deployment_setting(tmp_path, env, message):
    finished = _run(tmp_path, env, "-m", "steadfast", "check")

    assert finished.returncode == 2
    assert message in finished.stderr


# --- The client's address ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not a proxy: the header is ignored
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client's own claim: ignored
        ("10.0.0.2", "198.51.100.1, 10.0.0.3", "198.51.100.1"),  # two proxies
        ("10.0.0.2", "not-an-ip", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_it_takes_the_client_address_from_trusted_proxies_only(settings, peer, forwarded, client):
    import ipaddress

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]

    meta = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}

    assert client_address(meta) == client


@pytest.fixture
def behind_nginx(settings):
    import ipaddress

    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.2/32")]


def _form_post(client: Client, source, now, **extra):
    import re

    page = client.get(f"/f/{source.form_token}/").content.decode()
    hidden = dict(re.findall(r'name="(\w+)" value="([^"]*)"', page))
    with clock.frozen(now + timedelta(seconds=30)):
        return client.post(
            f"/f/{source.form_token}/",
            {**hidden, "first_name": "Jane", "phone": "3125550142", "consent": "yes"},
            **extra,
        )


def test_consent_evidence_records_the_client_behind_a_trusted_proxy(
    client, source, now, behind_nginx
):
    _form_post(client, source, now, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.23")

    assert set(ConsentRecord.objects.values_list("ip_address", flat=True)) == {"198.51.100.23"}


def test_a_forged_forwarded_header_from_the_internet_changes_nothing(
    client, source, now, behind_nginx
):
    _form_post(
        client, source, now, REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR="198.51.100.23"
    )

    assert set(ConsentRecord.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}


def test_behind_the_proxy_one_attacker_cannot_lock_a_user_out_for_everyone(
    client, bob, behind_nginx
):
    via_nginx = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(5):
        client.post(
            "/login/",
            {"username": "bob@lakeshore.example", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **via_nginx,
        )

    bob_at_work = Client().post(
        "/login/",
        {"username": "bob@lakeshore.example", "password": "correct horse 1"},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
        **via_nginx,
    )

    assert bob_at_work.status_code == 302
