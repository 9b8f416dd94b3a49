"""`steadfast import FILE.csv --source NAME`: the API's rules, row by row, from a file."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from steadfast import cli
from steadfast.audit.models import AuditEvent
from steadfast.compliance.models import ConsentRecord
from steadfast.leads.models import Lead, LeadSource

HEADER = "external_id,first_name,last_name,phone,email,state,zip,message,submitted_at"


@pytest.fixture
def write(tmp_path: Path):
    def make(text: str | bytes, name: str = "leads.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8", newline="")
        else:
            path.write_bytes(text)
        return path

    return make


def run(path: Path, *args: str, source: str = "InjuryLeads Co") -> tuple[str, str, Any]:
    out, err = StringIO(), StringIO()
    try:
        call_command("import_leads", str(path), "--source", source, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def test_it_imports_an_excel_csv_with_consent_evidence_from_the_file(write, source: LeadSource):
    path = write(
        "\ufeffexternal_id,first_name,last_name,phone,email,state,zip,practice_area,message,"
        "submitted_at,consent_call,consent_sms,consent_email,consent_text\r\n"
        'V-1,Jane,Doe,(312) 555-0142,jane@example.com,IL,60601,personal_injury,"Rear-ended '
        'on I-90,\r\nneck hurts",2026-03-01T10:00:00-06:00,Yes,TRUE,0,"I agree to calls and '
        'texts from Lakeshore Injury Law"\r\n'
        "V-2,Omar,Haddad,,omar@example.com,WI,,,,,no,,1,\r\n"
    )

    out, err, error = run(path)

    assert error is None
    jane = Lead.objects.get(external_id="V-1")
    assert (jane.first_name, jane.phone, jane.jurisdiction_state) == ("Jane", "+13125550142", "IL")
    assert jane.message == "Rear-ended on I-90,\r\nneck hurts"
    assert jane.submitted_at.isoformat() == "2026-03-01T16:00:00+00:00"
    consents = {c.channel: c for c in ConsentRecord.objects.filter(lead=jane)}
    assert set(consents) == {"call", "sms"}
    assert consents["call"].source == "csv"
    assert consents["call"].text_shown == "I agree to calls and texts from Lakeshore Injury Law"
    omar = Lead.objects.get(external_id="V-2")
    assert [c.channel for c in ConsentRecord.objects.filter(lead=omar)] == ["email"]
    assert "  created: 2" in out
    assert "  rejected rows: 0" in out
    assert "2/2" in err  # the progress bar


def test_it_reports_each_bad_row_and_imports_the_others(write, source: LeadSource):
    path = write(
        HEADER + ",consent_sms\n"
        "A-1,Jane,,3125550142,,IL,,,,yes\n"
        "A-2,,Nobody,3125550143,,IL,,,,\n"
        "A-3,Bo,,,,IL,,,,\n"
        "A-4,Cy,,3125550144,,IL,,,2026-03-01 10:00,maybe\n"
        f"A-5,{'x' * 101},,3125550145,,IL,,,,\n"
        "A-6,Di,,3125550146,,IL,,,,\n"
    )

    out, _, error = run(path)

    assert out.splitlines()[:5] == [
        "row 3: first_name: must not be empty",
        "row 4: phone/email: a lead needs a phone number or an email address",
        "row 5: consent_sms: must be yes, no, true, false, 1, 0 or blank",
        "row 5: submitted_at: needs a UTC offset, e.g. 2026-03-02T10:00:00-06:00",
        "row 6: first_name: String should have at most 100 characters",
    ]
    assert "  created: 2" in out
    assert "  rejected rows: 4" in out
    assert sorted(Lead.objects.values_list("external_id", flat=True)) == ["A-1", "A-6"]
    assert error is not None and error.returncode == 1
    assert "4 rows were rejected" in str(error)


def test_it_stores_a_lead_with_only_a_malformed_phone_as_invalid_with_evidence(
    write, source: LeadSource
):
    path = write(HEADER + "\nB-1,Jane,,555-01,,IL,,,\nB-2,Tom,,2145550100,,TX,,,\n")

    out, _, error = run(path)

    assert error is None
    bad = Lead.objects.get(external_id="B-1")
    assert (bad.status, bad.status_reason) == ("invalid", "bad_phone")
    assert bad.checks.get(kind="phone").evidence["raw"] == "555-01"
    texan = Lead.objects.get(external_id="B-2")
    assert (texan.status, texan.status_reason) == ("invalid", "out_of_jurisdiction")
    assert "row 2: stored as invalid (bad_phone): '555-01' has the wrong number of digits" in out
    assert "row 3: stored as invalid (out_of_jurisdiction): TX is not among" in out
    assert "  stored as invalid: 2 (bad_phone 1, out_of_jurisdiction 1)" in out
    assert "  created: 0" in out


def test_it_creates_nothing_new_when_the_same_file_runs_again(write, source: LeadSource):
    path = write(HEADER + "\nC-1,Jane,,3125550142,,IL,,,\n,Walk,In,3125550199,,IL,,At the fair,\n")
    run(path)
    leads = Lead.objects.count()
    audit = AuditEvent.objects.count()

    out, _, error = run(path)

    assert error is None
    assert Lead.objects.count() == leads == 2
    assert AuditEvent.objects.count() == audit
    assert "  created: 0" in out
    assert "  already present: 2" in out
    # Without an external_id, only the very same details are the same row.
    other = write(
        HEADER
        + "\n,Walk,In,3125550199,,IL,,At the fair!,\n,Walk,Out,3125550199,,IL,,At the fair,\n",
        "more.csv",
    )
    out, _, _ = run(other)
    assert "  created: 0" in out and "  stored as invalid: 2 (duplicate 2)" in out


def test_it_keeps_external_ids_apart_per_source(write, source: LeadSource, firm, now):
    from steadfast.leads.services import source_create

    source_create(firm=firm, name="Trade Show", now=now)
    path = write(HEADER + "\nD-1,Jane,,,jane@example.com,IL,,,\n")
    run(path)

    out, _, _ = run(path, source="trade show")

    assert "  already present: 0" in out
    assert Lead.objects.filter(external_id="D-1").count() == 2


def test_it_dry_run_reports_what_would_happen_and_saves_nothing(write, source: LeadSource):
    path = write(
        HEADER + "\n"
        "E-1,Jane,,3125550142,,IL,,,\n"
        "E-1,Jane,,3125550142,,IL,,,\n"
        "E-2,Janet,,312-555-0142,,IL,,,\n"
        "E-3,,,3125550100,,IL,,,\n"
        "E-4,Sam,,3125550177,,IL,,,\n"
    )
    audit = AuditEvent.objects.count()

    out, _, error = run(path, "--dry-run")

    assert out.splitlines() == [
        "row 3: already present: same lead as row 2",
        "row 4: stored as invalid (duplicate): same phone or email as row 2",
        "row 5: first_name: must not be empty",
        "Dry run: nothing was saved. Importing leads.csv into 'InjuryLeads Co' "
        "(Lakeshore Injury Law) would give:",
        "  rows read: 5",
        "  created: 2",
        "  already present: 1",
        "  stored as invalid: 1 (duplicate 1)",
        "  rejected rows: 1",
    ]
    assert error is not None and "rejected by the dry run" in str(error)
    assert Lead.objects.count() == 0
    assert ConsentRecord.objects.count() == 0
    assert AuditEvent.objects.count() == audit

    # And the real run does what the dry run said.
    real, _, _ = run(path)
    real_lines, dry_lines = real.splitlines(), out.splitlines()
    del real_lines[3], dry_lines[3]
    assert real_lines == dry_lines


def test_it_reads_semicolons_excel_sep_lines_and_blank_rows(write, source: LeadSource):
    path = write(
        "sep=;\r\n"
        "First Name;Last Name;Phone;State;;\r\n"
        "Jane;O'Neil;312 555 0142;Illinois;;\r\n"
        ";;;;;\r\n"
        '"Ann; Marie";"Smith";3125550143;IL;;\r\n'
    )

    out, _, error = run(path)

    assert error is None, out
    assert sorted(Lead.objects.values_list("first_name", flat=True)) == ["Ann; Marie", "Jane"]
    assert Lead.objects.get(first_name="Jane").stated_state == "IL"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HEADER + ",fax\nF-1,Jane,,3125550142,,,,,,1\n", "unknown column 'fax'; the columns are"),
        (
            "first_name;phone\nJan;3125550142\n".encode("latin-1").replace(b"Jan", b"J\xe9n"),
            "is not UTF-8 text (byte 0xe9 at offset 18)",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "is not a CSV file (it contains NUL bytes)"),
        ("", "is empty; the first row must name the columns"),
        ("last_name,phone\nDoe,3125550142\n", "has no first_name column"),
        ("first_name,state\nJane,IL\n", "needs a phone or an email column"),
        ("first_name,phone,phone\nJane,1,2\n", "column 'phone' appears twice"),
        ("first_name,phone\x00\n", "is not a CSV file (it contains NUL bytes)"),
    ],
)
def test_it_refuses_an_unusable_file_with_exit_status_2(
    write, source: LeadSource, content: str | bytes, message: str
):
    _, _, error = run(write(content))

    assert error is not None and error.returncode == 2
    assert message in str(error)
    assert "\n" not in str(error)
    assert Lead.objects.count() == 0


def test_it_refuses_a_missing_file_and_an_unknown_source(tmp_path: Path, write, source):
    _, _, missing = run(tmp_path / "nope.csv")
    assert missing.returncode == 2
    assert str(missing).endswith("nope.csv: no such file")

    _, _, unknown = run(write(HEADER + "\n"), source="Google Ads")
    assert unknown.returncode == 2
    assert str(unknown) == (
        "--source: Lakeshore Injury Law has no source named 'Google Ads' "
        "(sources: 'InjuryLeads Co')"
    )


def test_it_never_imports_into_another_firms_source(write, source, other_source_and_key):
    path = write(HEADER + "\nG-1,Jane,,3125550142,,IL,,,\n")

    _, _, several = run(path)
    _, _, foreign = run(path, "--firm", "harbor")

    assert several.returncode == 2 and "several firms" in str(several)
    assert foreign.returncode == 2 and "Harbor Family Law has no source named" in str(foreign)
    assert Lead.objects.count() == 0
    _, _, ok = run(path, "--firm", "lakeshore")
    assert ok is None and Lead.objects.get().firm.slug == "lakeshore"


def test_the_steadfast_command_prints_one_line_and_exits_2(write, source, capsys):
    path = write(HEADER + ",fax\n")

    with pytest.raises(SystemExit) as exit_:
        cli.main(["steadfast", "import", str(path), "--source", "InjuryLeads Co"])

    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("CommandError: leads.csv: unknown column 'fax'")


def test_it_stops_after_the_batch_in_hand_on_sigterm_and_a_rerun_imports_the_rest(
    write, source: LeadSource, monkeypatch
):
    import signal

    from steadfast.leads import importing

    rows = "".join(f"S-{i},Lead{i},Doe,(312) 555-01{i:02d},,IL,,,\r\n" for i in range(6))
    path = write(HEADER + "\r\n" + rows)
    # Rows are stored a batch at a time: the batch in hand is finished, then the import stops.
    monkeypatch.setattr(importing, "BATCH_ROWS", 2)
    real_store_batch = importing._store_batch
    seen = []

    def store_batch_then_sigterm(**kwargs: Any) -> Any:
        seen.append(1)
        if len(seen) == 1:  # the supervisor stops us while the first batch is being stored
            signal.raise_signal(signal.SIGTERM)
        return real_store_batch(**kwargs)

    def no_handler(signum: int, frame: Any) -> None:
        raise RuntimeError("SIGTERM was not handled by the import")

    monkeypatch.setattr(importing, "_store_batch", store_batch_then_sigterm)
    previous = signal.signal(signal.SIGTERM, no_handler)  # not the default: it would end pytest
    try:
        out, _, error = run(path)
    finally:
        signal.signal(signal.SIGTERM, previous)

    assert error is not None and error.returncode == 128 + signal.SIGTERM
    assert "Stopped after row 2: 2 created" in out
    assert Lead.objects.count() == 2
    monkeypatch.setattr(importing, "_store_batch", real_store_batch)
    out, _, error = run(path)
    assert error is None
    assert "  created: 4" in out and "  already present: 2" in out
    assert Lead.objects.count() == 6


def test_postgresql_stores_a_file_in_larger_batches_than_sqlite(
    write, source: LeadSource, monkeypatch: pytest.MonkeyPatch
):
    # Each batch costs its statements and a commit whatever its size; only SQLite's single
    # writer lock keeps its batches small.
    from django.db import connection

    from steadfast.leads import importing

    monkeypatch.setattr(importing, "BATCH_ROWS", 6)
    monkeypatch.setattr(importing, "BATCH_ROWS_SQLITE", 2)
    stored = []
    real_store_batch = importing._store_batch

    def counted(**kwargs: Any) -> Any:
        stored.append(len(kwargs["checked"]))
        return real_store_batch(**kwargs)

    monkeypatch.setattr(importing, "_store_batch", counted)
    rows = "".join(f"G-{i},Lead{i},Doe,(312) 555-01{i:02d},,IL,,,\r\n" for i in range(6))

    assert run(write(HEADER + "\r\n" + rows))[2] is None

    assert stored == ([2, 2, 2] if connection.vendor == "sqlite" else [6])
    assert Lead.objects.count() == 6


def test_it_reports_every_bad_row_of_every_batch_and_imports_each_good_one_once(
    write, source: LeadSource, monkeypatch: pytest.MonkeyPatch
):
    from steadfast.leads import importing

    monkeypatch.setattr(importing, "BATCH_ROWS", 3)
    rows = [
        f"B-{i},{'' if i % 4 == 1 else f'P{i}'},,312555{1000 + i},,IL,,,,"
        + ("maybe" if i == 6 else "")
        for i in range(1, 11)
    ]
    path = write(HEADER + ",consent_sms\n" + "\n".join([*rows, rows[1]]) + "\n")

    out, _, error = run(path)
    again, _, _ = run(path)

    bad = [
        "row 2: first_name: must not be empty",
        "row 6: first_name: must not be empty",
        "row 7: consent_sms: must be yes, no, true, false, 1, 0 or blank",
        "row 10: first_name: must not be empty",
        "row 12: already present: same lead as row 3",
    ]
    assert out.splitlines()[:5] == bad
    assert "  rows read: 11" in out and "  created: 6" in out and "  rejected rows: 4" in out
    assert sorted(Lead.objects.values_list("external_id", flat=True)) == [
        "B-10", "B-2", "B-3", "B-4", "B-7", "B-8"
    ]  # fmt: skip
    assert error is not None and "4 rows were rejected" in str(error)
    assert "  created: 0" in again and "  already present: 7" in again
    assert Lead.objects.count() == 6


def test_it_reads_the_separator_from_a_very_long_header_row(write, source: LeadSource):
    # csv.Sniffer's backtracking took minutes on a header row this long.
    header = ";".join(["first_name", "phone", *(f"extra_{i}" for i in range(9000))])

    _, _, error = run(write(header + "\nJane;3125550142\n"))

    assert error is not None and error.returncode == 2
    assert "unknown columns 'extra_0', 'extra_1'" in str(error)


def test_a_file_says_who_asked_for_the_newsletter_and_whose_wording_names_the_firm(
    write, source: LeadSource
):
    path = write(
        "external_id,first_name,email,state,consent_email,consent_newsletter,consent_text\r\n"
        "N-1,Nia,nia@example.com,IL,yes,yes,Lakeshore Injury Law may email me its newsletter\r\n"
        "N-2,Ola,ola@example.com,IL,yes,,A lawyer may email me\r\n"
    )

    assert run(path)[2] is None
    nia, ola = Lead.objects.get(external_id="N-1"), Lead.objects.get(external_id="N-2")
    assert nia.newsletter_opt_in_at is not None and ola.newsletter_opt_in_at is None
    assert (nia.initiated_by, ola.initiated_by) == ("vendor_named", "vendor")


def test_a_long_file_checked_in_a_second_process_gives_what_one_process_gives(
    write, source: LeadSource, now, monkeypatch: pytest.MonkeyPatch
):
    from steadfast.leads import importing
    from steadfast.leads.services import source_create
    from tests.conftest import make_firm

    other_firm = make_firm(slug="other", name="Other Injury Law")
    source_create(firm=other_firm, name="InjuryLeads Co", now=now)
    monkeypatch.setattr(importing, "BATCH_ROWS", 3)
    rows = [
        "A-1,Ana,,(312) 555-0101,,IL,,Tuve un accidente de coche ayer y necesito un abogado,",
        "A-2,,,(312) 555-0102,,IL,,,",  # no first name
        "A-3,Ben,,(312) 555-0101,,IL,,,",  # Ana's phone: a duplicate
        "A-4,Cy,,555,,IL,,,",  # a malformed phone only
        "A-5,Di,,(305) 555-0142,,FL,,,",  # out of the firm's states
        "A-6,Ed,,,,IL,,,",  # no phone, no email
        "A-1,Ana,,(312) 555-0101,,IL,,Tuve un accidente de coche ayer y necesito un abogado,",
        "A-1,Anna,,(312) 555-0101,,IL,,,",  # the same external_id, other details
        ",Fay,,(312) 555-0107,fay@example.com,WI,53202,,",
        ",Fay,,(312) 555-0107,fay@example.com,WI,53202,,",  # the same row again
        "A-9,Gus,,(312) 555-0109,gus@,IL,,,2031-01-01T00:00:00+00:00",  # from the future
        "A-10,Hal,,+44 20 7946 0958,hal@example.com,IL,,,",
    ]
    path = write(HEADER + "\n" + "\n".join(rows) + "\n")
    out_here, _, error_here = run(path, "--firm", "lakeshore")

    monkeypatch.setattr(importing, "PARALLEL_FROM_ROWS", 0)
    checked_there = []
    result = importing._Checker.result

    def counted(self: Any, *args: Any) -> Any:
        checked_there.append(1)
        return result(self, *args)

    monkeypatch.setattr(importing._Checker, "result", counted)
    out_there, _, error_there = run(path, "--firm", "other")

    assert len(checked_there) == 4  # every batch was checked by the second process
    # What the comparison stands on: the schema's, the checks' and the store's findings.
    assert "row 3: first_name: must not be empty" in out_here
    assert "row 7: phone/email: a lead needs a phone number or an email address" in out_here
    assert "row 6: stored as invalid (out_of_jurisdiction)" in out_here
    assert "row 12: submitted_at: 2031-01-01T00:00:00+00:00 is not a time" in out_here

    def same(out: str, firm: str) -> str:
        return re.sub(r"lead #?\d+", "lead N", out.replace(firm, "F"))

    assert same(out_there, "Other Injury Law") == same(out_here, "Lakeshore Injury Law")
    assert str(error_there) == str(error_here)

    def leads(slug: str) -> list[Any]:
        return sorted(
            Lead.objects.filter(firm__slug=slug).values_list(
                "external_id", "first_name", "status", "status_reason", "phone", "email",
                "language", "timezone", "jurisdiction_state", "intake_fingerprint",
            ),
            key=str,
        )  # fmt: skip

    assert leads("other") == leads("lakeshore")
    assert len(leads("other")) == 6


def test_rows_of_earlier_batches_are_named_in_the_report(
    write, source: LeadSource, monkeypatch: pytest.MonkeyPatch
):
    # Which row created each lead is kept on disk batch by batch, not in a dict of every lead.
    from steadfast.leads import importing

    monkeypatch.setattr(importing, "BATCH_ROWS", 2)
    rows = [f"D-{i},P{i},,312555{1000 + i},,IL,,,," for i in range(1, 8)]
    rows.append("D-8,Other,,312555" + "1002,,IL,,,,")  # the phone of row 3 (D-2)
    rows.append(rows[0])  # D-1 again
    path = write(HEADER + "\n" + "\n".join(rows) + "\n")

    out, _, _ = run(path)

    assert out.splitlines()[:2] == [
        "row 9: stored as invalid (duplicate): same phone or email as row 3",
        "row 10: already present: same lead as row 2",
    ]


def test_report_lines_kept_in_a_file_come_back_in_order() -> None:
    from steadfast.leads.importing import ReportLines

    lines = ReportLines()
    written = [f"row {n}: first_name: must not be empty {'x' * 100}" for n in range(20_000)]
    written[7] = "row 9: a line\nwith a line break"
    lines.extend(written)

    assert lines._file._rolled  # past a megabyte: on disk
    assert len(lines) == 20_000
    assert list(lines) == written
    assert list(lines) == written  # read again
