"""`steadfast simulate FILE.yaml [--json]` as a person runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_it_runs_an_example_and_prints_only_json_on_stdout():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "steadfast",
            "simulate",
            str(EXAMPLES / "jane-answers-second-call.yaml"),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    jane = result["leads"][0]
    assert jane["ref"] == "jane" and jane["status"] == "engaged"
    calls = [t for t in jane["touches"] if t["channel"] == "call"]
    assert [c["outcome"] for c in calls][-1] == "connected"
    assert result["summary"]["engaged"] == 1
    first = jane["touches"][0]
    assert first["at"].endswith("-06:00") and first["lead_local"].endswith("-06:00")


def test_every_example_scenario_is_valid():
    from steadfast.cadences.scenario import load_scenario

    files = sorted(EXAMPLES.glob("*.yaml"))
    assert len(files) >= 3
    for path in files:
        load_scenario(path.read_text())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("start: [", "not valid YAML"),
        ("- 1\n- 2", "must be a YAML mapping"),
        ("leads: [{ref: a, first_name: A, phone: '+13125550142'}]", "start: Field required"),
        (
            "start: '2026-03-02T09:00'\nleads: [{ref: a, first_name: A}]",
            "leads[0]: a lead needs a phone or an email",
        ),
        (
            "start: '2026-03-02T09:00'\nleads: [{ref: a, first_name: A, phone: '+13125550142', "
            "behavior: {phone: broken}}]",
            "leads[0].behavior.phone: Input should be",
        ),
        (
            "start: '2026-03-02T09:00'\nfirm: {timezone: Mars/Olympus}\n"
            "leads: [{ref: a, first_name: A, phone: '+13125550142'}]",
            "firm.timezone:",
        ),
        (
            "start: '2026-03-02T09:00'\nuntil: '-1d'\n"
            "leads: [{ref: a, first_name: A, phone: '+13125550142'}]",
            "until:",
        ),
        (
            "start: '2026-03-02T09:00'\nleads: [{ref: a, first_name: A, phone: '+13125550142', "
            "behavior: {replies: [{after: 'later', channel: sms, text: hi}]}}]",
            "leads[0].behavior.replies[0].after:",
        ),
    ],
)
def test_a_bad_scenario_gets_one_line_naming_the_field_and_status_2(
    tmp_path, capsys, text, message
):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(SystemExit) as exit_info:
        call_command("simulate", str(path))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert message in err
