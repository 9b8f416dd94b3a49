"""Concurrent API requests stored together: the requests that arrive while a batch is being
stored wait and go in the next one, one transaction for all of them, each answered as if it
had been stored alone; a failure in the batch fails only its own request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, connections

from steadfast import clock
from steadfast.dispatch.models import Touch
from steadfast.engine.events import _arrived, lead_arrive
from steadfast.leads import services
from steadfast.leads.models import Lead
from steadfast.leads.services import Intake, LeadConflict, LeadInput, lead_check
from steadfast.returns.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)


def _waiting(source: Any, now: Any, stored: Any = None, **fields: Any) -> services._Waiting:
    fields.setdefault("state", "IL")
    data = LeadInput(first_name=fields.pop("first_name", "Jane"), **fields)
    return services._Waiting(
        source=source,
        checked=lead_check(firm=source.firm, data=data, now=now),
        now=now,
        arrived=_arrived,
        stored=stored,
    )


def test_a_batch_answers_each_request_as_if_it_had_come_alone(source, now):
    kept: list[int] = []
    batch = [
        _waiting(source, now, kept.append, phone="3125550142", external_id="a"),
        _waiting(source, now, kept.append, phone="3125550142", external_id="b"),
        _waiting(source, now, kept.append, phone="3125550199", external_id="a"),
        _waiting(source, now, kept.append, phone="3125550142", external_id="a"),
    ]

    services._store_together(batch)

    first, second, conflict, again = (w.answer for w in batch)
    assert isinstance(first, Intake) and first.created
    # The same person again in the batch: a duplicate of the first, as it would be later.
    assert isinstance(second, Intake) and second.created
    assert second.lead.duplicate_of_id == first.lead.pk
    assert second.lead.status_reason == "duplicate"
    # The same external_id with other input: 409; with the same input: the first lead, 200.
    assert isinstance(conflict, LeadConflict)
    assert isinstance(again, Intake) and not again.created and again.lead.pk == first.lead.pk
    assert Lead.objects.count() == 2
    assert kept == [first.lead, second.lead]  # what the caller keeps, for new leads only
    assert Touch.objects.filter(lead=first.lead, step=1).count() == 1


def test_one_firms_leads_in_a_batch_never_meet_anothers(source, other_source_and_key, now):
    harbor, _ = other_source_and_key
    batch = [
        _waiting(source, now, phone="3125550142"),
        _waiting(harbor, now, phone="3125550142", state="FL"),
        _waiting(source, now, phone="3125550142"),
    ]

    services._store_together(batch)

    lakeshore_first, harbor_lead, lakeshore_again = (w.answer.lead for w in batch)  # type: ignore[union-attr]
    assert harbor_lead.firm_id == harbor.firm_id != lakeshore_first.firm_id
    # The same phone at another firm is no duplicate; at the same firm it is.
    assert harbor_lead.duplicate_of_id is None
    assert lakeshore_first.duplicate_of_id is None
    assert lakeshore_again.duplicate_of_id == lakeshore_first.pk


def test_a_failure_in_a_batch_fails_only_its_own_request(source, now):
    def broken(lead: Lead) -> None:
        raise RuntimeError("the disk is full")

    batch = [
        _waiting(source, now, phone="3125550101"),
        _waiting(source, now, broken, phone="3125550102"),
        _waiting(source, now, phone="3125550103"),
    ]

    services._store_together(batch)

    assert isinstance(batch[1].answer, RuntimeError)
    assert [w.answer.lead.phone for w in (batch[0], batch[2])] == [  # type: ignore[union-attr]
        "+13125550101",
        "+13125550103",
    ]
    assert sorted(Lead.objects.values_list("phone", flat=True)) == [
        "+13125550101",
        "+13125550103",
    ]


def test_requests_arriving_while_a_batch_is_stored_go_together_in_the_next(
    source, now, monkeypatch
):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"] == ":memory:":
        pytest.skip("an in-memory SQLite database is not shared between threads")
    posts = 5
    queued = threading.Event()

    class Queue(list):  # tells the test when every request waits for the batch
        def append(self, item: Any) -> None:
            super().append(item)
            if len(self) == posts:
                queued.set()

    monkeypatch.setattr(services, "_waiting", Queue())
    batches: list[int] = []
    store = services._store_together
    monkeypatch.setattr(services, "_store_together", lambda b: (batches.append(len(b)), store(b)))
    answers: dict[int, Intake] = {}
    errors: list[BaseException] = []

    def post(i: int) -> None:
        try:
            with clock.frozen(now):
                answers[i] = lead_arrive(
                    source=source,
                    data=LeadInput(first_name=f"Lead{i}", phone=f"31255501{i:02d}", state="IL"),
                    now=now,
                    stored=lambda lead: Delivery.objects.create(
                        firm_id=lead.firm_id, lead=lead, via="api", body=str(i), received_at=now
                    ),
                    together=True,
                )
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)
        finally:
            connections.close_all()

    # A batch is being stored (the lock held here): all five wait, then go in one batch.
    with services._storing:
        threads = [threading.Thread(target=post, args=(i,)) for i in range(posts)]
        for thread in threads:
            thread.start()
        assert queued.wait(timeout=60)
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert batches == [posts]
    assert sorted(answers) == list(range(posts))
    for i, answer in answers.items():
        assert answer.created
        assert answer.lead.phone == f"+131255501{i:02d}"
        assert Delivery.objects.get(lead=answer.lead).body == str(i)
    assert Touch.objects.filter(step=1).count() == posts


@pytest.fixture(autouse=True)
def _nothing_left_waiting() -> Iterator[None]:
    yield
    assert not services._waiting
