"""Thirty vendors' posts of one person at the same moment make one lead, on both databases.

Real threads, each with its own database connection, start together at a barrier; the
duplicate check and the insert of each capture must not interleave with another's.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from steadfast import clock
from steadfast.dispatch.models import Touch
from steadfast.leads.models import Lead
from tests.api.payloads import jane

POSTS = 30


def _post_all(bodies: list[dict[str, Any]], key: str, now: Any) -> list[int]:
    barrier = threading.Barrier(len(bodies))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def post(body: dict[str, Any]) -> None:
        try:
            with clock.frozen(now):
                client = Client()
                barrier.wait()
                response = client.post(
                    "/api/v1/leads",
                    data=json.dumps(body),
                    content_type="application/json",
                    HTTP_AUTHORIZATION=f"Bearer {key}",
                )
                statuses.append(response.status_code)
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return statuses


@pytest.mark.django_db(transaction=True)
def test_thirty_concurrent_posts_of_one_person_make_one_lead(api_key, now):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("an in-memory SQLite database is not shared between threads")
    # Same phone; different external ids, or none (the vendor does not send one).
    bodies = [
        jane(external_id=f"il-{i}" if i % 2 else None, email=f"jane{i}@example.com")
        for i in range(POSTS)
    ]

    statuses = _post_all(bodies, api_key, now)

    assert Counter(statuses) == {201: POSTS}
    leads = list(Lead.objects.order_by("id"))
    assert len(leads) == POSTS
    originals = [lead for lead in leads if lead.status_reason != "duplicate"]
    assert len(originals) == 1
    original = originals[0]
    assert original.status != "invalid"
    duplicates = [lead for lead in leads if lead is not original]
    assert {(d.status, d.duplicate_of_id) for d in duplicates} == {("invalid", original.pk)}
    # Only the one lead is being followed up: one first call, not thirty.
    assert Touch.objects.filter(step=1).count() == 1
