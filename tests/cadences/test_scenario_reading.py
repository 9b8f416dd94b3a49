"""A scenario file is read with libyaml's parser where PyYAML has it, with the same values and
the same messages as the pure-Python parser's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from steadfast.cadences import scenario as module
from steadfast.cadences.scenario import ScenarioError, load_scenario

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_it_reads_a_scenario_with_libyaml(monkeypatch):
    text = (EXAMPLES / "mixed-batch.yaml").read_text()
    expected = load_scenario(text)

    def slow(text: str) -> object:
        raise AssertionError("read with the pure-Python parser")

    monkeypatch.setattr(module.yaml, "safe_load", slow)

    assert load_scenario(text) == expected


def test_a_mistake_is_placed_on_the_line_the_pure_python_parser_names():
    # libyaml places an unclosed list on the line after it.
    with pytest.raises(ScenarioError, match=r"not valid YAML at line 1$"):
        load_scenario("start: [")
