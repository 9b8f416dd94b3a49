"""Provider secrets (Twilio auth token, SMTP password and URL) are encrypted at rest, read in
clear by Steadfast, rotated to a new key, and never shown back in the admin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import import_module
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from steadfast.channels.provider_config import firm_providers
from steadfast.firms.fields import MASK
from steadfast.firms.models import Firm, User

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "twilio-auth-token-0123456789"
SMTP_URL = "smtp+tls://intake:mail-password-42@mail.example:587"
SECRETS = {
    "twilio": {"account_sid": SID, "auth_token": TOKEN, "from_number": "+13125550100"},
    "smtp": {"url": SMTP_URL},
}


def _stored(firm: Firm) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT provider_settings FROM firms_firm WHERE id = %s", [firm.pk])
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else json.dumps(value)


def _write_clear(firm: Firm, data: dict) -> None:
    sql = "UPDATE firms_firm SET provider_settings = %s WHERE id = %s"
    if connection.vendor == "postgresql":
        sql = "UPDATE firms_firm SET provider_settings = %s::jsonb WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(data), firm.pk])


@pytest.mark.django_db
def test_it_stores_the_secrets_encrypted_and_reads_them_in_clear(firm):
    firm.provider_settings = SECRETS
    firm.save()
    stored = _stored(firm)
    assert TOKEN not in stored
    assert "mail-password-42" not in stored
    assert stored.count("fernet:") == 2
    assert SID in stored  # not a secret: webhooks find the firm by it

    again = Firm.objects.get(pk=firm.pk)
    assert again.provider_settings == SECRETS
    providers = firm_providers(again.provider_settings)
    assert providers.twilio is not None and providers.twilio.auth_token == TOKEN
    assert providers.smtp is not None and providers.smtp.password == "mail-password-42"
    found = Firm.objects.filter(provider_settings__twilio__account_sid=SID).values_list(
        "provider_settings", flat=True
    )
    assert [f["twilio"]["auth_token"] for f in found] == [TOKEN]


@pytest.mark.django_db
def test_its_migration_encrypts_what_was_stored_in_clear(firm):
    _write_clear(firm, SECRETS)
    assert TOKEN in _stored(firm)
    migration = import_module("steadfast.firms.migrations.0003_provider_secrets_encrypted")
    migration.encrypt_existing(apps, SimpleNamespace(connection=connection))
    assert TOKEN not in _stored(firm)
    assert Firm.objects.get(pk=firm.pk).provider_settings == SECRETS


@pytest.mark.django_db
def test_it_rotates_to_a_new_key_and_then_reads_without_the_old_one(firm, settings, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.STEADFAST_ENCRYPTION_KEYS = [old]
    firm.provider_settings = SECRETS
    firm.save()

    settings.STEADFAST_ENCRYPTION_KEYS = [new, old]
    assert Firm.objects.get(pk=firm.pk).provider_settings == SECRETS  # either key reads
    call_command("rotate_keys")
    assert "provider secrets of 1 firm(s)" in capsys.readouterr().out

    settings.STEADFAST_ENCRYPTION_KEYS = [new]
    assert Firm.objects.get(pk=firm.pk).provider_settings == SECRETS

    settings.STEADFAST_ENCRYPTION_KEYS = [old]  # the new key dropped too early
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        Firm.objects.get(pk=firm.pk)


def test_it_prints_a_new_key(capsys):
    call_command("rotate_keys", "--new-key")
    Fernet(capsys.readouterr().out.strip())  # a usable key


def test_it_refuses_a_malformed_key():
    env = {**os.environ, "STEADFAST_ENCRYPTION_KEYS": "not-a-key"}
    done = subprocess.run(
        [sys.executable, "-m", "steadfast", "check"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "STEADFAST_ENCRYPTION_KEYS: key 1 is not a Fernet key" in done.stderr


@pytest.fixture
def root(db) -> User:
    return User.objects.create_superuser("root@steadfast.test", "correct horse 1")


@pytest.mark.django_db
def test_the_admin_never_shows_a_secret_and_keeps_it_when_sent_back_masked(client, root, firm):
    firm.provider_settings = SECRETS
    firm.save()
    client.force_login(root)
    page = client.get(reverse("admin:firms_firm_change", args=[firm.pk])).content.decode()
    assert TOKEN not in page and "mail-password-42" not in page
    assert MASK in page

    request = RequestFactory().get("/")
    request.user = root
    form_class = admin.site._registry[Firm].get_form(request, firm, fields=["provider_settings"])
    masked = form_class(instance=firm)["provider_settings"].value()
    sent_back = json.loads(masked)
    sent_back["twilio"]["from_number"] = "+13125550199"
    form = form_class({"provider_settings": json.dumps(sent_back)}, instance=firm)
    assert form.is_valid(), form.errors
    form.save()
    saved = Firm.objects.get(pk=firm.pk).provider_settings
    assert saved["twilio"]["auth_token"] == TOKEN  # kept, not replaced by the mask
    assert saved["smtp"]["url"] == SMTP_URL
    assert saved["twilio"]["from_number"] == "+13125550199"
