"""Web app fixtures: logged-in clients for the personas, a lead with a call due, and the
browser set-up for the Playwright tests (Debian's Chromium, never a downloaded one)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from steadfast import clock
from steadfast.firms.models import User
from steadfast.leads.models import Lead

# Playwright's sync API keeps an event loop running in the test thread; Django refuses ORM
# calls from such a thread unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"

# A Tuesday morning in Chicago (CST, UTC-6). The Monday before is Casimir Pulaski Day, an
# Illinois holiday on which Lakeshore's agents do not call.
TUESDAY_10AM_CHICAGO = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    return TUESDAY_10AM_CHICAGO


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Logging in is what these tests exercise, not the cost of the production hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(django_db_blocker: Any) -> Iterator[None]:
    """Login throttling lives in the cache (a database table that test rollbacks and flushes
    do not reach); no test sees another's failures."""
    with django_db_blocker.unblock():
        cache.clear()
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def as_user(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def jane(capture: Callable[..., Lead]) -> Lead:
    """A lead from Chicago who consented to calls and email, not to texts."""
    return capture(
        first_name="Jane",
        last_name="Doe",
        phone="+1 312 555 0142",
        email="jane@example.com",
        state="IL",
        practice_area="personal_injury",
        message="Rear-ended on Lake Shore Drive last week.",
        consent={"call": True, "sms": False, "email": True},
    )


# --- Browser -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium); .ci/run installs it"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def server_clock(now: datetime) -> Iterator[datetime]:
    """The live server runs in its own thread: pin every thread's clock, not just this one."""
    clock.set_default(lambda: now)
    try:
        yield now
    finally:
        clock.reset_default()
