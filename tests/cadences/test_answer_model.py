"""The answer model and the placement, alone: pure functions of plain values."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from steadfast.engine import answer_model as am

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


def _calls(source: str, weekday: int, hour: int, answered: int, missed: int, attempt: int = 2):
    return [am.Observation(source, attempt, weekday, hour, True)] * answered + [
        am.Observation(source, attempt, weekday, hour, False)
    ] * missed


def _candidate(hour: int, weekday: int = 1, queued: int = 0) -> am.Candidate:
    return am.Candidate(MONDAY + timedelta(days=weekday, hours=hour), weekday, hour, queued)


def test_with_no_history_the_rate_is_the_neutral_prior_and_very_uncertain():
    est = am.estimate(am.AnswerModel(), source="Google Ads", attempt=2, weekday=1, hour=16)
    assert est.mean == pytest.approx(am.NEUTRAL_RATE)
    low, high = est.interval()
    assert high - low > 0.25
    assert est.basis == "none" and est.attempts == 0


def test_a_cell_with_much_history_follows_its_own_rate():
    model = am.build(_calls("Google Ads", 1, 16, answered=46, missed=66))
    est = am.estimate(model, source="Google Ads", attempt=2, weekday=1, hour=16)
    assert est.mean == pytest.approx(46 / 112, abs=0.03)
    assert (est.basis, est.attempts) == ("source", 112)
    low, high = est.interval()
    assert low < 46 / 112 < high and high - low < 0.2


def test_a_cell_with_little_history_leans_on_the_broader_levels():
    # Much history at 16 h for one source; one lucky answer for another source at 16 h.
    model = am.build(
        _calls("Google Ads", 1, 16, answered=10, missed=90)
        + _calls("Vendor B", 1, 16, answered=1, missed=0)
    )
    vendor = am.estimate(model, source="Vendor B", attempt=2, weekday=1, hour=16)
    assert 0.09 < vendor.mean < 0.25  # not 100 %: shrunk towards the firm's 16 h rate
    # Another weekday at the same hour borrows the hour's rate (all weekdays pooled).
    wednesday = am.estimate(model, source="Google Ads", attempt=2, weekday=2, hour=16)
    assert wednesday.mean < 0.2 and wednesday.basis == "hour"


def test_update_counts_one_more_outcome_and_leaves_the_old_model_alone():
    model = am.build(_calls("Web", 0, 9, answered=1, missed=1))
    newer = am.updated(model, am.Observation("Web", 1, 0, 9, True))
    assert model.attempts == 2 and newer.attempts == 3
    assert newer.counts[("source", "Web", 0, 9)] == (3, 2)
    assert model.counts[("source", "Web", 0, 9)] == (2, 1)
    assert am.updated(model) == model


def test_attempt_numbers_are_their_own_cells_from_the_third_on_together():
    model = am.build(
        _calls("Web", 0, 9, answered=8, missed=2, attempt=1)
        + _calls("Web", 0, 9, answered=0, missed=10, attempt=3)
        + _calls("Web", 0, 9, answered=0, missed=10, attempt=5)
    )
    first = am.estimate(model, source="Web", attempt=1, weekday=0, hour=9)
    later = am.estimate(model, source="Web", attempt=4, weekday=0, hour=9)
    assert first.mean > later.mean + 0.2


def test_placement_picks_the_hour_where_leads_answer():
    model = am.build(
        _calls("Google Ads", 1, 10, answered=5, missed=95)
        + _calls("Google Ads", 1, 17, answered=50, missed=50)
    )
    picked = am.place(
        [_candidate(10), _candidate(13), _candidate(17)],
        model,
        source="Google Ads",
        attempt=2,
        rng=random.Random(1),
        capacity=10,
    )
    assert picked.chosen.hour == 17 and not picked.explored


def test_placement_is_repeatable_with_the_same_seed_and_explores_unknown_hours():
    model = am.build(_calls("Web", 1, 10, answered=20, missed=80))
    options = [_candidate(h) for h in range(8, 18)]

    def run(seed: int) -> list[int]:
        rng = random.Random(seed)
        return [
            am.place(options, model, source="Web", attempt=2, rng=rng, capacity=10).chosen.hour
            for _ in range(50)
        ]

    assert run(3) == run(3)
    assert len(set(run(3))) >= 3  # hours without history get tried: the model keeps learning


def test_a_full_hour_loses_to_a_nearly_as_good_empty_one():
    model = am.build(
        _calls("Web", 1, 17, answered=50, missed=50) + _calls("Web", 1, 16, answered=45, missed=55)
    )
    rng = random.Random(5)
    free = [
        am.place(
            [_candidate(16), _candidate(17, queued=40)],
            model,
            source="Web",
            attempt=2,
            rng=rng,
            capacity=10,
        ).chosen.hour
        for _ in range(20)
    ]
    assert free.count(16) >= 18


def test_the_why_names_the_figure_the_hour_the_source_and_what_it_beat():
    model = am.build(
        _calls("Google Ads", 1, 16, answered=46, missed=66)
        + _calls("Google Ads", 1, 10, answered=18, missed=82)
    )
    placement = am.place(
        [_candidate(10), _candidate(16)],
        model,
        source="Google Ads",
        attempt=2,
        rng=random.Random(2),
        capacity=10,
        compare_with=_candidate(10),
    )
    why = am.explain(placement, source="Google Ads")
    assert "answer rate 41 % Tue 16\N{EN DASH}17 h" in why
    assert "for Google Ads leads (112 attempts)" in why
    assert "vs 18 % at 10 h" in why


def test_no_candidates_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="no candidate"):
        am.place([], am.AnswerModel(), source="", attempt=2, rng=random.Random(0), capacity=1)
