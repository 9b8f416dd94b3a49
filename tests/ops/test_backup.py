"""`steadfast backup` and `steadfast restore`: a backup taken while serving brings every lead
back; restore refuses what would do harm."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from steadfast.leads.models import Lead
from steadfast.ops.services import heartbeat_record

sqlite_only = pytest.mark.skipif(
    "postgres" in os.environ.get("DATABASE_URL", ""), reason="SQLite's backup API"
)


def _names() -> set[str]:
    return set(Lead.objects.values_list("first_name", flat=True))


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_restores_a_backup_with_every_lead(capture, tmp_path, capsys):
    for i in range(25):
        capture(first_name=f"Lead {i}", phone=f"+1 312 555 {i:04d}", state="IL")
    before = _names()
    backup = tmp_path / "steadfast-backup.sqlite3"
    call_command("backup", str(backup))
    assert f"Backed up 25 leads to {backup}" in capsys.readouterr().out
    assert backup.stat().st_mode & 0o077 == 0  # only the owner may read it

    capture(first_name="After the backup", phone="+1 312 555 9999", state="IL")
    Lead.objects.filter(first_name="Lead 3").delete()

    call_command("restore", str(backup))
    out = capsys.readouterr().out
    assert _names() == before
    assert "Restored 25 leads" in out
    kept = Path(out.split("is kept in ")[1].strip())
    with closing(sqlite3.connect(kept)) as old:  # what was replaced is not lost either
        names = {row[0] for row in old.execute("SELECT first_name FROM leads_lead")}
    assert "After the backup" in names


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_while_a_worker_runs(capture, tmp_path, now):
    capture(first_name="Jane", phone="+1 312 555 0142", state="IL")
    backup = tmp_path / "b.sqlite3"
    call_command("backup", str(backup))
    heartbeat_record(worker="host:1", now=now - timedelta(seconds=5), started_at=now)
    capture(first_name="Later", phone="+1 312 555 0143", state="IL")
    with pytest.raises(CommandError, match=r"Steadfast is running .*stop serve, web and worker"):
        call_command("restore", str(backup))
    assert _names() == {"Jane", "Later"}  # nothing changed


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_refuses_files_that_are_not_steadfast_backups(tmp_path, firm):
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE t (x)")
    with pytest.raises(CommandError, match="is not a SQLite database"):
        call_command("restore", str(text))
    with pytest.raises(CommandError, match="not a Steadfast database"):
        call_command("restore", str(other))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "missing.sqlite3"))
    with pytest.raises(CommandError, match="is the live database itself"):
        call_command("restore", connection.settings_dict["NAME"])


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_never_overwrites_a_file_with_a_backup(tmp_path, firm):
    existing = tmp_path / "keep.sqlite3"
    existing.write_text("precious")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "precious"


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_backup_from_a_newer_version(tmp_path, firm):
    backup = tmp_path / "b.sqlite3"
    call_command("backup", str(backup))
    with closing(sqlite3.connect(backup)) as db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('leads', '9999_from_the_future', '2030-01-01')"
        )
        db.commit()
    with pytest.raises(CommandError, match=r"newer Steadfast .*leads\.9999_from_the_future"):
        call_command("restore", str(backup))


@pytest.mark.skipif("postgres" not in os.environ.get("DATABASE_URL", ""), reason="PostgreSQL")
@pytest.mark.django_db
def test_it_gives_the_pg_dump_recipe_on_postgresql(tmp_path):
    with pytest.raises(CommandError, match="pg_dump --format=custom"):
        call_command("backup", str(tmp_path / "b"))
    with pytest.raises(CommandError, match="pg_restore --clean"):
        call_command("restore", str(tmp_path / "b"))
