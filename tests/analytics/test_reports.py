"""Every figure of the reports against the hand-computed history in conftest.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from steadfast.analytics import reports
from steadfast.returns.models import Dispute, DisputeItem
from tests.analytics.conftest import History, chicago

pytestmark = pytest.mark.django_db

MIN = 60.0


def _filters(h: History, **kw) -> reports.Filters:
    return reports.Filters(h.firm, date(2026, 3, 1), date(2026, 3, 31), **kw)


def test_it_measures_speed_to_lead_from_when_calling_was_allowed(history: History):
    r = reports.speed_to_lead(_filters(history))

    # First attempts: cal 2 min after 08:30 (arrived Sunday night), ann 3, eve 4, ben 8 minutes.
    assert (r.overall.leads, r.overall.attempt_median, r.overall.attempt_p90) == (
        5,
        3 * MIN,
        8 * MIN,
    )
    assert r.overall.attempt_within_5 == 0.75
    # First contacts: ben 8 min, ann 30 min (her reply), cal Tue 16:00 = 31.5 h after 08:30 Mon.
    assert (r.overall.contact_median, r.overall.contact_p90) == (30 * MIN, 31.5 * 3600)
    assert r.overall.contacted == 3
    assert (r.outside_hours.leads, r.outside_hours.attempt_median) == (1, 2 * MIN)
    assert r.in_hours.leads == 4
    by_source = {row.label: row for row in r.by_source}
    assert (
        by_source["Alpha"].attempt_median == 3 * MIN and by_source["Alpha"].attempt_within_5 == 0.5
    )
    assert by_source["Beta"].attempt_median == 2 * MIN
    by_agent = {row.label: row.leads for row in r.by_agent}
    assert by_agent == {"Alice": 1, "Bob": 3}
    assert [row.label for row in r.by_hour] == ["10:00", "11:00", "12:00", "23:00"]


def test_it_counts_contact_by_source_attempt_and_hour(history: History):
    c = reports.contact_rate(_filters(history))

    assert [(r.label, r.valid, r.contacted, r.rate) for r in c.by_source] == [
        ("Alpha", 2, 2, 1.0),
        ("Beta", 2, 1, 0.5),
    ]
    # ben by the 1st attempt; ann (call, text, then her reply) and cal by the 2nd; of 4 valid.
    assert c.by_attempt[:3] == [(1, 1, 0.25), (2, 3, 0.75), (3, 3, 0.75)]
    cells = {(h.weekday, h.hour): (h.attempts, h.answered) for h in c.heat}
    assert cells[(0, 10)] == (2, 1)  # Monday 10:xx: ann no answer, ben connected
    assert cells[(1, 16)] == (1, 1) and cells[(1, 15)] == (1, 0)


def test_it_builds_the_funnel_with_invalid_reasons_beside_it(history: History):
    rows = {r.label: r for r in reports.funnel(_filters(history))}

    assert rows["Alpha"].counts == {
        "arrived": 2,
        "valid": 2,
        "contacted": 2,
        "qualified": 1,
        "signed": 1,
        "declined": 0,
        "nurture": 0,
        "opted_out": 0,
        "duplicate": 0,
    }
    assert [rows["Beta"].counts[k] for k in reports.FUNNEL] == [3, 2, 1, 0, 0]
    assert rows["Beta"].counts["nurture"] == 1
    assert rows["Beta"].invalid_by_reason == {"out_of_jurisdiction": 1}
    assert rows["All sources"].counts["arrived"] == 5


def test_it_costs_each_stage_net_of_vendor_credits(history: History, alice):
    dispute = Dispute.objects.create(
        firm=history.firm,
        source=history.beta,
        state="accepted",
        created_at=chicago(3, 9),
        credit=Decimal(100),
    )
    DisputeItem.objects.create(
        dispute=dispute,
        lead=history.leads["dee"],
        reason="out_of_jurisdiction",
        price=Decimal(100),
        accepted=True,
        credit=Decimal(100),
    )

    m = {r.label: r for r in reports.money(_filters(history)).rows}

    alpha, beta = m["Alpha"], m["Beta"]
    assert (alpha.spend, alpha.spend_source, alpha.per_lead, alpha.per_signed) == (
        Decimal(80),
        "cost per lead",
        Decimal(40),
        Decimal(80),
    )
    assert alpha.revenue == Decimal(5000) and alpha.return_on_spend == 62.5
    assert (beta.spend, beta.credits, beta.net, beta.spend_source) == (
        Decimal(250),
        Decimal(100),
        Decimal(150),
        "entered",
    )
    assert (beta.per_valid, beta.per_contacted, beta.per_signed) == (
        Decimal(75),
        Decimal(150),
        None,
    )


def test_it_counts_each_agents_calls_per_day(history: History):
    rows = [
        (r.day.isoformat(), r.agent, r.calls, r.outcomes)
        for r in reports.workload(_filters(history))
    ]

    assert rows == [
        ("2026-03-02", "Alice", 1, {"connected": 1}),
        ("2026-03-02", "Bob", 3, {"no_answer": 3}),
        ("2026-03-03", "Bob", 2, {"connected": 1, "no_answer": 1}),
    ]


def test_it_tracks_the_nurture_pool_by_week(history: History):
    n = reports.nurture(_filters(history))

    assert n.pool[0] == (date(2026, 3, 7), 0)
    assert n.pool[1] == (date(2026, 3, 14), 1)  # eve went to nurture on 9 March


def test_filters_narrow_every_report(history: History):
    only_beta = _filters(history, source_ids=(history.beta.pk,))

    assert reports.speed_to_lead(only_beta).overall.leads == 3
    assert [r.label for r in reports.funnel(only_beta)] == ["Beta", "All sources"]
    assert [r.label for r in reports.money(only_beta).rows] == ["Beta"]


def test_an_empty_range_has_no_figures_and_no_errors(history: History):
    empty = reports.Filters(history.firm, date(2025, 1, 1), date(2025, 1, 31))

    assert reports.speed_to_lead(empty).overall.attempt_median is None
    assert reports.contact_rate(empty).by_attempt[0] == (1, 0, 0.0)
    assert [r.label for r in reports.funnel(empty)] == ["All sources"]
    assert all(r.per_lead is None for r in reports.money(empty).rows)


def test_dates_are_the_firms_across_daylight_saving(firm, source, capture):
    # 8 March 2026 is the spring-forward Sunday in Chicago: a lead at 23:30 CDT on the 8th
    # (04:30 UTC on the 9th) belongs to the 8th, not the 9th.
    late = capture(
        first_name="Late",
        phone="+1 312 555 0199",
        state="IL",
        now=datetime(2026, 3, 9, 4, 30, tzinfo=UTC),
    )
    on_8th = reports.Filters(firm, date(2026, 3, 8), date(2026, 3, 8))
    assert [x.id for x in reports.lead_facts(on_8th)] == [late.pk]
