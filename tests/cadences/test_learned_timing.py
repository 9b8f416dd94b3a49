"""Learned call timing through the real engine: populations in scenarios, `--compare`, and
the contract of the default cadence under learned timing."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadfast.cadences.compare import compare
from steadfast.cadences.definition import DEFAULT_CADENCE
from steadfast.cadences.scenario import ScenarioError, load_scenario, population
from steadfast.cadences.simulation import simulate
from steadfast.engine.timing import is_business_day, legal_window_open
from steadfast.leads.validation import area_code_of
from tests.cadences.scenarios import FIRM, at, lead, one, touches
from tests.cadences.test_cadence_properties import HOURS, RULES, STATES, _business_days_between

CHICAGO = ZoneInfo("America/Chicago")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
THREE_CALLS = {
    "name": "Three calls",
    "caps": {"call": 3, "sms": 0, "email": 0},
    "steps": [
        {"n": 1, "action": "call", "template": "first_call_script"},
        {"n": 2, "action": "call", "start": "done", "of": 1, "business_days": 1,
         "other_part_of_day": True, "template": "second_call_script"},
        {"n": 3, "action": "call", "start": "done", "of": 2, "business_days": 1,
         "other_part_of_day": True, "template": "second_call_script"},
        {"n": 4, "action": "nurture", "business_days": 6},
    ],
}  # fmt: skip


def _population(answer: dict[str, float], count: int, **extra: Any) -> dict[str, Any]:
    return {
        "start": "2026-03-02T00:00:00",
        "until": "+14d",
        "seed": 11,
        "firm": {**FIRM, "business_hours": {"weekdays": "08:30-19:00"}, "agents": 2},
        "cadence": THREE_CALLS,
        "leads": [
            {
                "ref": "p",
                "count": count,
                "arrives": {"between": ["+0h", "+7d"]},
                "first_name": "Sam",
                "source": "Google Ads",
                "consent": ["call"],
                "behavior": {"answer_probability": answer, "voicemail": True},
            }
        ],
        **extra,
    }


def _load(data: dict[str, Any]):
    return load_scenario(yaml.safe_dump(data, sort_keys=False))


# --- the scenario format ---------------------------------------------------------------------


def test_a_count_expands_to_numbered_leads_in_the_firms_states_arriving_in_the_span():
    scenario = _load(_population({"default": 0.2}, 40))
    leads = population(scenario, random.Random(1))
    assert [x.ref for x in leads[:3]] == ["p-1", "p-2", "p-3"] and len(leads) == 40
    assert {x.state for x in leads} == {"IL", "WI"}
    for x in leads:
        assert area_code_of("+" + x.phone.lstrip("+")).state == x.state
    assert len({x.phone for x in leads}) == 40 and len({x.email for x in leads}) == 40
    start = scenario.start_at()
    arrivals = [datetime.fromisoformat(str(x.arrives)) for x in leads]
    assert all(start <= a <= start + timedelta(days=7) for a in arrivals)
    assert max(arrivals) - min(arrivals) > timedelta(days=5)  # spread, not bunched
    again = population(scenario, random.Random(1))
    assert [x.arrives for x in again] == [x.arrives for x in leads]  # the seed repeats it


def test_answer_probability_windows_are_lead_local_and_the_first_match_wins():
    scenario = _load(
        _population({"mon-fri 17:00-20:00": 0.5, "mon 17:00-18:00": 0.9, "default": 0.08}, 2)
    )
    behavior = scenario.leads[0].behavior
    assert behavior.answer_chance(datetime(2026, 3, 2, 17, 30)) == 0.5  # Monday: first match
    assert behavior.answer_chance(datetime(2026, 3, 6, 19, 59)) == 0.5  # Friday
    assert behavior.answer_chance(datetime(2026, 3, 7, 18, 0)) == 0.08  # Saturday
    assert behavior.answer_chance(datetime(2026, 3, 3, 20, 0)) == 0.08  # the end is excluded


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"answer_probability": {"weekdays 17:00-20:00": 0.5}}, "is not a day or range"),
        ({"answer_probability": {"mon-fri 17-20": 0.5}}, "is not a window like"),
        ({"answer_probability": {"default": 1.5}}, "less than or equal to 1"),
        ({"answers": [2]}, "use answers or answer_probability, not both"),
    ],
)
def test_a_bad_behavior_is_one_line_naming_the_field(change: dict[str, Any], message: str):
    data = _population({"default": 0.2}, 3)
    data["leads"][0]["behavior"].update(change)
    with pytest.raises(ScenarioError, match=message) as caught:
        _load(data)
    assert str(caught.value).startswith("leads[0].behavior")


def test_a_population_entry_refuses_a_fixed_phone_and_a_single_lead_a_span():
    data = _population({"default": 0.2}, 3)
    data["leads"][0]["phone"] = "+1 312 555 0142"
    with pytest.raises(ScenarioError, match=r"leads\[0\]: .*generated phones"):
        _load(data)
    single = {"start": "2026-03-02T09:00:00", "leads": [lead(arrives={"between": ["+0h", "+1d"]})]}
    with pytest.raises(ScenarioError, match="give the entry a count"):
        _load(single)


# --- the lift --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_learned_timing_reaches_clearly_more_evening_answerers_by_the_third_call():
    scenario = _load(_population({"mon-fri 17:00-20:00": 0.6, "default": 0.05}, 80, until="+12d"))
    result = compare(scenario, ["default", "learned"], seeds=1)["compare"]
    fixed, learned = (result[m]["contacted_by_call"][2] for m in ("default", "learned"))
    assert learned["ci95"][0] > fixed["ci95"][1], (fixed, learned)  # the intervals part
    assert result["lift"]["contacted_by_call_3"] == pytest.approx(
        learned["share"] - fixed["share"], abs=1e-3
    )
    assert result["learned"]["timing"] == "learned" and result["default"]["timing"] == "fixed"
    # The first call goes at once under both: the same share is reached by it.
    first = [result[m]["contacted_by_call"][0]["share"] for m in ("default", "learned")]
    assert abs(first[0] - first[1]) <= 0.03


@pytest.mark.django_db
def test_learned_timing_is_no_worse_when_leads_answer_at_any_hour():
    scenario = _load(_population({"default": 0.3}, 40))
    result = compare(scenario, ["default", "learned"], seeds=1)["compare"]
    fixed, learned = (result[m]["contacted_by_call"][2] for m in ("default", "learned"))
    assert learned["share"] >= fixed["ci95"][0], (fixed, learned)


@pytest.mark.django_db
def test_compare_prints_json_with_each_mode_and_the_lift(tmp_path: Path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(_population({"default": 0.3}, 12), sort_keys=False))
    call_command("simulate", str(path), "--compare", "default", "learned", "--seeds", "2", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["seeds"] == [11, 12] and out["leads"] == 12
    for mode in ("default", "learned"):
        rows = out["compare"][mode]["contacted_by_call"]
        assert [r["call"] for r in rows] == [1, 2, 3]
        assert all(r["ci95"][0] <= r["share"] <= r["ci95"][1] for r in rows)
        assert [r["share"] for r in rows] == sorted(r["share"] for r in rows)  # cumulative
        assert out["compare"][mode]["calls"] > 0
        assert "median_minutes_to_contact" in out["compare"][mode]
    assert "contacted_by_call_3" in out["compare"]["lift"]


@pytest.mark.django_db
def test_the_example_populations_load_and_are_repeatable():
    for name in ("evening-answerers.yaml", "uniform-answerers.yaml"):
        scenario = load_scenario((EXAMPLES / name).read_text())
        assert scenario.seed is not None
        leads = population(scenario, random.Random(scenario.seed))
        assert len(leads) >= 300


# --- the contract still holds ----------------------------------------------------------------


@pytest.mark.django_db
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    arrives=st.datetimes(min_value=datetime(2026, 1, 2), max_value=datetime(2027, 12, 1)),
    state=st.sampled_from(STATES),
)
def test_learned_timing_keeps_the_default_cadences_contract(arrives: datetime, state: str):
    from steadfast.leads.models import Lead

    start = arrives.replace(second=0, microsecond=0)
    scenario = {
        "start": start.isoformat(),
        "until": "+30d",
        "firm": {**FIRM, "states": STATES},
        "cadence": {**DEFAULT_CADENCE, "timing": "learned"},
        # Others first, so the model has some history when the lead's second call is placed.
        "leads": [
            lead(f"early{i}", arrives=f"+{i * 97}m", phone=f"+1 312 555 01{i:02d}",
                 behavior={"answers": [2] if i % 2 else []})
            for i in range(4)
        ] + [lead(state=state, arrives="+8h", phone="+1 312 555 0199")],
    }  # fmt: skip
    result = simulate(load_scenario(yaml.safe_dump(scenario)), seed=1)
    for item in result["leads"]:
        for call in (t for t in touches(item, "call") if t["step"]):
            when = at(call)
            zones = Lead.objects.get(pk=item["id"]).timezone_candidates
            from steadfast.engine.timing import LeadPlace

            place = LeadPlace(zones=tuple(zones), state=item_state(scenario, item["ref"]))
            assert legal_window_open(kind="call", at=when, lead=place, rules=RULES)[0], call
            local = when.astimezone(CHICAGO)
            assert is_business_day(HOURS, local.date()), call
            assert "08:30" <= local.strftime("%H:%M") < "18:00", call
    jane = one(result)
    by_step = {t["step"]: t for t in touches(jane) if t["step"]}
    if 4 in by_step:
        assert _business_days_between(at(by_step[1]), at(by_step[4])) == 1
        first, second = at(by_step[1], "lead_local"), at(by_step[4], "lead_local")
        gap = abs((first.hour * 60 + first.minute) - (second.hour * 60 + second.minute))
        assert gap >= 180
        assert "learned timing: answer rate" in by_step[4]["rule"]


def item_state(scenario: dict[str, Any], ref: str) -> str:
    return next(x["state"] for x in scenario["leads"] if x["ref"] == ref)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--compare", "default", "sometimes"], "--compare: 'sometimes' is not a timing"),
        (["--compare", "default", "learned", "--seeds", "0"], "--seeds: give a number of seeds"),
        (["--seeds", "3"], "--seeds: only with --compare"),
    ],
)
def test_bad_compare_options_are_one_line_and_status_2(
    tmp_path: Path, capsys, options: list[str], message: str
):
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(_population({"default": 0.3}, 2), sort_keys=False))
    with pytest.raises(SystemExit) as exit_info:
        call_command("simulate", str(path), *options)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err, err
