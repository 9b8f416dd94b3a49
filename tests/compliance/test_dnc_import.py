"""`steadfast dnc_import`: the firm's internal do-not-call list into suppressions."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.compliance.models import Suppression
from steadfast.firms.models import Firm


def _run(path: Path, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("dnc_import", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _listed(firm: Firm) -> set[tuple[str, str]]:
    return set(
        Suppression.objects.filter(firm=firm, reason="internal_dnc").values_list("channel", "value")
    )


def test_it_imports_one_number_per_line_for_calls_and_texts(
    firm: Firm, other_firm: Firm, tmp_path: Path
) -> None:
    path = tmp_path / "dnc.txt"
    path.write_text("(312) 555-0142\n\n+1 414 555 0100\n")

    out, err = _run(path, "--firm", "lakeshore")

    assert _listed(firm) == {
        ("call", "+13125550142"),
        ("sms", "+13125550142"),
        ("call", "+14145550100"),
        ("sms", "+14145550100"),
    }
    assert not Suppression.objects.filter(firm=other_firm).exists()
    assert "2 numbers read, added 2, already listed 0, errors 0" in out
    assert err == ""


def test_it_reads_the_phone_column_of_a_csv_file(firm: Firm, tmp_path: Path) -> None:
    path = tmp_path / "dnc.csv"
    path.write_text("name,Phone,note\nJohn,312-555-0142,asked twice\n")

    _run(path)  # one firm: --firm may be left out

    assert _listed(firm) == {("call", "+13125550142"), ("sms", "+13125550142")}


def test_it_reports_each_bad_line_and_imports_the_rest(firm: Firm, tmp_path: Path) -> None:
    path = tmp_path / "dnc.txt"
    path.write_text("3125550142\nnot a number\n555\n")

    with pytest.raises(CommandError, match="2 lines were not a phone number"):
        _run(path)

    assert _listed(firm) == {("call", "+13125550142"), ("sms", "+13125550142")}


def test_it_adds_nothing_twice(firm: Firm, tmp_path: Path) -> None:
    path = tmp_path / "dnc.txt"
    path.write_text("+13125550142\n")
    _run(path)

    out, _ = _run(path)

    assert "added 0, already listed 1" in out
    assert Suppression.objects.filter(firm=firm).count() == 2


def test_it_saves_nothing_on_a_dry_run(firm: Firm, tmp_path: Path) -> None:
    path = tmp_path / "dnc.txt"
    path.write_text("+13125550142\n")

    out, _ = _run(path, "--dry-run")

    assert "would add 1" in out and "nothing was saved" in out
    assert not Suppression.objects.exists()


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, (), "no such file"),
        ("name,email\nJo,jo@example.com\n", (), "needs a 'phone' column"),
        ("+13125550142\n", ("--firm", "nope"), "no firm with slug 'nope'"),
    ],
)
def test_it_refuses_an_unusable_file_or_firm(
    firm: Firm, tmp_path: Path, content: str | None, args: tuple[str, ...], message: str
) -> None:
    path = tmp_path / "dnc.csv"
    if content is not None:
        path.write_text(content)

    with pytest.raises(CommandError, match=message):
        _run(path, *args)

    assert not Suppression.objects.exists()
