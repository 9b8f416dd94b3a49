"""Rate limits count in a cache every process shares: the database, or Redis (REDIS_URL)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection

from steadfast.ratelimits import RateLimited, rate_limit_hit

NOW = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)

HIT = """
import django, sys; django.setup()
from datetime import datetime, UTC
from steadfast.ratelimits import RateLimited, rate_limit_hit
try:
    rate_limit_hit(scope="test", key=sys.argv[1], rate=(2, 3600),
                   now=datetime(2026, 3, 2, 16, 0, tzinfo=UTC), what="in this test")
    print("ok")
except RateLimited as exc:
    print("limited", exc.retry_after)
"""


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="needs Redis at 127.0.0.1:6379")
def test_separate_processes_share_one_count_in_redis(tmp_path):
    key = uuid.uuid4().hex
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/15",
        "DJANGO_SETTINGS_MODULE": "steadfast.settings",
        "STEADFAST_VAR_DIR": str(tmp_path),
    }

    answers = [
        subprocess.run(
            [sys.executable, "-c", HIT, key], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(3)
    ]

    assert [a[0] for a in answers] == ["ok", "ok", "limited"]
    assert 0 < int(answers[2][1]) <= 3600


@pytest.mark.skipif("postgres" not in os.environ.get("DATABASE_URL", ""), reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_are_all_counted_in_the_database_cache():
    key, hits, limit = uuid.uuid4().hex, 40, 25
    limited: list[int] = []
    start = threading.Barrier(hits)

    def hit() -> None:
        start.wait()
        try:
            rate_limit_hit(scope="test", key=key, rate=(limit, 3600), now=NOW, what="here")
        except RateLimited:
            limited.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(hits)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(limited) == hits - limit  # no hit lost to a race between processes
    cache.clear()
