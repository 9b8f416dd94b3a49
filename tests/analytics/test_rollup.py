"""The reports read rollups; whatever writes to the ledger, the next report shows it."""

from __future__ import annotations

import os
import threading
import time
from datetime import date

import pytest
from django.db import connection, connections

from steadfast.analytics import reports, rollup
from steadfast.dispatch.models import Touch
from steadfast.leads.models import Lead
from tests.analytics.conftest import History, chicago

pytestmark = pytest.mark.django_db


def _march(h: History) -> reports.Filters:
    return reports.Filters(h.firm, date(2026, 3, 1), date(2026, 3, 31))


def _funnel(h: History) -> dict[str, dict[str, int]]:
    return {r.label: r.counts for r in reports.funnel(_march(h))}


def test_writes_that_bypass_the_orm_still_reach_the_next_report(history: History):
    before = _funnel(history)
    assert (before["Alpha"]["signed"], before["Beta"]["valid"]) == (1, 2)

    # A queryset update (no signals), raw SQL, and a delete, each after a report was read.
    Lead.objects.filter(pk=history.leads["ben"].pk).update(status="signed")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE leads_lead SET status = 'invalid', status_reason = 'bad_phone' WHERE id = %s",
            [history.leads["eve"].pk],
        )
    Touch.objects.filter(lead=history.leads["cal"], outcome="connected").delete()

    after = _funnel(history)
    assert after["Alpha"]["signed"] == 2
    assert (after["Beta"]["valid"], after["Beta"]["contacted"]) == (1, 0)
    assert reports.funnel(_march(history))[1].invalid_by_reason == {
        "bad_phone": 1,
        "out_of_jurisdiction": 1,
    }


def test_a_new_call_moves_the_speed_and_the_heat_map(history: History, alice):
    dee = history.leads["dee"]
    heat = reports.contact_rate(_march(history)).heat
    assert (0, 12) not in {(c.weekday, c.hour) for c in heat}

    Touch.objects.create(
        firm=history.firm,
        lead=dee,
        channel="call",
        direction="out",
        step=1,
        state="sent",
        due_at=chicago(2, 12),
        done_at=chicago(2, 12, 1),
        outcome="connected",
        performed_by=alice,
        created_at=chicago(2, 12),
    )

    speed = reports.speed_to_lead(_march(history))
    # First attempts now 1 (dee), 2, 3, 4 and 8 minutes: the median is 3.
    assert (speed.overall.contacted, speed.overall.attempt_median) == (4, 180.0)
    heat = reports.contact_rate(_march(history)).heat
    assert [(c.attempts, c.answered) for c in heat if (c.weekday, c.hour) == (0, 12)] == [(1, 1)]


def test_a_new_firm_time_zone_moves_the_arrival_hours(history: History):
    assert [r.label for r in reports.speed_to_lead(_march(history)).by_hour] == [
        "10:00",
        "11:00",
        "12:00",
        "23:00",
    ]

    history.firm.timezone = "America/New_York"
    history.firm.save()

    by_hour = reports.speed_to_lead(_march(history)).by_hour
    assert [r.label for r in by_hour] == ["00:00", "11:00", "12:00", "13:00"]


def test_triggers_lost_to_a_table_rebuild_come_back_and_recompute_everything(
    history: History,
):
    assert _funnel(history)["Alpha"]["signed"] == 1
    rollup.drop_triggers()
    Lead.objects.filter(pk=history.leads["ben"].pk).update(status="signed")
    assert _funnel(history)["Alpha"]["signed"] == 1  # unseen without its trigger

    assert rollup.install_triggers() is True  # what every migrate does
    assert rollup.install_triggers() is False
    assert _funnel(history)["Alpha"]["signed"] == 2


def test_the_rollups_command_recomputes_what_changed(history: History, capsys):
    from django.core.management import call_command

    reports.funnel(_march(history))  # everything current
    Lead.objects.filter(pk=history.leads["ben"].pk).update(status="signed")

    call_command("rollups")
    assert "1 lead recomputed" in capsys.readouterr().out
    call_command("rollups", "--all")
    assert "5 leads recomputed" in capsys.readouterr().out
    assert _funnel(history)["Alpha"]["signed"] == 2


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_the_rollups_current_between_reports(capture):
    import threading
    import time

    from steadfast.analytics.models import LeadRollup, RollupDirty
    from steadfast.engine.worker import run_worker

    jane = capture(phone="+1 312 555 0142", state="IL", consent={"sms": True})
    assert RollupDirty.objects.filter(lead_id=jane.pk).exists()
    stop = threading.Event()

    def work() -> None:
        try:
            run_worker(stop=stop, max_sleep=3600)
        finally:
            connection.close()

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not LeadRollup.objects.filter(lead_id=jane.pk):
            time.sleep(0.05)  # polling the database for the outcome, not timing anything
    finally:
        stop.set()
        worker.join(timeout=5)
    assert LeadRollup.objects.filter(lead_id=jane.pk).exists()  # computed with no report read


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)",
)
@pytest.mark.django_db(transaction=True)
def test_refreshes_at_once_take_turns_instead_of_failing_on_a_duplicate_row(
    history: History, monkeypatch
):
    """Three workers starting at once (or reports beside the worker) refresh the same marks.

    The first holds its batch until the other two wait behind it; without turns, the third
    then skips the rows the second rewrote and fails on the duplicate key."""
    from steadfast.analytics.models import LeadRollup, RollupDirty

    rollup.refresh()
    Lead.objects.filter(pk=history.leads["ben"].pk).update(status="signed")
    assert RollupDirty.objects.exists()

    compute = rollup._compute
    first_in = threading.Event()
    others_in: list[int] = []

    def waiting_on_locks() -> int:
        with connections["default"].cursor() as cursor:
            # Within a transaction the activity view is a snapshot unless cleared.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            return cursor.fetchone()[0]

    def held_compute(ids):
        if not first_in.is_set():
            first_in.set()
            # Hold the first refresh until the other two are computing too or blocked.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and len(others_in) + waiting_on_locks() < 2:
                time.sleep(0.02)  # polling the database for a state, not timing anything
        else:
            others_in.append(len(ids))
        return compute(ids)

    monkeypatch.setattr(rollup, "_compute", held_compute)
    errors: list[BaseException] = []

    def refresh() -> None:
        try:
            rollup.refresh()
        except BaseException as exc:  # the test reports it below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=refresh) for _ in range(3)]
    threads[0].start()
    assert first_in.wait(30)
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert errors == []
    assert not RollupDirty.objects.exists()
    assert LeadRollup.objects.get(lead_id=history.leads["ben"].pk).status == "signed"
    assert _funnel(history)["Alpha"]["signed"] == 2
