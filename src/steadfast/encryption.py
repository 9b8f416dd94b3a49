"""Provider secrets encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256, from `cryptography`).

Keys come from STEADFAST_ENCRYPTION_KEYS, newest first: the first one encrypts, any of them
decrypts (MultiFernet), so a key is rotated by putting a new one in front, running
`steadfast rotate_keys` (which encrypts every stored secret again with the new key), and then
dropping the old one. Without the variable, the embedded mode generates one key into
var/encryption_key (settings.py); every process that reads the database needs the same keys.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "fernet:"  # marks an encrypted value; anything else is a value from before encryption


def check_keys(keys: list[str], *, name: str = "STEADFAST_ENCRYPTION_KEYS") -> None:
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: key {number} is not a Fernet key (32 url-safe base64-encoded bytes); "
                "make one with `steadfast rotate_keys --new-key`"
            ) from None


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.STEADFAST_ENCRYPTION_KEYS))


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str) -> str:
    return PREFIX + _current().encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    """The clear text of an encrypted value; a value from before encryption as it is."""
    if not is_encrypted(value):
        return value
    try:
        return _current().decrypt(value.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "a stored provider secret cannot be decrypted with STEADFAST_ENCRYPTION_KEYS: "
            "was the key it was encrypted with removed before `steadfast rotate_keys` ran?"
        ) from None


def new_key() -> str:
    return Fernet.generate_key().decode()
