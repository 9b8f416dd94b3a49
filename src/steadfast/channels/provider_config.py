"""Provider credentials: Twilio's three values, and SMTP from an EMAIL_URL or SMTP_* parts.

Pure: no Django models, so settings.py can use it for the environment and the providers for a
firm's own settings. Bad values raise ValueError naming what is wrong; settings.py turns that
into a configuration error at start-up.

EMAIL_URL schemes: ``smtp://`` (plain, or STARTTLS with ``?tls=true``), ``smtp+tls://``
(STARTTLS) and ``smtps://`` (TLS from the first byte). User and password are URL-encoded.
With SMTP_HOST, the port decides: 465 means TLS from the first byte, 587 STARTTLS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")

_SCHEMES = {
    "smtp": (False, False),
    "smtp+tls": (True, False),
    "smtps": (False, True),
    "smtp+ssl": (False, True),
}
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str = ""
    password: str = field(default="", repr=False)
    use_tls: bool = False
    use_ssl: bool = False
    timeout: int = 20

    def as_options(self) -> dict[str, Any]:
        """OPTIONS of django.core.mail.backends.smtp.EmailBackend."""
        return {
            "host": self.host,
            "port": self.port,
            "username": self.username or None,
            "password": self.password or None,
            "use_tls": self.use_tls,
            "use_ssl": self.use_ssl,
            "timeout": self.timeout,
        }


def _namer(prefix: str) -> Callable[[str], str]:
    """Environment variables are TWILIO_AUTH_TOKEN; a firm's JSON keys are twilio.auth_token."""
    return (
        (lambda key: prefix + key.upper()) if prefix.endswith("_") else (lambda key: prefix + key)
    )


def _port(raw: str, what: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise ValueError(f"{what} must be a port number, not {raw!r}") from None
    if not 0 < port < 65536:
        raise ValueError(f"{what} must be between 1 and 65535, not {port}")
    return port


def smtp_from_url(url: str, *, name: str = "EMAIL_URL") -> SmtpConfig:
    try:
        parsed = urlparse(url)
        raw_port = parsed.port
    except ValueError as exc:
        raise ValueError(f"{name} is not a URL: {exc}") from None
    scheme = parsed.scheme.lower()
    if scheme not in _SCHEMES:
        raise ValueError(
            f"{name} must start with smtp://, smtp+tls:// or smtps://, "
            f"not {scheme + '://' if scheme else repr(url)}"
        )
    if not parsed.hostname:
        raise ValueError(f"{name} names no host")
    use_tls, use_ssl = _SCHEMES[scheme]
    query = {k.lower(): v[-1].strip().lower() for k, v in parse_qs(parsed.query).items()}
    for option in ("tls", "ssl"):
        if option in query:
            if query[option] not in _TRUE | _FALSE:
                raise ValueError(f"{name}: ?{option}= must be true or false")
            if option == "tls":
                use_tls = query[option] in _TRUE
            else:
                use_ssl = query[option] in _TRUE
    if use_tls and use_ssl:
        raise ValueError(f"{name}: choose STARTTLS (tls) or implicit TLS (ssl), not both")
    port = raw_port or (465 if use_ssl else 587 if use_tls else 25)
    return SmtpConfig(
        host=parsed.hostname,
        port=port,
        username=unquote(parsed.username or ""),
        password=unquote(parsed.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


def smtp_from_parts(
    *, host: str, port: str = "", user: str = "", password: str = "", prefix: str = "SMTP_"
) -> SmtpConfig:
    """`prefix` names the values in messages: "SMTP_" gives SMTP_PORT, "smtp." smtp.port."""
    name = _namer(prefix)
    if not host:
        raise ValueError(
            f"{name('host')} is required when {name('port')}, {name('user')} or "
            f"{name('password')} is set"
        )
    number = _port(port, name("port")) if port else 25
    if bool(user) != bool(password):
        raise ValueError(f"{name('user')} and {name('password')} go together")
    return SmtpConfig(
        host=host,
        port=number,
        username=user,
        password=password,
        use_tls=number == 587,
        use_ssl=number == 465,
    )


@dataclass(frozen=True)
class TwilioConfig:
    account_sid: str
    auth_token: str = field(repr=False)
    from_number: str


def twilio_config(
    *, account_sid: str, auth_token: str, from_number: str, prefix: str = "TWILIO_"
) -> TwilioConfig | None:
    """None when all three are empty; a config when all three are set and well-formed."""
    values = {"account_sid": account_sid, "auth_token": auth_token, "from_number": from_number}
    name = _namer(prefix)
    missing = [name(k) for k, v in values.items() if not v]
    if len(missing) == len(values):
        return None
    if missing:
        raise ValueError(
            f"{' and '.join(missing)} not set: Twilio needs the account SID, "
            f"the auth token and the from number together"
        )
    if not _ACCOUNT_SID.match(account_sid):
        raise ValueError(
            f"{name('account_sid')} must be 'AC' and 32 hex digits, not {account_sid!r}"
        )
    if len(auth_token) < 16 or any(c.isspace() for c in auth_token):
        raise ValueError(f"{name('auth_token')} does not look like a Twilio auth token")
    if not E164.match(from_number):
        raise ValueError(
            f"{name('from_number')} must be an E.164 number like +13125550100, not {from_number!r}"
        )
    return TwilioConfig(account_sid=account_sid, auth_token=auth_token, from_number=from_number)


@dataclass(frozen=True)
class FirmProviders:
    """A firm's own provider settings (Firm.provider_settings), parsed."""

    twilio: TwilioConfig | None = None
    smtp: SmtpConfig | None = None
    email_from: str = ""


def firm_providers(data: Any) -> FirmProviders:
    """Parse Firm.provider_settings:

    {"twilio": {"account_sid": "AC…", "auth_token": "…", "from_number": "+1…"},
     "smtp": {"url": "smtp+tls://user:pass@host:587"} or {"host": …, "port": …, "user": …,
     "password": …}, "email_from": "Firm <intake@firm.example>"}

    Either part may be left out; the environment (then the console) covers the rest.
    """
    if not data:
        return FirmProviders()
    if not isinstance(data, dict):
        raise ValueError("provider settings must be an object")
    unknown = set(data) - {"twilio", "smtp", "email_from"}
    if unknown:
        raise ValueError(f"provider settings: unknown key(s) {', '.join(sorted(unknown))}")
    twilio = None
    if data.get("twilio"):
        raw = data["twilio"]
        if not isinstance(raw, dict):
            raise ValueError("provider settings: twilio must be an object")
        twilio = twilio_config(
            account_sid=str(raw.get("account_sid", "")).strip(),
            auth_token=str(raw.get("auth_token", "")).strip(),
            from_number=str(raw.get("from_number", "")).strip(),
            prefix="twilio.",
        )
    smtp = None
    if data.get("smtp"):
        raw = data["smtp"]
        if not isinstance(raw, dict):
            raise ValueError("provider settings: smtp must be an object")
        if raw.get("url"):
            smtp = smtp_from_url(str(raw["url"]).strip(), name="smtp.url")
        else:
            smtp = smtp_from_parts(
                host=str(raw.get("host", "")).strip(),
                port=str(raw.get("port", "")).strip(),
                user=str(raw.get("user", "")).strip(),
                password=str(raw.get("password", "")),
                prefix="smtp.",
            )
    email_from = str(data.get("email_from", "")).strip()
    return FirmProviders(twilio=twilio, smtp=smtp, email_from=email_from)
