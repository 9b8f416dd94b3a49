"""Provider error codes: what each one means for the lead's channels."""

from __future__ import annotations

import pytest

from steadfast.channels.codes import CODES, code_meaning


@pytest.mark.parametrize(
    ("code", "outcome", "dead", "reason"),
    [
        ("30003", "undelivered", None, ""),  # phone off: try again later
        ("30005", "undelivered", "phone", "bad_phone"),  # no such number: calls and texts end
        ("30006", "undelivered", "sms", "bad_phone"),  # landline: texts end, calls go on
        ("21610", "undelivered", "sms_opt_out", ""),  # STOP at the carrier: an opt-out
        ("21614", "undelivered", "sms", "bad_phone"),  # not a mobile number
        ("13224", "disconnected", "phone", "disconnected"),
        ("404", "disconnected", "phone", "disconnected"),
        ("550", "bounced", "email", "bad_email"),
        ("5.1.1", "bounced", "email", "bad_email"),
        ("552", "bounced", None, ""),  # mailbox full is temporary
    ],
)
def test_it_maps_each_code_to_an_outcome_and_a_dead_channel(
    code: str, outcome: str, dead: str | None, reason: str
) -> None:
    meaning = code_meaning(code)

    assert meaning is not None
    assert (meaning.outcome, meaning.dead, meaning.reason) == (outcome, dead, reason)
    assert meaning.meaning


def test_it_accepts_numbers_and_ignores_unknown_codes() -> None:
    assert code_meaning(30005) is CODES["30005"]
    assert code_meaning(" 30006 ") is CODES["30006"]
    assert code_meaning("99999") is None
    assert code_meaning("") is None
    assert code_meaning(None) is None
