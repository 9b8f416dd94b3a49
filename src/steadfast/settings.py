"""Steadfast settings: read from the environment only, failing loudly on bad values.

Every variable is documented in the README. Nothing here is a secret: SECRET_KEY comes from
the environment, or, in the embedded mode, from a file generated once under ./var/.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("STEADFAST_VAR_DIR", Path.cwd() / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_url(name: str, default: str = "") -> str:
    raw = env_str(name, default)
    if raw:
        parsed = urlparse(raw)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise ImproperlyConfigured(f"{name} must be an http(s) URL, not {raw!r}")
    return raw.rstrip("/")


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """A comma-separated list of IP addresses or networks (CIDR)."""
    networks = []
    for item in env_str(name).split(","):
        if item.strip():
            try:
                networks.append(ipaddress.ip_network(item.strip(), strict=False))
            except ValueError:
                raise ImproperlyConfigured(
                    f"{name} must list IP addresses or networks (CIDR), not {item.strip()!r}"
                ) from None
    return networks


def env_rate(name: str, default: str) -> tuple[int, int] | None:
    """A rate limit such as "60/m" (per second, minute, hour or day); "off" for none.
    Returns (requests, seconds)."""
    raw = env_str(name, default).lower()
    if raw in {"off", "0", "none"}:
        return None
    count, slash, period = raw.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(period)
    if not (slash and count.isdigit() and int(count) > 0 and seconds):
        raise ImproperlyConfigured(
            f"{name} must be a rate such as 60/m (per s, m, h or d) or off, not {raw!r}"
        )
    return int(count), seconds


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return key
    # Embedded mode: keep one generated key per installation so sessions and unsubscribe
    # links survive restarts.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _encryption_keys() -> list[str]:
    """Keys for provider secrets at rest (steadfast.encryption), newest first."""
    from steadfast.encryption import check_keys, new_key

    keys = [k.strip() for k in env_str("STEADFAST_ENCRYPTION_KEYS").split(",") if k.strip()]
    if not keys:
        # Embedded mode: one key generated per installation, beside the SQLite database.
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path = VAR_DIR / "encryption_key"
        if not path.exists():
            path.write_text(new_key())
            path.chmod(0o600)
        keys = [path.read_text().strip()]
        name = str(path)
    else:
        name = "STEADFAST_ENCRYPTION_KEYS"
    check_keys(keys, name=name)
    return keys


DEBUG = env_bool("STEADFAST_DEBUG", False)
SECRET_KEY = _secret_key()
STEADFAST_ENCRYPTION_KEYS = _encryption_keys()
EMBEDDED_URL = "http://127.0.0.1:8000"
PUBLIC_URL = env_url("STEADFAST_PUBLIC_URL", EMBEDDED_URL)
_public = urlparse(PUBLIC_URL)
# The host people and providers reach Steadfast at, and nothing else: a request naming another
# Host is refused (no links or password-reset mails built on a forged Host header). The
# embedded default also answers on this machine's own names.
ALLOWED_HOSTS = [h.strip() for h in env_str("STEADFAST_ALLOWED_HOSTS").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    ALLOWED_HOSTS = [_public.hostname or "127.0.0.1"]
    if PUBLIC_URL == EMBEDDED_URL:
        ALLOWED_HOSTS += ["localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL] if PUBLIC_URL else []

# Reverse proxies (nginx, a load balancer) whose X-Forwarded-For and X-Forwarded-Proto are
# believed. Only a request whose REMOTE_ADDR is one of them has its client address taken from
# X-Forwarded-For (steadfast.proxies); from anyone else those headers are dropped. The client
# address is what consent records, the login lockout and the rate limits key on.
TRUSTED_PROXIES = env_networks("STEADFAST_TRUSTED_PROXIES")
# An https public address: cookies only over TLS, HSTS, and plain http redirected to https.
# Behind a TLS-terminating proxy, the proxy says the request was https in X-Forwarded-Proto.
HTTPS = _public.scheme == "https"
if HTTPS:
    if TRUSTED_PROXIES:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("STEADFAST_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Steadfast runs on its own host name (intake.example.com): includeSubDomains reaches
    # only names under that host, never the firm's other sites.
    SECURE_HSTS_SECONDS = env_int("STEADFAST_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("STEADFAST_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("STEADFAST_HSTS_PRELOAD", True)
    # Health checks come from the proxy or the orchestrator over plain http.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]

INSTALLED_APPS = [
    # Django's admin, its login throttled like the app's (steadfast.web.admin_site).
    "steadfast.web.admin_site.SteadfastAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Serves the API docs' Swagger UI from static files, not a CDN (none is reachable, and the
    # Content-Security-Policy allows scripts from this site only).
    "ninja",
    # Email reply and bounce webhooks (channels.email_events); its checks flag unsafe settings.
    "anymail",
    "steadfast.firms",
    "steadfast.leads",
    "steadfast.compliance",
    "steadfast.cadences",
    "steadfast.dispatch",
    "steadfast.channels",
    "steadfast.audit",
    "steadfast.returns",
    "steadfast.analytics",
    "steadfast.ops",
    "steadfast.nurture",
    "steadfast.web",
]

MIDDLEWARE = [
    # First: every later log line of the request carries its id.
    "steadfast.ops.request_id.RequestIdMiddleware",
    "steadfast.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "steadfast.web.middleware.HeadAsGetMiddleware",
    "steadfast.api.middleware.ApiBodyLimitMiddleware",
    "steadfast.api.middleware.ApiRateLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "steadfast.web.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "steadfast.urls"
WSGI_APPLICATION = "steadfast.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# The dispatcher's statements prepared once per connection on PostgreSQL (steadfast.db.prepared);
# off behind a connection pooler that cannot keep prepared statements.
STEADFAST_DB_PREPARED = env_bool("STEADFAST_DB_PREPARED", True)


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'steadfast.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception as exc:  # dj-database-url raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
        # The writers of one process queue on a lock of their own (steadfast.db.sqlite3).
        config["ENGINE"] = "steadfast.db.sqlite3"
        # One connection per thread, kept between requests: a new one costs a file open, the
        # pragmas and Django's SQL functions, more than a lead's intake statements.
        config["CONN_MAX_AGE"] = env_int("STEADFAST_DB_CONN_MAX_AGE", 60)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # Tests use a file too: an in-memory database shared between threads locks whole
        # tables and ignores the busy timeout, unlike the file the product runs on.
        config["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    elif engine == "django.db.backends.postgresql":
        # Keep connections between requests (a new one costs more than the request itself),
        # checked before reuse so a restarted server is noticed.
        config["CONN_MAX_AGE"] = env_int("STEADFAST_DB_CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        if STEADFAST_DB_PREPARED:
            # psycopg prepares only the statements that ask for it (steadfast.db.prepared:
            # the dispatcher's, once per connection); Django's cursors never do.
            config["OPTIONS"] = {"prepare_threshold": 2**31 - 1}
    else:
        raise ImproperlyConfigured("DATABASE_URL must name SQLite or PostgreSQL")
    return dict(config)


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A cache every web process shares (login throttling and rate limits count across processes),
# kept in the database Steadfast already has (`steadfast serve` and `steadfast web` create its
# table), or in Redis when REDIS_URL names one.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    if urlparse(REDIS_URL).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(f"REDIS_URL must be a redis:// URL, not {REDIS_URL!r}")
    CACHES: dict[str, dict[str, Any]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "steadfast",
        }
    }
else:
    CACHES = {
        "default": {
            # Django's database cache, with an increment that holds the row lock.
            "BACKEND": "steadfast.cache.DatabaseCache",
            "LOCATION": "steadfast_cache",
        }
    }

# One process's own memory: rate limits count here when one process serves every web request
# (`steadfast serve`, the embedded mode), instead of a write to the shared cache per request.
CACHES["process"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "steadfast-process",
    # One counter per client address and window: never drop a live one to make room.
    "OPTIONS": {"MAX_ENTRIES": 1_000_000},
}
# The cache the rate limits count in: "default" (shared by every process); `steadfast serve`
# sets "process" unless REDIS_URL names a Redis.
STEADFAST_RATE_LIMIT_CACHE = "default"

# Abuse limits, per fixed window, counted in the shared cache (steadfast.ratelimits): requests
# per API key and per client address on the API; posts of the public web form per client
# address and per form. Over the limit: 429 with Retry-After.
STEADFAST_RATE_LIMIT_API_KEY = env_rate("STEADFAST_RATE_LIMIT_API_KEY", "600/m")
STEADFAST_RATE_LIMIT_API_IP = env_rate("STEADFAST_RATE_LIMIT_API_IP", "1200/m")
STEADFAST_RATE_LIMIT_FORM_IP = env_rate("STEADFAST_RATE_LIMIT_FORM_IP", "10/m")
STEADFAST_RATE_LIMIT_FORM_TOKEN = env_rate("STEADFAST_RATE_LIMIT_FORM_TOKEN", "120/h")
# A person needs a few seconds to fill in the web form; a script posting sooner after the
# form was shown is refused (the shown time is signed into the form).
STEADFAST_FORM_MIN_SECONDS = env_int("STEADFAST_FORM_MIN_SECONDS", 3)
AUTH_USER_MODEL = "firms.User"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Static files are served from the apps and node_modules (WHITENOISE_USE_FINDERS); the root only
# needs to exist until `collectstatic` fills it for a production web tier.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Front-end libraries come from npm (package.json; `npm ci` in scripts/bootstrap).
NODE_MODULES = BASE_DIR.parent.parent / "node_modules"
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Every page: scripts, styles and requests only from this site; no inline scripts at all.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# The largest request body the embedded server takes (an email webhook with attachments is the
# largest legitimate one); larger ones are refused before they are read. Behind nginx, its
# client_max_body_size does the same for `steadfast web`.
STEADFAST_MAX_REQUEST_BODY = env_int("STEADFAST_MAX_REQUEST_BODY", 20 * 1024 * 1024, minimum=1024)
# Forms and JSON read into memory by Django (not files): the same bound.
DATA_UPLOAD_MAX_MEMORY_SIZE = STEADFAST_MAX_REQUEST_BODY

# Lead capture.
STEADFAST_API_MAX_BODY = 64 * 1024
STEADFAST_DUPLICATE_WINDOW_DAYS = env_int("STEADFAST_DUPLICATE_WINDOW_DAYS", 30, minimum=0)
# Every message sent is kept (content, time, recipient, template version) at least this many
# years: the lawyers' advertising-record rules (docs/bar-rules.md). Never below 5; only the
# `steadfast retention --apply` job removes the wording of older messages.
STEADFAST_MESSAGE_RETENTION_YEARS = env_int("STEADFAST_MESSAGE_RETENTION_YEARS", 5, minimum=5)
# Deliverability checks look up MX records; off by default so intake never waits on DNS.
STEADFAST_EMAIL_CHECK_DNS = env_bool("STEADFAST_EMAIL_CHECK_DNS", False)

# The dispatcher (README "Configuration"; engine/dispatcher.py explains the send state machine).
# How long a worker holds a claimed touch; it renews the lease before each send.
STEADFAST_LEASE_SECONDS = env_int("STEADFAST_LEASE_SECONDS", 120, minimum=1)
# How often a worker looks for leases that ran out (a worker that died) and unknown sends.
STEADFAST_RECOVER_SECONDS = env_int("STEADFAST_RECOVER_SECONDS", 30, minimum=1)
# Concurrent sends per worker process (`steadfast worker --concurrency N` overrides it).
STEADFAST_WORKER_CONCURRENCY = env_int("STEADFAST_WORKER_CONCURRENCY", 1, minimum=1)
# The most due touches a worker claims at once: no more than it has free senders (each is
# still checked just before its send).
STEADFAST_SEND_BATCH = env_int("STEADFAST_SEND_BATCH", 10, minimum=1)
# A transient refusal (HTTP 5xx or 429, SMTP 4xx, no connection) is retried after
# base * 2^(attempt - 1) seconds, at most the cap, and given up after so many attempts.
STEADFAST_RETRY_BASE_SECONDS = env_int("STEADFAST_RETRY_BASE_SECONDS", 30, minimum=0)
STEADFAST_RETRY_MAX_SECONDS = env_int("STEADFAST_RETRY_MAX_SECONDS", 1800, minimum=0)
STEADFAST_SEND_MAX_ATTEMPTS = env_int("STEADFAST_SEND_MAX_ATTEMPTS", 8, minimum=1)
# How long a send whose fate the provider cannot tell yet stays `unknown` (asked again at every
# recovery) before it is marked failed, never repeated.
STEADFAST_RECONCILE_GIVE_UP_SECONDS = env_int("STEADFAST_RECONCILE_GIVE_UP_SECONDS", 3600)
# Test-only: a provider with made-up latency and failures for the chaos test and benchmarks,
# e.g. "latency_ms=0-3000,transport=0.05,transient=0.05". Never set it in production.
STEADFAST_CHAOS_PROVIDER = env_str("STEADFAST_CHAOS_PROVIDER")

# Channel providers (PRODUCT.md §5.1). Twilio needs all three TWILIO_* values; email needs
# EMAIL_URL or SMTP_HOST (+ SMTP_PORT/SMTP_USER/SMTP_PASSWORD). Unset: the console provider.
# A firm's own provider settings override these.


def _twilio() -> tuple[str, str, str]:
    from steadfast.channels.provider_config import twilio_config

    try:
        config = twilio_config(
            account_sid=env_str("TWILIO_ACCOUNT_SID"),
            auth_token=env_str("TWILIO_AUTH_TOKEN"),
            from_number=env_str("TWILIO_FROM_NUMBER"),
        )
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from None
    if config is None:
        return "", "", ""
    return config.account_sid, config.auth_token, config.from_number


def _smtp() -> Any:  # a channels.provider_config.SmtpConfig, or None
    from steadfast.channels.provider_config import smtp_from_parts, smtp_from_url

    url = env_str("EMAIL_URL")
    parts = {k: env_str(f"SMTP_{k.upper()}") for k in ("host", "port", "user", "password")}
    try:
        if url and any(parts.values()):
            raise ValueError(
                "set EMAIL_URL or SMTP_HOST/SMTP_PORT/SMTP_USER/SMTP_PASSWORD, not both"
            )
        if url:
            return smtp_from_url(url)
        if any(parts.values()):
            return smtp_from_parts(**parts)
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from None
    return None


TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER = _twilio()
STEADFAST_SMTP = _smtp()
# The sender of lead emails when a firm names none: "Name <address>" or an address.
STEADFAST_EMAIL_FROM = env_str("STEADFAST_EMAIL_FROM")
# Django's own mail (password resets, alerts to staff) goes the same way as lead email.
MAILERS: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": STEADFAST_SMTP.as_options(),
        }
        if STEADFAST_SMTP is not None
        else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    )
}
if STEADFAST_EMAIL_FROM:
    DEFAULT_FROM_EMAIL = STEADFAST_EMAIL_FROM

# Email replies and bounces (PRODUCT.md F6) arrive through django-anymail's webhooks under
# /hooks/email/<esp>/inbound/ and /hooks/email/<esp>/tracking/ (channels.email_events);
# sending stays SMTP. They accept nothing until ANYMAIL_WEBHOOK_SECRET is set: "user:password",
# the basic auth written into the webhook URL given to the ESP. Mailgun's posts must also carry
# its HMAC signature, checked with MAILGUN_WEBHOOK_SIGNING_KEY.


def _anymail() -> dict[str, str]:
    config: dict[str, str] = {}
    secret = env_str("ANYMAIL_WEBHOOK_SECRET")
    if secret:
        user, colon, password = secret.partition(":")
        if not (colon and user and password):
            raise ImproperlyConfigured(
                "ANYMAIL_WEBHOOK_SECRET must be user:password (the basic auth of the webhook URL)"
            )
        if not secret.isascii() or not secret.isprintable() or " " in secret:
            raise ImproperlyConfigured("ANYMAIL_WEBHOOK_SECRET must be printable ASCII, no spaces")
        if len(password) < 16:
            raise ImproperlyConfigured(
                "ANYMAIL_WEBHOOK_SECRET: the password must be at least 16 characters long"
            )
        config["WEBHOOK_SECRET"] = secret
    mailgun_key = env_str("MAILGUN_WEBHOOK_SIGNING_KEY")
    if mailgun_key:
        if len(mailgun_key) < 16 or not all(
            c.isascii() and (c.isalnum() or c in "-_") for c in mailgun_key
        ):
            raise ImproperlyConfigured(
                "MAILGUN_WEBHOOK_SIGNING_KEY must be Mailgun's HTTP webhook signing key "
                "(letters, digits, - and _, at least 16 characters)"
            )
        if not secret:
            raise ImproperlyConfigured(
                "MAILGUN_WEBHOOK_SIGNING_KEY is set but ANYMAIL_WEBHOOK_SECRET is not: "
                "the email webhooks refuse every post without it"
            )
        config["MAILGUN_WEBHOOK_SIGNING_KEY"] = mailgun_key
    return config


ANYMAIL = _anymail()

# Operations (README "Operations"): readiness limits and who may read /metrics.
# /readyz answers 503 when the oldest due touch has waited longer than this many seconds …
STEADFAST_READY_MAX_QUEUE_AGE = env_int("STEADFAST_READY_MAX_QUEUE_AGE", 120, minimum=1)
# … or no worker has run its loop for this long (an idle worker loops at least every 30 s).
STEADFAST_READY_MAX_HEARTBEAT_AGE = env_int("STEADFAST_READY_MAX_HEARTBEAT_AGE", 90, minimum=1)
# /metrics answers only `Authorization: Bearer <this>`; unset, it answers 404.
STEADFAST_METRICS_TOKEN = env_str("STEADFAST_METRICS_TOKEN")
if STEADFAST_METRICS_TOKEN and len(STEADFAST_METRICS_TOKEN) < 16:
    raise ImproperlyConfigured("STEADFAST_METRICS_TOKEN must be at least 16 characters long")


def _log_format() -> str:
    value = env_str("STEADFAST_LOG_FORMAT", "plain").lower()
    if value not in {"plain", "json"}:
        raise ImproperlyConfigured(f"STEADFAST_LOG_FORMAT must be plain or json, not {value!r}")
    return value


def _log_level() -> str:
    value = env_str("STEADFAST_LOG_LEVEL", "INFO").upper()
    if value not in {"DEBUG", "INFO", "WARN", "WARNING", "ERROR", "CRITICAL"}:
        raise ImproperlyConfigured(
            f"STEADFAST_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {value!r}"
        )
    return value


STEADFAST_LOG_FORMAT = _log_format()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "steadfast.ops.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        # One JSON object a line: time, level, logger, message, request_id and any extras.
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": STEADFAST_LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": _log_level()},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
