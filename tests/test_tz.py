"""The tz database's zone names, read once."""

from __future__ import annotations

import importlib
import threading
import time

import pytest

import steadfast.wsgi
from steadfast import tz


def _forget() -> None:
    for cached in (tz.known_zones, getattr(tz, "_read_zones", None)):
        if cached is not None:
            cached.cache_clear()


@pytest.fixture
def unread(monkeypatch):
    _forget()
    yield monkeypatch
    _forget()


def test_threads_that_ask_at_once_read_the_database_once(unread):
    """The first burst of leads a server takes asks from many threads at once: each reading
    the disk again held up every request for a second or two."""
    reads = []
    release = threading.Event()

    def slow_read() -> set[str]:
        reads.append(threading.get_ident())
        release.wait(10)
        return {"America/Chicago"}

    unread.setattr(tz.zoneinfo, "available_timezones", slow_read)
    threads = [threading.Thread(target=tz.known_zones) for _ in range(8)]
    for thread in threads:
        thread.start()
    # Give the other threads every chance to start a reading of their own (they may not:
    # with one reading at a time they wait for it), then let the reading finish.
    deadline = time.monotonic() + 1.0
    while len(reads) < len(threads) and time.monotonic() < deadline:
        time.sleep(0.01)
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(reads) == 1
    assert tz.known_zones() == frozenset({"America/Chicago"})


def test_the_web_app_reads_the_zone_names_before_its_first_request(unread):
    importlib.reload(steadfast.wsgi)
    assert tz.known_zones.cache_info().currsize == 1
    assert "America/Chicago" in tz.known_zones()
