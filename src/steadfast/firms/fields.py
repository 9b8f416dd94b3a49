"""Firm.provider_settings keeps its secrets encrypted (steadfast.encryption).

Only the secret leaves are encrypted — the Twilio auth token, the SMTP password and the SMTP
URL (it carries the password) — so the account SID and the from number stay searchable
(webhooks find a firm by its account SID, local presence by its number). In Python the field
holds clear text; the database never does. Forms show the secrets masked (`mask`)."""

from __future__ import annotations

import copy
from typing import Any

from django.db import models

from steadfast.encryption import decrypt, encrypt, is_encrypted

SECRETS = (("twilio", "auth_token"), ("smtp", "password"), ("smtp", "url"))
MASK = "********"


def _map_secrets(data: Any, change: Any) -> Any:
    if not isinstance(data, dict):
        return data
    data = copy.deepcopy(data)
    for part, key in SECRETS:
        section = data.get(part)
        if isinstance(section, dict) and isinstance(section.get(key), str) and section[key]:
            section[key] = change(section[key])
    return data


def seal(data: Any) -> Any:
    return _map_secrets(data, lambda v: v if is_encrypted(v) else encrypt(v))


def unseal(data: Any) -> Any:
    return _map_secrets(data, decrypt)


def mask(data: Any) -> Any:
    return _map_secrets(data, lambda v: MASK)


def unmask(data: Any, *, stored: Any) -> Any:
    """A form sent the masked value back unchanged: keep the stored secret."""
    if not isinstance(data, dict):
        return data
    data = copy.deepcopy(data)
    for part, key in SECRETS:
        section = data.get(part)
        if isinstance(section, dict) and section.get(key) == MASK:
            old = (stored or {}).get(part) if isinstance(stored, dict) else None
            section[key] = old.get(key, "") if isinstance(old, dict) else ""
    return data


class ProviderSettingsField(models.JSONField):
    def get_prep_value(self, value: Any) -> Any:
        return super().get_prep_value(seal(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return unseal(super().from_db_value(value, expression, connection))
