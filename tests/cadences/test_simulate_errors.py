"""`steadfast simulate` answers one line and status 2 for every file it cannot run."""

from __future__ import annotations

import pytest
from django.core.management import call_command

START = 'start: "2026-03-02T09:55:00"\n'
LEAD = '{ref: a, first_name: A, phone: "+13125550142", consent: [call, sms, email]'


def scenario(*, before: str = "", lead_extra: str = "") -> str:
    return START + before + f"leads: [{LEAD}{lead_extra}}}]\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            scenario(before="cadence: {steps: [{n: 1, action: sms}]}\n"),
            "cadence: step 1: a text needs a template",
        ),
        (
            scenario(before="cadence: {steps: [{n: 1, action: sms, template: nope}]}\n"),
            "cadence: step 1: there is no template 'nope'",
        ),
        (
            scenario(before="cadence: {steps: [{n: 1, action: sms, template: first_email}]}\n"),
            "cadence: step 1: the template 'first_email' is an email, not a text",
        ),
        (scenario(before='until: "+99999999d"\n'), "until: '99999999d' is too long"),
        (
            scenario(lead_extra=', arrives: "+99999999d"'),
            "leads[0].arrives: '99999999d' is too long",
        ),
        (
            scenario(before='cadence: {steps: [{n: 1, action: call, delay: "99999999d"}]}\n'),
            "cadence.steps[0].delay: '99999999d' is too long",
        ),
        (
            scenario(before='firm: {agent_delay: "99999999d"}\n'),
            "firm.agent_delay: '99999999d' is too long",
        ),
        (
            scenario(
                lead_extra=', behavior: {replies: [{after: "+99999999999s", channel: sms, '
                "text: hi}]}"
            ),
            "leads[0].behavior.replies[0].after: '99999999999s' is too long",
        ),
        (
            scenario(
                lead_extra=', behavior: {replies: [{after: "sms#1 +99999999d", channel: sms, '
                "text: hi}]}"
            ),
            "leads[0].behavior.replies[0].after: '99999999d' is too long",
        ),
        (
            'start: "9999-12-31T23:00:00"\n' + scenario()[len(START) :],
            "start: '9999-12-31T23:00:00' is out of range",
        ),
        (
            scenario(
                before="cadence: {steps: [{n: 1, action: call}, "
                "{n: 2, action: sms, start: done, of: 5, template: first_sms}]}\n"
            ),
            "cadence: step 2: of must name an earlier step",
        ),
        (
            scenario(
                before="cadence: {steps: [{n: 1, action: call}, "
                "{n: 3, action: sms, start: done, of: 2, template: first_sms}]}\n"
            ),
            "cadence: step 3: of names step 2, which does not exist",
        ),
        (scenario(before="cadence: fast\n"), "cadence: 'fast' is not a cadence"),
    ],
)
def test_it_answers_one_line_and_status_2(tmp_path, capsys, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(SystemExit) as exit_info:
        call_command("simulate", str(path))
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert message in err
